package io.github.broadleafmeta.core.reconcile;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** One pixel's reconciliation over a range: per bucket, in total, and the unmatched orders with reasons. */
public final class ReconciliationReport {

    /** One hour or day (UTC): orders submitted in it and their accepted Purchases. */
    public static final class Bucket {
        private final Instant start;
        private final Share share;

        Bucket(Instant start, Share share) {
            this.start = start;
            this.share = share;
        }

        public Instant start() {
            return start;
        }

        public Share share() {
            return share;
        }
    }

    private final String pixelId;
    private final Instant from;
    private final Instant to;
    private final Reconciliation.Granularity granularity;
    private final List<Bucket> buckets;
    private final Share total;
    private final List<UnmatchedOrder> unmatched;
    private final Map<UnmatchedReason, Long> reasonCounts;

    ReconciliationReport(String pixelId, Instant from, Instant to, Reconciliation.Granularity granularity,
            List<Bucket> buckets, Share total, List<UnmatchedOrder> unmatched, Map<UnmatchedReason, Long> reasonCounts) {
        this.pixelId = pixelId;
        this.from = from;
        this.to = to;
        this.granularity = granularity;
        this.buckets = Collections.unmodifiableList(buckets);
        this.total = total;
        this.unmatched = Collections.unmodifiableList(unmatched);
        this.reasonCounts = Collections.unmodifiableMap(reasonCounts);
    }

    public String pixelId() {
        return pixelId;
    }

    public Instant from() {
        return from;
    }

    public Instant to() {
        return to;
    }

    public Reconciliation.Granularity granularity() {
        return granularity;
    }

    /** Every bucket of the range in order, empty ones included. */
    public List<Bucket> buckets() {
        return buckets;
    }

    public Share total() {
        return total;
    }

    /** Newest submit time first. */
    public List<UnmatchedOrder> unmatched() {
        return unmatched;
    }

    /** Unmatched orders per reason, in {@link UnmatchedReason} order; reasons without orders are absent. */
    public Map<UnmatchedReason, Long> reasonCounts() {
        return reasonCounts;
    }
}
