package io.github.broadleafmeta.core.metrics;

import io.github.broadleafmeta.core.dispatch.CircuitBreaker;
import io.github.broadleafmeta.core.outbox.JdbcOutbox;
import io.github.broadleafmeta.core.settings.PixelSettings;
import io.github.broadleafmeta.core.tracking.SettingsSnapshots;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Per pixel: this node's delivery counters and circuit state, and the shared outbox backlog (read at most once
 * per {@code backlogMaxAge}, so a monitoring system polling every attribute costs one grouped query). What JMX
 * ({@link JmxDeliveryMetrics}) and Micrometer ({@code MetaDeliveryMeterBinder}) publish.
 */
public final class DeliveryMetrics {

    private static final Log LOG = LogFactory.getLog(DeliveryMetrics.class);
    public static final Duration DEFAULT_BACKLOG_MAX_AGE = Duration.ofSeconds(5);

    private final PixelDeliveryCounters counters;
    private final OutboxBacklogByPixel backlogReader;
    private final Supplier<Collection<String>> pixelIds;
    private final Clock clock;
    private final Duration backlogMaxAge;
    private Map<String, PixelBacklog> backlog = Collections.emptyMap();
    private long backlogReadAt = Long.MIN_VALUE;
    private boolean failing;

    public DeliveryMetrics(PixelDeliveryCounters counters, OutboxBacklogByPixel backlogReader,
            Supplier<Collection<String>> pixelIds, Clock clock, Duration backlogMaxAge) {
        if (counters == null || backlogReader == null || pixelIds == null || clock == null || backlogMaxAge == null
                || backlogMaxAge.isNegative()) {
            throw new IllegalArgumentException("counters, backlog reader, pixel ids, clock and max age are required");
        }
        this.counters = counters;
        this.backlogReader = backlogReader;
        this.pixelIds = pixelIds;
        this.clock = clock;
        this.backlogMaxAge = backlogMaxAge;
    }

    /** For Spring XML: the configured pixels of the live settings, the outbox's own table. */
    public static DeliveryMetrics of(PixelDeliveryCounters counters, JdbcOutbox outbox, SettingsSnapshots settings,
            Clock clock) {
        return new DeliveryMetrics(counters, new OutboxBacklogByPixel(outbox),
                () -> {
                    List<String> ids = new ArrayList<String>();
                    for (PixelSettings p : settings.current().pixels()) {
                        ids.add(p.pixelId());
                    }
                    return ids;
                }, clock, DEFAULT_BACKLOG_MAX_AGE);
    }

    /** The configured pixels now. */
    public Collection<String> pixelIds() {
        return pixelIds.get();
    }

    public PixelDeliveryCounters counters() {
        return counters;
    }

    public CircuitBreaker.State circuitState(String pixelId) {
        return counters.circuitState(pixelId);
    }

    /** The pixel's backlog, at most {@code backlogMaxAge} old; the last known one while the database fails. */
    public synchronized PixelBacklog backlog(String pixelId) {
        long now = clock.millis();
        if (backlogReadAt == Long.MIN_VALUE || now - backlogReadAt >= backlogMaxAge.toMillis()) {
            try {
                backlog = backlogReader.read();
                backlogReadAt = now;
                if (failing) {
                    failing = false;
                    LOG.info("Meta metrics: the outbox backlog is readable again");
                }
            } catch (RuntimeException e) {
                if (!failing) {
                    failing = true;
                    LOG.warn("Meta metrics: could not read the outbox backlog (showing the last value): " + e);
                }
            }
        }
        PixelBacklog b = backlog.get(pixelId);
        return b == null ? PixelBacklog.EMPTY : b;
    }
}
