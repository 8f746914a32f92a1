package io.github.broadleafmeta.admin.dashboard;

import io.github.broadleafmeta.core.outbox.HourlyCount;
import io.github.broadleafmeta.core.outbox.OutboxStatus;
import org.springframework.web.util.HtmlUtils;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Events per hour as a stacked bar chart: one inline SVG drawn on the server (the admin may have no internet, so
 * no chart library). Every text in it is XML-escaped. Outcomes group the outbox statuses the way an operator
 * reads them.
 */
public final class HourlyChart {

    /** A bar segment colour and the statuses it stands for. */
    public enum Outcome {
        SENT("sent", "#3c9a5f", OutboxStatus.SENT),
        RETRYING("waiting / retrying", "#e0a030", OutboxStatus.PENDING, OutboxStatus.IN_FLIGHT),
        REJECTED("rejected", "#c8413b", OutboxStatus.REJECTED),
        EXPIRED("expired", "#8e5a9b", OutboxStatus.EXPIRED),
        HELD("held (credentials)", "#d4652f", OutboxStatus.HELD_CREDENTIALS),
        DRY_RUN("dry run", "#8a99a6", OutboxStatus.DRY_RUN),
        NOT_CONFIRMED("not confirmed", "#5c6f80", OutboxStatus.NOT_CONFIRMED);

        private final String label;
        private final String color;
        private final List<OutboxStatus> statuses;

        Outcome(String label, String color, OutboxStatus... statuses) {
            this.label = label;
            this.color = color;
            this.statuses = Collections.unmodifiableList(Arrays.asList(statuses));
        }

        public String label() {
            return label;
        }

        public String color() {
            return color;
        }

        public static Outcome of(OutboxStatus status) {
            for (Outcome o : values()) {
                if (o.statuses.contains(status)) {
                    return o;
                }
            }
            throw new IllegalArgumentException("no outcome for " + status);
        }
    }

    static final int WIDTH = 760;
    static final int HEIGHT = 240;
    private static final int LEFT = 44;
    private static final int RIGHT = 10;
    private static final int TOP = 30;
    private static final int BOTTOM = 28;

    private HourlyChart() {
    }

    /**
     * @param counts rows per creation hour and status (any order; hours outside the window are ignored)
     * @param now    the chart covers the {@code hours} hours up to and including the current one
     */
    public static String svg(List<HourlyCount> counts, Instant now, int hours) {
        if (hours < 1 || hours > 24 * 14) {
            throw new IllegalArgumentException("hours must be 1..336, was " + hours);
        }
        Instant lastHour = now.truncatedTo(ChronoUnit.HOURS);
        Instant firstHour = lastHour.minus(hours - 1, ChronoUnit.HOURS);
        List<Map<Outcome, Long>> buckets = new ArrayList<Map<Outcome, Long>>(hours);
        for (int i = 0; i < hours; i++) {
            buckets.add(new EnumMap<Outcome, Long>(Outcome.class));
        }
        for (HourlyCount c : counts) {
            long index = ChronoUnit.HOURS.between(firstHour, c.hourStart());
            if (index < 0 || index >= hours || c.count() <= 0) {
                continue;
            }
            Map<Outcome, Long> b = buckets.get((int) index);
            Outcome o = Outcome.of(c.status());
            Long prev = b.get(o);
            b.put(o, (prev == null ? 0L : prev) + c.count());
        }
        long max = 0;
        long total = 0;
        for (Map<Outcome, Long> b : buckets) {
            long sum = 0;
            for (long v : b.values()) {
                sum += v;
            }
            max = Math.max(max, sum);
            total += sum;
        }
        long scaleMax = niceCeiling(max);

        StringBuilder svg = new StringBuilder(4096);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"meta-chart\" data-test=\"hourly-chart\" ")
                .append("width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ")
                .append(WIDTH).append(' ').append(HEIGHT).append("\" role=\"img\" aria-label=\"")
                .append(HtmlUtils.htmlEscape("Events per hour by outcome, last " + hours + " hours: " + total + " events"))
                .append("\">");
        svg.append("<title>").append(HtmlUtils.htmlEscape("Events per hour by outcome (last " + hours + " hours, UTC)"))
                .append("</title>");
        // Legend.
        int lx = LEFT;
        for (Outcome o : Outcome.values()) {
            svg.append("<rect x=\"").append(lx).append("\" y=\"8\" width=\"10\" height=\"10\" fill=\"")
                    .append(o.color).append("\"/>");
            svg.append("<text x=\"").append(lx + 14).append("\" y=\"17\" font-size=\"11\" fill=\"#333\">")
                    .append(HtmlUtils.htmlEscape(o.label)).append("</text>");
            lx += 20 + o.label.length() * 6;
        }
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        int baseY = TOP + plotH;
        // Axis and grid: 0, half, max.
        for (int i = 0; i <= 2; i++) {
            long value = scaleMax * i / 2;
            int y = baseY - (int) Math.round(plotH * (i / 2.0));
            svg.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(y).append("\" x2=\"")
                    .append(WIDTH - RIGHT).append("\" y2=\"").append(y)
                    .append("\" stroke=\"#ddd\" stroke-width=\"1\"/>");
            svg.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(y + 4)
                    .append("\" font-size=\"10\" fill=\"#666\" text-anchor=\"end\">").append(value).append("</text>");
        }
        double slot = plotW / (double) hours;
        double barW = Math.max(1.0, slot * 0.75);
        for (int i = 0; i < hours; i++) {
            Map<Outcome, Long> b = buckets.get(i);
            double x = LEFT + i * slot + (slot - barW) / 2;
            double y = baseY;
            Instant hour = firstHour.plus(i, ChronoUnit.HOURS);
            for (Outcome o : Outcome.values()) {
                Long v = b.get(o);
                if (v == null || v == 0 || scaleMax == 0) {
                    continue;
                }
                double h = plotH * (v / (double) scaleMax);
                y -= h;
                svg.append("<rect class=\"bar\" data-outcome=\"").append(o.name().toLowerCase(Locale.ROOT))
                        .append("\" data-count=\"").append(v).append("\" x=\"").append(fmt(x)).append("\" y=\"")
                        .append(fmt(y)).append("\" width=\"").append(fmt(barW)).append("\" height=\"")
                        .append(fmt(h)).append("\" fill=\"").append(o.color).append("\"><title>")
                        .append(HtmlUtils.htmlEscape(hourLabel(hour) + " UTC: " + v + " " + o.label)).append("</title></rect>");
            }
            if (i % Math.max(1, hours / 8) == 0 || i == hours - 1) {
                svg.append("<text x=\"").append(fmt(LEFT + i * slot + slot / 2)).append("\" y=\"")
                        .append(baseY + 16).append("\" font-size=\"10\" fill=\"#666\" text-anchor=\"middle\">")
                        .append(HtmlUtils.htmlEscape(hourLabel(hour))).append("</text>");
            }
        }
        if (total == 0) {
            svg.append("<text x=\"").append(LEFT + plotW / 2).append("\" y=\"").append(TOP + plotH / 2)
                    .append("\" font-size=\"13\" fill=\"#999\" text-anchor=\"middle\">")
                    .append("No events in this period</text>");
        }
        svg.append("</svg>");
        return svg.toString();
    }

    private static String hourLabel(Instant hour) {
        int h = hour.atOffset(ZoneOffset.UTC).getHour();
        return (h < 10 ? "0" : "") + h + ":00";
    }

    /** 1, 2, 5 × 10^n at or above {@code max}; at least 5 so that small counts do not fill the plot. */
    static long niceCeiling(long max) {
        if (max <= 5) {
            return 5;
        }
        long magnitude = 1;
        while (magnitude * 10 <= max) {
            magnitude *= 10;
        }
        for (long step : new long[] {1, 2, 5, 10}) {
            if (step * magnitude >= max) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
