package io.github.broadleafmeta.core.metrics;

import io.github.broadleafmeta.core.capi.DeliveryOutcome;
import io.github.broadleafmeta.core.capi.SendResult;
import io.github.broadleafmeta.core.dispatch.CircuitBreaker;
import io.github.broadleafmeta.core.dispatch.DispatchListener;
import io.github.broadleafmeta.core.outbox.OutboxRow;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * This node's delivery totals since start, per pixel and outcome, and each pixel's circuit state: what the JMX
 * beans and Micrometer meters publish. A {@link DispatchListener}: register it with the dispatcher.
 */
public final class PixelDeliveryCounters implements DispatchListener {

    public static final String REQUESTS = "requests";
    public static final String SENT = "sent";
    public static final String RETRIED = "retried";
    public static final String RATE_LIMITED = "rateLimited";
    public static final String REJECTED = "rejected";
    public static final String EXPIRED = "expired";
    public static final String HELD = "held";
    public static final String DRY_RUN = "dryRun";
    public static final String DEFERRED = "deferred";
    public static final String CIRCUIT_OPENED = "circuitOpened";
    /** Every counter name, in display order. */
    public static final List<String> NAMES = Collections.unmodifiableList(Arrays.asList(REQUESTS, SENT, RETRIED,
            RATE_LIMITED, REJECTED, EXPIRED, HELD, DRY_RUN, DEFERRED, CIRCUIT_OPENED));

    private final ConcurrentMap<String, Map<String, LongAdder>> counters =
            new ConcurrentHashMap<String, Map<String, LongAdder>>();
    private final ConcurrentMap<String, CircuitBreaker.State> circuits =
            new ConcurrentHashMap<String, CircuitBreaker.State>();

    /** One pixel's counters (all zero for a pixel nothing happened to). */
    public Map<String, Long> snapshot(String pixelId) {
        Map<String, LongAdder> adders = counters.get(pixelId);
        Map<String, Long> out = new LinkedHashMap<String, Long>();
        for (String name : NAMES) {
            out.put(name, adders == null ? 0L : adders.get(name).sum());
        }
        return Collections.unmodifiableMap(out);
    }

    public long get(String pixelId, String name) {
        Map<String, LongAdder> adders = counters.get(pixelId);
        LongAdder a = adders == null ? null : adders.get(name);
        return a == null ? 0 : a.sum();
    }

    /** CLOSED until this node's dispatcher reports a transition. */
    public CircuitBreaker.State circuitState(String pixelId) {
        CircuitBreaker.State s = circuits.get(pixelId);
        return s == null ? CircuitBreaker.State.CLOSED : s;
    }

    private void add(String pixelId, String name, long n) {
        if (pixelId == null) {
            return;
        }
        counters.computeIfAbsent(pixelId, p -> {
            Map<String, LongAdder> m = new LinkedHashMap<String, LongAdder>();
            for (String key : NAMES) {
                m.put(key, new LongAdder());
            }
            return m;
        }).get(name).add(n);
    }

    @Override
    public void requestFinished(String pixelId, int events, SendResult result) {
        add(pixelId, REQUESTS, 1);
    }

    @Override
    public void sent(String pixelId, List<OutboxRow> events, SendResult result) {
        add(pixelId, SENT, events.size());
    }

    @Override
    public void retried(String pixelId, List<OutboxRow> events, SendResult result, Instant nextAttemptAt) {
        add(pixelId, result.outcome() == DeliveryOutcome.RATE_LIMITED ? RATE_LIMITED : RETRIED, events.size());
    }

    @Override
    public void rejected(String pixelId, OutboxRow event, SendResult result) {
        add(pixelId, REJECTED, 1);
    }

    @Override
    public void expired(String pixelId, List<OutboxRow> events, String reason) {
        add(pixelId, EXPIRED, events.size());
    }

    @Override
    public void held(String pixelId, List<OutboxRow> events) {
        add(pixelId, HELD, events.size());
    }

    @Override
    public void dryRun(String pixelId, List<OutboxRow> events) {
        add(pixelId, DRY_RUN, events.size());
    }

    @Override
    public void deferred(String pixelId, List<OutboxRow> events, Instant until, String why) {
        add(pixelId, DEFERRED, events.size());
    }

    @Override
    public void circuitChanged(String pixelId, CircuitBreaker.State from, CircuitBreaker.State to) {
        if (pixelId == null || to == null) {
            return;
        }
        circuits.put(pixelId, to);
        if (to == CircuitBreaker.State.OPEN) {
            add(pixelId, CIRCUIT_OPENED, 1);
        }
    }
}
