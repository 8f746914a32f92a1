package io.github.broadleafmeta.admin.dashboard;

import io.github.broadleafmeta.core.outbox.Backlog;
import io.github.broadleafmeta.core.outbox.OutboxReader;
import io.github.broadleafmeta.core.outbox.MatchKeyCoverage;
import io.github.broadleafmeta.core.outbox.OutboxStatus;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/** Reads the outbox for the dashboard: a handful of aggregate queries, no payloads. */
public class DashboardService {

    private static final Log LOG = LogFactory.getLog(DashboardService.class);
    public static final int CHART_HOURS = 24;

    protected final OutboxReader outbox;
    protected final BrowserCoverage browserCoverage;
    protected final Clock clock;

    public DashboardService(OutboxReader outbox, BrowserCoverage browserCoverage, Clock clock) {
        if (outbox == null || browserCoverage == null || clock == null) {
            throw new IllegalArgumentException("outbox, browserCoverage and clock are required");
        }
        this.outbox = outbox;
        this.browserCoverage = browserCoverage;
        this.clock = clock;
    }

    /** @param configuredPixelId the pixel the settings name now, or null */
    public Dashboard dashboard(String configuredPixelId) {
        return dashboard(configuredPixelId == null ? Collections.<String>emptyList()
                : Collections.singletonList(configuredPixelId), null);
    }

    /**
     * @param configuredPixelIds the pixels the settings name now (primary first)
     * @param onlyPixelId        show only this pixel's counts, or null for every pixel
     */
    public Dashboard dashboard(List<String> configuredPixelIds, String onlyPixelId) {
        Instant now = clock.instant();
        try {
            Map<String, Map<OutboxStatus, Long>> day = outbox.countsByStatus(now.minus(Duration.ofHours(24)));
            Map<String, Map<OutboxStatus, Long>> week = outbox.countsByStatus(now.minus(Duration.ofDays(7)));
            TreeSet<String> pixelIds = new TreeSet<String>(week.keySet());
            pixelIds.addAll(day.keySet());
            List<Dashboard.PixelStats> pixels = new ArrayList<Dashboard.PixelStats>();
            for (String id : configuredPixelIds) {
                if (onlyPixelId == null || onlyPixelId.equals(id)) {
                    pixels.add(stats(id, true, day, week));
                }
            }
            for (String id : pixelIds) {
                if (!configuredPixelIds.contains(id) && (onlyPixelId == null || onlyPixelId.equals(id))) {
                    pixels.add(stats(id, false, day, week));
                }
            }
            Backlog backlog = outbox.backlog(onlyPixelId);
            String svg = HourlyChart.svg(outbox.hourlyCounts(now.minus(Duration.ofHours(CHART_HOURS)), onlyPixelId),
                    now, CHART_HOURS);
            List<Dashboard.CoverageRow> coverage = new ArrayList<Dashboard.CoverageRow>();
            for (MatchKeyCoverage c : outbox.matchKeyCoverage(now.minus(Duration.ofDays(7)),
                    Dashboard.COVERAGE_KEYS)) {
                coverage.add(new Dashboard.CoverageRow(c));
            }
            List<BrowserCoverage.Row> browser;
            try {
                browser = browserCoverage.read(now.minus(Duration.ofDays(7)));
            } catch (SQLException e) {
                LOG.warn("Meta admin: could not read browser coverage: " + e);
                browser = null;
            }
            return new Dashboard(Collections.unmodifiableList(pixels), backlog, svg,
                    Collections.unmodifiableList(coverage), browser, null);
        } catch (RuntimeException e) {
            LOG.warn("Meta admin: could not read the event outbox for the dashboard", e);
            return Dashboard.unavailable("The event outbox could not be read (" + e.getClass().getSimpleName()
                    + "); see the admin log.");
        }
    }

    private Dashboard.PixelStats stats(String pixelId, boolean configured,
            Map<String, Map<OutboxStatus, Long>> day, Map<String, Map<OutboxStatus, Long>> week) {
        return new Dashboard.PixelStats(pixelId, configured, orEmpty(day.get(pixelId)), orEmpty(week.get(pixelId)),
                outbox.lastError(pixelId));
    }

    private static Map<OutboxStatus, Long> orEmpty(Map<OutboxStatus, Long> m) {
        return m == null ? new EnumMap<OutboxStatus, Long>(OutboxStatus.class) : m;
    }
}
