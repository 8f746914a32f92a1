package io.github.broadleafmeta.core.alert;

import io.github.broadleafmeta.core.dispatch.CircuitBreaker;
import io.github.broadleafmeta.core.dispatch.JdbcDispatchStatus;
import io.github.broadleafmeta.core.outbox.JdbcOutbox;
import io.github.broadleafmeta.core.outbox.OutboxStatus;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
import javax.sql.DataSource;

/**
 * Delivery state from the shared database, so every node (and the health endpoint of every node) sees the same:
 * circuits from {@link JdbcDispatchStatus} (rows of live nodes only), held pixels and the last hour's outcomes from
 * the outbox's read methods, and the oldest waiting event per pixel from one grouped query on the outbox table
 * (the only SQL of the alerts against the outbox, kept here). Answers are cached for {@code cacheFor}: rules of one
 * evaluation and a burst of health requests share one read.
 */
public final class JdbcDeliveryHealth implements DeliveryHealth {

    public static final Duration DEFAULT_CACHE = Duration.ofSeconds(5);

    private final DataSource dataSource;
    private final JdbcOutbox outbox;
    private final JdbcDispatchStatus status;
    private final Clock clock;
    private final Duration cacheFor;
    private List<String> cachedPixels;
    private Map<String, PixelDelivery> cached;
    private Instant cachedAt;

    public JdbcDeliveryHealth(DataSource dataSource, JdbcOutbox outbox, JdbcDispatchStatus status, Clock clock,
            Duration cacheFor) {
        if (dataSource == null || outbox == null || status == null || clock == null || cacheFor == null) {
            throw new IllegalArgumentException("dataSource, outbox, status, clock and cacheFor are required");
        }
        this.dataSource = dataSource;
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
        Map<String, Instant> oldest = oldestWaiting();
        Map<String, Map<OutboxStatus, Long>> lastHour = outbox.countsByStatus(now.minus(Duration.ofHours(1)));
        Map<String, PixelDelivery> out = new LinkedHashMap<String, PixelDelivery>();
        for (String pixelId : pixelIds) {
            Map<OutboxStatus, Long> counts = lastHour.get(pixelId);
            out.put(pixelId, new PixelDelivery(pixelId, circuitState.get(pixelId), circuitSince.get(pixelId),
                    held.contains(pixelId), oldest.get(pixelId), count(counts, OutboxStatus.SENT),
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

    /** Pixel id → creation time of its oldest PENDING or IN_FLIGHT row. */
    private Map<String, Instant> oldestWaiting() {
        Map<String, Instant> out = new HashMap<String, Instant>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT pixel_id, MIN(created_at) FROM "
                        + outbox.tableName() + " WHERE status IN ('PENDING', 'IN_FLIGHT') GROUP BY pixel_id")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the oldest waiting events", e);
        }
    }
}
