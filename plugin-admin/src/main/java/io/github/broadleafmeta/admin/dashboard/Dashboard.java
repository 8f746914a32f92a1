package io.github.broadleafmeta.admin.dashboard;

import io.github.broadleafmeta.core.outbox.Backlog;
import io.github.broadleafmeta.core.outbox.MatchKeyCoverage;
import io.github.broadleafmeta.core.outbox.OutboxRow;
import io.github.broadleafmeta.core.outbox.OutboxStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** What the dashboard template renders. JavaBean getters for Thymeleaf; all values are read-only snapshots. */
public final class Dashboard {

    /** Match keys in the coverage table: what Meta's Event Match Quality depends on most. */
    public static final List<String> COVERAGE_KEYS = Collections.unmodifiableList(Arrays.asList(
            "em", "ph", "external_id", "fbp", "fbc", "ip", "ua"));

    /** One pixel's counts and last error. */
    public static final class PixelStats {
        private final String pixelId;
        private final boolean configured;
        private final Map<OutboxStatus, Long> last24h;
        private final Map<OutboxStatus, Long> last7d;
        private final OutboxRow lastError;

        PixelStats(String pixelId, boolean configured, Map<OutboxStatus, Long> last24h,
                Map<OutboxStatus, Long> last7d, OutboxRow lastError) {
            this.pixelId = pixelId;
            this.configured = configured;
            this.last24h = last24h;
            this.last7d = last7d;
            this.lastError = lastError;
        }

        public String getPixelId() {
            return pixelId;
        }

        /** The pixel the settings name now (older pixels still show their history). */
        public boolean isConfigured() {
            return configured;
        }

        public long count24h(OutboxStatus status) {
            Long n = last24h.get(status);
            return n == null ? 0 : n;
        }

        public long count7d(OutboxStatus status) {
            Long n = last7d.get(status);
            return n == null ? 0 : n;
        }

        public long getTotal24h() {
            return sum(last24h);
        }

        public long getTotal7d() {
            return sum(last7d);
        }

        public OutboxRow getLastError() {
            return lastError;
        }

        private static long sum(Map<OutboxStatus, Long> m) {
            long s = 0;
            for (long v : m.values()) {
                s += v;
            }
            return s;
        }
    }

    /** One coverage line with its percentages in {@link #COVERAGE_KEYS} order. */
    public static final class CoverageRow {
        private final MatchKeyCoverage coverage;

        CoverageRow(MatchKeyCoverage coverage) {
            this.coverage = coverage;
        }

        public String getEventName() {
            return coverage.eventName();
        }

        public long getTotal() {
            return coverage.total();
        }

        public List<Long> getPercents() {
            List<Long> out = new ArrayList<Long>();
            for (String key : COVERAGE_KEYS) {
                out.add(Math.round(coverage.share(key) * 100));
            }
            return out;
        }
    }

    private final List<PixelStats> pixels;
    private final Backlog backlog;
    private final String chartSvg;
    private final List<CoverageRow> coverage;
    private final List<BrowserCoverage.Row> browserCoverage;
    private final String unavailable;

    Dashboard(List<PixelStats> pixels, Backlog backlog, String chartSvg, List<CoverageRow> coverage,
            List<BrowserCoverage.Row> browserCoverage, String unavailable) {
        this.pixels = pixels;
        this.backlog = backlog;
        this.chartSvg = chartSvg;
        this.coverage = coverage;
        this.browserCoverage = browserCoverage;
        this.unavailable = unavailable;
    }

    static Dashboard unavailable(String why) {
        return new Dashboard(Collections.<PixelStats>emptyList(), null, null,
                Collections.<CoverageRow>emptyList(), null, why);
    }

    public List<PixelStats> getPixels() {
        return pixels;
    }

    public List<OutboxStatus> getStatuses() {
        return Arrays.asList(OutboxStatus.values());
    }

    public List<String> getCoverageKeys() {
        return COVERAGE_KEYS;
    }

    public Backlog getBacklog() {
        return backlog;
    }

    /** "3 min", "2 h 5 min", "—" when nothing waits. */
    public String getBacklogAge() {
        if (backlog == null || backlog.oldestCreatedAt() == null) {
            return "none waiting";
        }
        return describe(backlog.oldestAge());
    }

    /** True when rows wait for new credentials: delivery is paused for them. */
    public boolean isHeld() {
        return backlog != null && backlog.held() > 0;
    }

    /** Server-rendered SVG (escaped by {@link HourlyChart}); null when unavailable. */
    public String getChartSvg() {
        return chartSvg;
    }

    public List<CoverageRow> getCoverage() {
        return coverage;
    }

    /** Null until the outbox records browser copies. */
    public List<BrowserCoverage.Row> getBrowserCoverage() {
        return browserCoverage;
    }

    /** Non-null when the outbox could not be read: the reason. */
    public String getUnavailable() {
        return unavailable;
    }

    static String describe(Duration d) {
        long minutes = d.toMinutes();
        if (minutes < 1) {
            return Math.max(0, d.getSeconds()) + " s";
        }
        if (minutes < 60) {
            return minutes + " min";
        }
        long hours = minutes / 60;
        if (hours < 48) {
            return hours + " h " + (minutes % 60) + " min";
        }
        return (hours / 24) + " days " + (hours % 24) + " h";
    }
}
