package io.github.broadleafmeta.core.reconcile;

import io.github.broadleafmeta.core.outbox.OutboxStatus;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@link Reconciliation} from the store's submitted orders, the outbox's Purchase rows and the settings history.
 * Reads the orders of the range once, their Purchase rows in chunks, and the history only for orders without a
 * row; no caching, so the admin and the alerts always see the database as it is.
 */
public final class OrderReconciliation implements Reconciliation {

    private final SubmittedOrders orders;
    private final PurchaseRecords purchases;
    private final PixelSwitchHistory switches;

    public OrderReconciliation(SubmittedOrders orders, PurchaseRecords purchases, PixelSwitchHistory switches) {
        if (orders == null || purchases == null || switches == null) {
            throw new IllegalArgumentException("orders, purchases and switches are required");
        }
        this.orders = orders;
        this.purchases = purchases;
        this.switches = switches;
    }

    @Override
    public Share share(String pixelId, Instant from, Instant to) {
        checkRange(pixelId, from, to);
        List<SubmittedOrder> submitted = orders.submittedBetween(from, to);
        Map<String, PurchaseRecord> rows = purchases.purchasesOf(pixelId, orderNumbers(submitted));
        long accepted = 0;
        for (SubmittedOrder o : submitted) {
            if (isAccepted(rows.get(o.orderNumber()))) {
                accepted++;
            }
        }
        return new Share(submitted.size(), accepted);
    }

    @Override
    public ReconciliationReport report(String pixelId, Instant from, Instant to, Granularity granularity) {
        checkRange(pixelId, from, to);
        if (granularity == null) {
            throw new IllegalArgumentException("granularity is required");
        }
        ChronoUnit unit = granularity == Granularity.HOUR ? ChronoUnit.HOURS : ChronoUnit.DAYS;
        Instant firstBucket = from.truncatedTo(unit);
        int bucketCount = (int) unit.between(firstBucket, to.minusNanos(1).truncatedTo(unit)) + 1;
        long[] submittedPerBucket = new long[bucketCount];
        long[] acceptedPerBucket = new long[bucketCount];

        List<SubmittedOrder> submitted = orders.submittedBetween(from, to);
        Map<String, PurchaseRecord> rows = purchases.purchasesOf(pixelId, orderNumbers(submitted));
        List<UnmatchedOrder> unmatched = new ArrayList<UnmatchedOrder>();
        Map<UnmatchedReason, Long> reasonCounts = new EnumMap<UnmatchedReason, Long>(UnmatchedReason.class);
        long accepted = 0;
        for (SubmittedOrder o : submitted) {
            int bucket = (int) unit.between(firstBucket, o.submittedAt().truncatedTo(unit));
            if (bucket < 0 || bucket >= bucketCount) {
                continue; // outside the range: a source that ignored its bounds
            }
            submittedPerBucket[bucket]++;
            PurchaseRecord row = rows.get(o.orderNumber());
            if (isAccepted(row)) {
                acceptedPerBucket[bucket]++;
                accepted++;
                continue;
            }
            boolean disabled = row == null && switches.wasDisabled(pixelId, o.submittedAt());
            UnmatchedReason reason = UnmatchedReason.of(o, row, disabled);
            unmatched.add(new UnmatchedOrder(o.orderNumber(), o.submittedAt(), reason, detail(row)));
            Long n = reasonCounts.get(reason);
            reasonCounts.put(reason, n == null ? 1L : n + 1);
        }
        List<ReconciliationReport.Bucket> buckets = new ArrayList<ReconciliationReport.Bucket>(bucketCount);
        for (int i = 0; i < bucketCount; i++) {
            buckets.add(new ReconciliationReport.Bucket(firstBucket.plus(i, unit),
                    new Share(submittedPerBucket[i], acceptedPerBucket[i])));
        }
        unmatched.sort(Comparator.comparing(UnmatchedOrder::submittedAt).reversed()
                .thenComparing(UnmatchedOrder::orderNumber));
        long total = 0;
        for (long s : submittedPerBucket) {
            total += s;
        }
        return new ReconciliationReport(pixelId, from, to, granularity, buckets, new Share(total, accepted),
                unmatched, reasonCounts);
    }

    private static boolean isAccepted(PurchaseRecord row) {
        return row != null && row.status() == OutboxStatus.SENT;
    }

    /** Meta's code and message (rejected, failing), or the plugin's recorded reason; null when none. */
    private static String detail(PurchaseRecord row) {
        if (row == null || row.errorMessage() == null) {
            return null;
        }
        return row.errorCode() == null ? row.errorMessage() : "code " + row.errorCode() + ": " + row.errorMessage();
    }

    private static List<String> orderNumbers(List<SubmittedOrder> submitted) {
        List<String> numbers = new ArrayList<String>(submitted.size());
        for (SubmittedOrder o : submitted) {
            numbers.add(o.orderNumber());
        }
        return numbers;
    }

    private static void checkRange(String pixelId, Instant from, Instant to) {
        if (pixelId == null || pixelId.trim().isEmpty()) {
            throw new IllegalArgumentException("pixelId is required");
        }
        if (from == null || to == null || !from.isBefore(to)) {
            throw new IllegalArgumentException("need from < to, were: " + from + ", " + to);
        }
        if (Duration.between(from, to).compareTo(Duration.ofDays(MAX_RANGE_DAYS)) > 0) {
            throw new IllegalArgumentException("the range may cover at most " + MAX_RANGE_DAYS + " days, was: "
                    + Duration.between(from, to));
        }
    }
}
