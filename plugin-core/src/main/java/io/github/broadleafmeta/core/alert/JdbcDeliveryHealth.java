package io.github.broadleafmeta.core.alert;

import io.github.broadleafmeta.core.dispatch.CircuitBreaker;
import io.github.broadleafmeta.core.dispatch.JdbcDispatchStatus;
import io.github.broadleafmeta.core.outbox.Backlog;
import io.github.broadleafmeta.core.outbox.JdbcOutbox;
import io.github.broadleafmeta.core.outbox.OutboxStatus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Delivery state from the shared database, so every node (and the health endpoint of every node) sees the same:
 * circuits from {@link JdbcDispatchStatus} (rows of live nodes only); held pixels, the last hour's outcomes and the
 * oldest waiting event per pixel from the outbox's read methods. Answers are cached for {@code cacheFor}: rules of
 * one evaluation and a burst of health requests share one read.
 */
public final class JdbcDeliveryHealth implements DeliveryHealth {

    public static final Duration DEFAULT_CACHE = Duration.ofSeconds(5);

    private final JdbcOutbox outbox;
    private final JdbcDispatchStatus status;
    private final Clock clock;
    private final Duration cacheFor;
    private List<String> cachedPixels;
    private Map<String, PixelDelivery> cached;
    private Instant cachedAt;

    public JdbcDeliveryHealth(JdbcOutbox outbox, JdbcDispatchStatus status, Clock clock, Duration cacheFor) {
        if (outbox == null || status == null || clock == null || cacheFor == null) {
            throw new IllegalArgumentException("outbox, status, clock and cacheFor are required");
        }
        this.outbox = outbox;
        this.status = status;
        this.clock = clock;
        this.cacheFor = cacheFor;
    }

    @Override
    public synchronized Map<String, PixelDelivery> read(List<String> pixelIds) {
        Instant now = clock.instant();
        if (cached != null && pixelIds.equals(cachedPixels) && now.isBefore(cachedAt.plus(cacheFor))) {
            return cached;
        }
        Map<String, String> circuitState = new HashMap<String, String>();
        Map<String, Instant> circuitSince = new HashMap<String, Instant>();
        for (JdbcDispatchStatus.CircuitRow row : status.unhealthyCircuits(JdbcDispatchStatus.DEFAULT_STALE_AFTER)) {
            String worst = circuitState.get(row.pixelId());
            if (worst == null || row.state() == CircuitBreaker.State.OPEN) {
                circuitState.put(row.pixelId(), row.state().name());
            }
            Instant since = circuitSince.get(row.pixelId());
            if (since == null || row.changedAt().isBefore(since)) {
                circuitSince.put(row.pixelId(), row.changedAt());
            }
        }
        Set<String> held = outbox.heldFingerprints().keySet();
        Map<String, Backlog> backlog = outbox.backlogByPixel();
        Map<String, Map<OutboxStatus, Long>> lastHour = outbox.countsByStatus(now.minus(Duration.ofHours(1)));
        Map<String, PixelDelivery> out = new LinkedHashMap<String, PixelDelivery>();
        for (String pixelId : pixelIds) {
            Map<OutboxStatus, Long> counts = lastHour.get(pixelId);
            out.put(pixelId, new PixelDelivery(pixelId, circuitState.get(pixelId), circuitSince.get(pixelId),
                    held.contains(pixelId), oldestWaiting(backlog.get(pixelId)), count(counts, OutboxStatus.SENT),
                    count(counts, OutboxStatus.REJECTED)));
        }
        cached = Collections.unmodifiableMap(out);
        cachedPixels = new ArrayList<String>(pixelIds);
        cachedAt = now;
        return cached;
    }

    private static long count(Map<OutboxStatus, Long> counts, OutboxStatus status) {
        Long n = counts == null ? null : counts.get(status);
        return n == null ? 0 : n;
    }

    private static Instant oldestWaiting(Backlog backlog) {
        return backlog == null ? null : backlog.oldestCreatedAt();
    }
}
