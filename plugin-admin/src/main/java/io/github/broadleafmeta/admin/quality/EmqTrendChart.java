package io.github.broadleafmeta.admin.quality;

import io.github.broadleafmeta.core.quality.EventQuality;
import io.github.broadleafmeta.core.quality.QualityReading;
import org.springframework.web.util.HtmlUtils;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Meta's event match quality over the stored readings, one line per event name (Purchase first, then the event
 * names with the most scores, at most {@link #MAX_LINES}): an inline SVG drawn on the server, no chart library
 * (the admin may have no internet). Every text in it (event names come from Meta) is XML-escaped.
 */
public final class EmqTrendChart {

    static final int MAX_LINES = 4;
    private static final String[] COLORS = {"#3c5a9a", "#3c9a5f", "#e0a030", "#8e5a9b"};
    private static final int WIDTH = 560;
    private static final int HEIGHT = 170;
    private static final int LEFT = 30;
    private static final int RIGHT = 130;
    private static final int TOP = 10;
    private static final int BOTTOM = 25;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private EmqTrendChart() {
    }

    /** @param newestFirst readings as the store lists them; an empty chart says so in words */
    public static String svg(List<QualityReading> newestFirst) {
        List<QualityReading> readings = new ArrayList<QualityReading>(newestFirst);
        Collections.reverse(readings);
        Map<String, Integer> scoreCounts = new LinkedHashMap<String, Integer>();
        for (QualityReading r : readings) {
            for (EventQuality e : r.dataset().events()) {
                if (e.emqScore() != null) {
                    Integer n = scoreCounts.get(e.eventName());
                    scoreCounts.put(e.eventName(), n == null ? 1 : n + 1);
                }
            }
        }
        List<String> lines = new ArrayList<String>(scoreCounts.keySet());
        lines.sort((a, b) -> "Purchase".equals(a) ? -1 : "Purchase".equals(b) ? 1
                : Integer.compare(scoreCounts.get(b), scoreCounts.get(a)));
        if (lines.size() > MAX_LINES) {
            lines = lines.subList(0, MAX_LINES);
        }
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT).append("\" role=\"img\" aria-label=\"Event match quality over time\" "
                        + "data-test=\"emq-trend\">");
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        for (int score = 0; score <= 10; score += 5) {
            int y = TOP + plotH - plotH * score / 10;
            svg.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(y).append("\" x2=\"")
                    .append(LEFT + plotW).append("\" y2=\"").append(y).append("\" stroke=\"#e2e2e2\"/>")
                    .append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(y + 4)
                    .append("\" font-size=\"10\" text-anchor=\"end\" fill=\"#777\">").append(score).append("</text>");
        }
        if (lines.isEmpty()) {
            svg.append("<text x=\"").append(LEFT + 10).append("\" y=\"").append(TOP + plotH / 2)
                    .append("\" font-size=\"12\" fill=\"#888\">No match quality scores from Meta yet.</text>");
            return svg.append("</svg>").toString();
        }
        int n = readings.size();
        for (int i = 0; i < n; i += Math.max(1, n / 4)) {
            svg.append("<text x=\"").append(x(i, n, plotW)).append("\" y=\"").append(HEIGHT - 8)
                    .append("\" font-size=\"10\" text-anchor=\"middle\" fill=\"#777\">")
                    .append(esc(DAY.format(readings.get(i).readAt()))).append("</text>");
        }
        for (int l = 0; l < lines.size(); l++) {
            String name = lines.get(l);
            String color = COLORS[l];
            StringBuilder points = new StringBuilder();
            StringBuilder dots = new StringBuilder();
            for (int i = 0; i < n; i++) {
                EventQuality e = readings.get(i).dataset().event(name);
                if (e == null || e.emqScore() == null) {
                    continue;
                }
                double score = Math.max(0, Math.min(10, e.emqScore()));
                int x = x(i, n, plotW);
                int y = (int) Math.round(TOP + plotH - plotH * score / 10);
                points.append(x).append(',').append(y).append(' ');
                dots.append("<circle cx=\"").append(x).append("\" cy=\"").append(y).append("\" r=\"3\" fill=\"")
                        .append(color).append("\"><title>").append(esc(name + " " + format(score) + "/10, "
                                + DAY.format(readings.get(i).readAt()))).append("</title></circle>");
            }
            svg.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"2\" points=\"")
                    .append(points.toString().trim()).append("\"/>").append(dots);
            int ly = TOP + 12 + l * 16;
            svg.append("<rect x=\"").append(WIDTH - RIGHT + 10).append("\" y=\"").append(ly - 8)
                    .append("\" width=\"10\" height=\"10\" fill=\"").append(color).append("\"/>")
                    .append("<text x=\"").append(WIDTH - RIGHT + 25).append("\" y=\"").append(ly)
                    .append("\" font-size=\"11\" fill=\"#333\" data-test=\"emq-trend-legend\">").append(esc(name))
                    .append("</text>");
        }
        return svg.append("</svg>").toString();
    }

    private static int x(int i, int n, int plotW) {
        return n <= 1 ? LEFT + plotW / 2 : LEFT + plotW * i / (n - 1);
    }

    static String format(double score) {
        return String.format(Locale.ROOT, "%.1f", score);
    }

    private static String esc(String s) {
        return HtmlUtils.htmlEscape(s);
    }
}
