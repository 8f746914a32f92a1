package io.github.broadleafmeta.core.metrics.micrometer;

import io.github.broadleafmeta.core.dispatch.CircuitBreaker;
import io.github.broadleafmeta.core.metrics.DeliveryMetrics;
import io.github.broadleafmeta.core.metrics.PixelDeliveryCounters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The plugin's delivery metrics for Micrometer, per pixel (tag {@code pixel}):
 * <ul>
 * <li>{@code meta.delivery.events} (function counter, tag {@code outcome}: sent, retried, rateLimited, rejected,
 * expired, held, dryRun, deferred) and {@code meta.delivery.requests}, {@code meta.delivery.circuit.opened}: this
 * node since start;</li>
 * <li>{@code meta.delivery.backlog} (gauge, tag {@code state}: pending, inFlight, held) and
 * {@code meta.delivery.oldest.waiting} (time gauge): the shared outbox;</li>
 * <li>{@code meta.delivery.circuit.state} (gauge: 0 closed, 1 half open, 2 open).</li>
 * </ul>
 * Micrometer is an optional dependency: this class is loaded only when the host has it (the Spring adapter checks
 * first). A host binds it itself ({@code binder.bindTo(registry)}) or lets the plugin bind it to every
 * {@code MeterRegistry} bean. Pixels configured later get their meters at {@link #refresh()}.
 */
public final class MetaDeliveryMeterBinder implements MeterBinder {

    private static final String[] OUTCOMES = {PixelDeliveryCounters.SENT, PixelDeliveryCounters.RETRIED,
        PixelDeliveryCounters.RATE_LIMITED, PixelDeliveryCounters.REJECTED, PixelDeliveryCounters.EXPIRED,
        PixelDeliveryCounters.HELD, PixelDeliveryCounters.DRY_RUN, PixelDeliveryCounters.DEFERRED};

    private final DeliveryMetrics metrics;
    private final List<MeterRegistry> registries = new CopyOnWriteArrayList<MeterRegistry>();
    private final Set<String> bound = ConcurrentHashMap.newKeySet();

    public MetaDeliveryMeterBinder(DeliveryMetrics metrics) {
        if (metrics == null) {
            throw new IllegalArgumentException("metrics are required");
        }
        this.metrics = metrics;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        registries.add(registry);
        for (String pixelId : metrics.pixelIds()) {
            bind(registry, pixelId);
        }
    }

    /** Adds the meters of pixels configured since the last bind (meters of removed pixels stay at their value). */
    public void refresh() {
        for (MeterRegistry registry : registries) {
            for (String pixelId : metrics.pixelIds()) {
                bind(registry, pixelId);
            }
        }
    }

    private void bind(MeterRegistry registry, String pixelId) {
        if (!bound.add(System.identityHashCode(registry) + "/" + pixelId)) {
            return;
        }
        PixelDeliveryCounters counters = metrics.counters();
        for (String outcome : OUTCOMES) {
            FunctionCounter.builder("meta.delivery.events", counters, c -> c.get(pixelId, outcome))
                    .tags("pixel", pixelId, "outcome", outcome)
                    .description("Events by delivery outcome on this node since start")
                    .register(registry);
        }
        FunctionCounter.builder("meta.delivery.requests", counters,
                c -> c.get(pixelId, PixelDeliveryCounters.REQUESTS))
                .tags("pixel", pixelId).description("Graph API requests on this node since start")
                .register(registry);
        FunctionCounter.builder("meta.delivery.circuit.opened", counters,
                c -> c.get(pixelId, PixelDeliveryCounters.CIRCUIT_OPENED))
                .tags("pixel", pixelId).description("Times this node's circuit opened").register(registry);
        Gauge.builder("meta.delivery.backlog", metrics, m -> m.backlog(pixelId).pending())
                .tags("pixel", pixelId, "state", "pending").description("Outbox rows waiting").register(registry);
        Gauge.builder("meta.delivery.backlog", metrics, m -> m.backlog(pixelId).inFlight())
                .tags("pixel", pixelId, "state", "inFlight").description("Outbox rows being sent")
                .register(registry);
        Gauge.builder("meta.delivery.backlog", metrics, m -> m.backlog(pixelId).held())
                .tags("pixel", pixelId, "state", "held").description("Outbox rows held for credentials")
                .register(registry);
        TimeGauge.builder("meta.delivery.oldest.waiting", metrics, TimeUnit.MILLISECONDS,
                m -> m.backlog(pixelId).oldestWaitingAge().toMillis())
                .tags("pixel", pixelId).description("Age of the oldest waiting outbox row").register(registry);
        Gauge.builder("meta.delivery.circuit.state", metrics, m -> circuitValue(m.circuitState(pixelId)))
                .tags("pixel", pixelId).description("0 closed, 1 half open, 2 open").register(registry);
    }

    static double circuitValue(CircuitBreaker.State state) {
        switch (state) {
            case OPEN:
                return 2;
            case HALF_OPEN:
                return 1;
            default:
                return 0;
        }
    }
}
