package io.github.broadleafmeta.admin.reconcile;

import io.github.broadleafmeta.core.reconcile.Reconciliation;
import io.github.broadleafmeta.core.reconcile.ReconciliationReport;
import io.github.broadleafmeta.core.reconcile.Share;
import org.springframework.web.util.HtmlUtils;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Submitted orders and accepted Purchases per hour or day, side by side, with the share above each bucket: an
 * inline SVG drawn on the server like the dashboard's chart (no chart library; the admin may have no internet).
 * Every text is XML-escaped.
 */
public final class ReconciliationChart {

    static final int WIDTH = 760;
    static final int HEIGHT = 240;
    static final String SUBMITTED_COLOR = "#9aa8b5";
    static final String ACCEPTED_COLOR = "#3c9a5f";
    private static final int LEFT = 44;
    private static final int RIGHT = 10;
    private static final int TOP = 36;
    private static final int BOTTOM = 28;
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:00", Locale.ROOT);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MM-dd", Locale.ROOT);

    private ReconciliationChart() {
    }

    public static String svg(ReconciliationReport report) {
        List<ReconciliationReport.Bucket> buckets = report.buckets();
        boolean hourly = report.granularity() == Reconciliation.Granularity.HOUR;
        long max = 0;
        for (ReconciliationReport.Bucket b : buckets) {
            max = Math.max(max, b.share().submitted());
        }
        long scaleMax = Math.max(5, max);
        StringBuilder svg = new StringBuilder(4096);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"meta-chart\" data-test=\"reconciliation-chart\" ")
                .append("width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ")
                .append(WIDTH).append(' ').append(HEIGHT).append("\" role=\"img\" aria-label=\"")
                .append(esc("Submitted orders and accepted Purchases per " + (hourly ? "hour" : "day") + ": "
                        + report.total().accepted() + " of " + report.total().submitted()))
                .append("\">");
        svg.append("<title>").append(esc("Submitted orders and Purchases Meta accepted, per "
                + (hourly ? "hour" : "day") + " (UTC)")).append("</title>");
        legend(svg, LEFT, SUBMITTED_COLOR, "orders submitted");
        legend(svg, LEFT + 140, ACCEPTED_COLOR, "Purchases accepted by Meta");
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        int baseY = TOP + plotH;
        for (int i = 0; i <= 2; i++) {
            long value = scaleMax * i / 2;
            int y = baseY - (int) Math.round(plotH * (i / 2.0));
            svg.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(y).append("\" x2=\"")
                    .append(WIDTH - RIGHT).append("\" y2=\"").append(y).append("\" stroke=\"#ddd\" stroke-width=\"1\"/>");
            svg.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(y + 4)
                    .append("\" font-size=\"10\" fill=\"#666\" text-anchor=\"end\">").append(value).append("</text>");
        }
        double slot = plotW / (double) buckets.size();
        double barW = Math.max(1.0, slot * 0.36);
        for (int i = 0; i < buckets.size(); i++) {
            ReconciliationReport.Bucket b = buckets.get(i);
            Share share = b.share();
            String label = (hourly ? HOUR : DAY).format(b.start().atOffset(ZoneOffset.UTC));
            double x = LEFT + i * slot + slot * 0.14;
            svg.append("<g class=\"bucket\" data-start=\"").append(esc(b.start().toString()))
                    .append("\" data-submitted=\"").append(share.submitted()).append("\" data-accepted=\"")
                    .append(share.accepted()).append("\"><title>")
                    .append(esc(label + " UTC: " + share.accepted() + " of " + share.submitted()
                            + " orders with an accepted Purchase"))
                    .append("</title>");
            bar(svg, x, barW, baseY, plotH, share.submitted(), scaleMax, SUBMITTED_COLOR);
            bar(svg, x + barW, barW, baseY, plotH, share.accepted(), scaleMax, ACCEPTED_COLOR);
            if (share.submitted() > 0) {
                double top = baseY - plotH * (share.submitted() / (double) scaleMax);
                svg.append("<text x=\"").append(fmt(x + barW)).append("\" y=\"").append(fmt(top - 3))
                        .append("\" font-size=\"9\" fill=\"").append(share.unmatched() > 0 ? "#c8413b" : "#333")
                        .append("\" text-anchor=\"middle\">").append(Math.round(Math.floor(share.percent())))
                        .append("%</text>");
            }
            svg.append("</g>");
            if (i % Math.max(1, buckets.size() / 8) == 0 || i == buckets.size() - 1) {
                svg.append("<text x=\"").append(fmt(LEFT + i * slot + slot / 2)).append("\" y=\"").append(baseY + 16)
                        .append("\" font-size=\"10\" fill=\"#666\" text-anchor=\"middle\">").append(esc(label))
                        .append("</text>");
            }
        }
        if (report.total().submitted() == 0) {
            svg.append("<text x=\"").append(LEFT + plotW / 2).append("\" y=\"").append(TOP + plotH / 2)
                    .append("\" font-size=\"13\" fill=\"#999\" text-anchor=\"middle\">")
                    .append("No orders submitted in this period</text>");
        }
        svg.append("</svg>");
        return svg.toString();
    }

    private static void legend(StringBuilder svg, int x, String color, String label) {
        svg.append("<rect x=\"").append(x).append("\" y=\"8\" width=\"10\" height=\"10\" fill=\"").append(color)
                .append("\"/><text x=\"").append(x + 14).append("\" y=\"17\" font-size=\"11\" fill=\"#333\">")
                .append(esc(label)).append("</text>");
    }

    private static void bar(StringBuilder svg, double x, double w, int baseY, int plotH, long value, long scaleMax,
            String color) {
        if (value <= 0) {
            return;
        }
        double h = plotH * (value / (double) scaleMax);
        svg.append("<rect x=\"").append(fmt(x)).append("\" y=\"").append(fmt(baseY - h)).append("\" width=\"")
                .append(fmt(w)).append("\" height=\"").append(fmt(h)).append("\" fill=\"").append(color)
                .append("\"/>");
    }

    private static String esc(String s) {
        return HtmlUtils.htmlEscape(s);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
