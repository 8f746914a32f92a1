package io.github.broadleafmeta.core.dispatch;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import io.github.broadleafmeta.core.capi.DeliveryOutcome;
import io.github.broadleafmeta.core.capi.SendResult;
import io.github.broadleafmeta.core.outbox.OutboxRow;
import io.github.broadleafmeta.core.outbox.EnqueueListener;
import io.github.broadleafmeta.core.outbox.EnqueueResult;
import io.github.broadleafmeta.core.outbox.OutboxEntry;

/**
 * In-memory totals since start, per outcome, for the admin dashboard. Register one instance as the outbox's
 * {@link EnqueueListener} and the dispatcher's {@link DispatchListener}. Counts events, except {@code requests},
 * {@code isolationRequests} and {@code circuitOpened}.
 */
public final class DeliveryCounters implements DispatchListener, EnqueueListener {

    public static final String ENQUEUED = "enqueued";
    public static final String DUPLICATE = "duplicate";
    public static final String ENQUEUE_FAILED = "enqueueFailed";
    public static final String CLAIMED = "claimed";
    public static final String REQUESTS = "requests";
    public static final String SENT = "sent";
    public static final String RETRIED = "retried";
    public static final String RATE_LIMITED = "rateLimited";
    public static final String REJECTED = "rejected";
    public static final String EXPIRED = "expired";
    public static final String HELD = "held";
    public static final String DRY_RUN = "dryRun";
    public static final String NOT_CONFIRMED = "notConfirmed";
    public static final String DEFERRED = "deferred";
    public static final String LEASE_LOST = "leaseLost";
    public static final String ISOLATION_REQUESTS = "isolationRequests";
    public static final String CIRCUIT_OPENED = "circuitOpened";

    private final Map<String, LongAdder> adders = new LinkedHashMap<String, LongAdder>();

    public DeliveryCounters() {
        for (String key : new String[] {ENQUEUED, DUPLICATE, ENQUEUE_FAILED, CLAIMED, REQUESTS, SENT, RETRIED,
                RATE_LIMITED, REJECTED, EXPIRED, HELD, DRY_RUN, NOT_CONFIRMED, DEFERRED, LEASE_LOST, ISOLATION_REQUESTS,
                CIRCUIT_OPENED}) {
            adders.put(key, new LongAdder());
        }
    }

    /** An immutable copy of every counter, in a stable order. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new LinkedHashMap<String, Long>();
        for (Map.Entry<String, LongAdder> e : adders.entrySet()) {
            out.put(e.getKey(), e.getValue().sum());
        }
        return Collections.unmodifiableMap(out);
    }

    public long get(String key) {
        LongAdder a = adders.get(key);
        return a == null ? 0 : a.sum();
    }

    private void add(String key, long n) {
        adders.get(key).add(n);
    }

    @Override
    public void enqueued(OutboxEntry entry, EnqueueResult result) {
        switch (result.status()) {
            case ENQUEUED:
                add(ENQUEUED, 1);
                break;
            case DUPLICATE:
                add(DUPLICATE, 1);
                break;
            default:
                add(ENQUEUE_FAILED, 1);
        }
    }

    @Override
    public void claimed(String nodeId, int count) {
        add(CLAIMED, count);
    }

    @Override
    public void requestFinished(String pixelId, int events, SendResult result) {
        add(REQUESTS, 1);
    }

    @Override
    public void sent(String pixelId, List<OutboxRow> events, SendResult result) {
        add(SENT, events.size());
    }

    @Override
    public void retried(String pixelId, List<OutboxRow> events, SendResult result, Instant nextAttemptAt) {
        add(result.outcome() == DeliveryOutcome.RATE_LIMITED ? RATE_LIMITED : RETRIED, events.size());
    }

    @Override
    public void rejected(String pixelId, OutboxRow event, SendResult result) {
        add(REJECTED, 1);
    }

    @Override
    public void expired(String pixelId, List<OutboxRow> events, String reason) {
        add(EXPIRED, events.size());
    }

    @Override
    public void held(String pixelId, List<OutboxRow> events) {
        add(HELD, events.size());
    }

    @Override
    public void dryRun(String pixelId, List<OutboxRow> events) {
        add(DRY_RUN, events.size());
    }

    @Override
    public void notConfirmed(List<OutboxRow> events, String reason) {
        add(NOT_CONFIRMED, events.size());
    }

    @Override
    public void deferred(String pixelId, List<OutboxRow> events, Instant until, String why) {
        add(DEFERRED, events.size());
    }

    @Override
    public void circuitChanged(String pixelId, CircuitBreaker.State from, CircuitBreaker.State to) {
        if (to == CircuitBreaker.State.OPEN) {
            add(CIRCUIT_OPENED, 1);
        }
    }

    @Override
    public void leaseLost(List<Long> rowIds) {
        add(LEASE_LOST, rowIds.size());
    }

    @Override
    public void isolationRequests(String pixelId, int batchSize, int requests, int rejected) {
        add(ISOLATION_REQUESTS, requests);
    }
}
