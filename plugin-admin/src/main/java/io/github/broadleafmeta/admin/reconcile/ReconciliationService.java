package io.github.broadleafmeta.admin.reconcile;

import io.github.broadleafmeta.core.reconcile.Reconciliation;
import io.github.broadleafmeta.core.reconcile.ReconciliationReport;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The Reconciliation screen's service: the last 24 hours per hour, or the last 7 days per day, for one pixel. */
public class ReconciliationService {

    private static final Log LOG = LogFactory.getLog(ReconciliationService.class);
    public static final int PAGE_SIZE = 50;

    /** The ranges the screen offers. */
    public enum Range {
        DAY("24h", "last 24 hours, per hour"), WEEK("7d", "last 7 days, per day");

        private final String key;
        private final String label;

        Range(String key, String label) {
            this.key = key;
            this.label = label;
        }

        public String getKey() {
            return key;
        }

        public String getLabel() {
            return label;
        }

        /** The range named by {@code key}; the day for anything else. */
        public static Range of(String key) {
            return WEEK.key.equals(key) ? WEEK : DAY;
        }
    }

    protected final Reconciliation reconciliation;
    protected final Clock clock;

    public ReconciliationService(Reconciliation reconciliation, Clock clock) {
        if (reconciliation == null || clock == null) {
            throw new IllegalArgumentException("reconciliation and clock are required");
        }
        this.reconciliation = reconciliation;
        this.clock = clock;
    }

    /** The page for {@code pixelId} over {@code range}; a read failure is the page's message, never an error page. */
    public ReconciliationPage page(String pixelId, Range range, int page) {
        Instant now = clock.instant();
        try {
            ReconciliationReport report;
            if (range == Range.WEEK) {
                Instant to = now.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
                report = reconciliation.report(pixelId, to.minus(Duration.ofDays(7)), to,
                        Reconciliation.Granularity.DAY);
            } else {
                Instant to = now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
                report = reconciliation.report(pixelId, to.minus(Duration.ofHours(24)), to,
                        Reconciliation.Granularity.HOUR);
            }
            return ReconciliationPage.of(report, Math.max(0, page), PAGE_SIZE);
        } catch (RuntimeException e) {
            LOG.warn("Meta admin: could not reconcile orders for pixel " + pixelId, e);
            return ReconciliationPage.unavailable("The orders or the event outbox could not be read ("
                    + e.getClass().getSimpleName() + "); see the admin log.");
        }
    }
}
