package io.github.broadleafmeta.core.tracking;

import io.github.broadleafmeta.core.jdbc.JdbcTables;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import javax.sql.DataSource;

/**
 * The plugin's own small tables for Purchases rebuilt from orders (the outbox table is not touched):
 * <ul>
 *   <li>{@value #FIRST_CONFIGURED}: per pixel, the moment it was first seen configured and enabled. Written once,
 *       never moved: the sweep rebuilds automatically only orders placed after it.</li>
 *   <li>{@value #ORIGIN}: which outbox events (pixel, event id) the sweep or a backfill rebuilt, for the delivery
 *       log.</li>
 *   <li>{@value #BACKFILL}: backfills an admin asked for (the admin is another JVM; a store node runs them).</li>
 * </ul>
 * Plain portable SQL (HSQLDB, PostgreSQL, MariaDB); times are epoch milliseconds. Inserts that lose a race with
 * another node end in a duplicate key, which is what the caller wanted anyway.
 */
public final class PurchaseRecoveryStore {

    public static final String FIRST_CONFIGURED = "META_PIXEL_FIRST_CONFIGURED";
    public static final String ORIGIN = "META_PURCHASE_ORIGIN";
    public static final String BACKFILL = "META_PURCHASE_BACKFILL";

    /** How a Purchase in the outbox came to be there when it was not written by the checkout request. */
    public enum Origin {
        /** The dispatcher's sweep found the order without its Purchase. */
        SWEEP,
        /** An admin's backfill of orders placed before the pixel was configured. */
        BACKFILL
    }

    /** One backfill an admin asked for: orders submitted in [from, to) for one pixel. */
    public static final class BackfillRequest {
        public final String pixelId;
        public final Instant requestedAt;
        public final String requestedBy;
        public final Instant from;
        public final Instant to;
        /** Null while waiting for a store node. */
        public final Instant doneAt;
        public final int rebuilt;

        BackfillRequest(String pixelId, Instant requestedAt, String requestedBy, Instant from, Instant to,
                Instant doneAt, int rebuilt) {
            this.pixelId = pixelId;
            this.requestedAt = requestedAt;
            this.requestedBy = requestedBy;
            this.from = from;
            this.to = to;
            this.doneAt = doneAt;
            this.rebuilt = rebuilt;
        }
    }

    private static final Log LOG = LogFactory.getLog(PurchaseRecoveryStore.class);
    private static final int MAX_REQUESTED_BY = 100;

    private final DataSource dataSource;
    private final ConcurrentMap<String, Instant> firstConfigured = new ConcurrentHashMap<String, Instant>();
    private volatile boolean ready;

    public PurchaseRecoveryStore(DataSource dataSource) {
        if (dataSource == null) {
            throw new IllegalArgumentException("dataSource is required");
        }
        this.dataSource = dataSource;
    }

    /** Creates the tables that are missing (several nodes may start at once). */
    public synchronized void initialize() {
        if (ready) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            JdbcTables.createIfMissing(c, FIRST_CONFIGURED, "CREATE TABLE " + FIRST_CONFIGURED + " (pixel_id VARCHAR(32) NOT NULL"
                    + " PRIMARY KEY, first_configured_at BIGINT NOT NULL)");
            JdbcTables.createIfMissing(c, ORIGIN, "CREATE TABLE " + ORIGIN + " (pixel_id VARCHAR(32) NOT NULL, event_id VARCHAR(100)"
                    + " NOT NULL, origin VARCHAR(16) NOT NULL, rebuilt_at BIGINT NOT NULL,"
                    + " PRIMARY KEY (pixel_id, event_id))");
            JdbcTables.createIfMissing(c, BACKFILL, "CREATE TABLE " + BACKFILL + " (pixel_id VARCHAR(32) NOT NULL, requested_at BIGINT"
                    + " NOT NULL, requested_by VARCHAR(100) NOT NULL, window_from BIGINT NOT NULL, window_to BIGINT"
                    + " NOT NULL, done_at BIGINT, rebuilt INTEGER NOT NULL, PRIMARY KEY (pixel_id, requested_at))");
            commit(c);
            ready = true;
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the Purchase recovery tables: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------------------------ first configured

    /**
     * Records that the pixel is configured and enabled at {@code now}, unless a moment is already recorded: the
     * first one stays. Returns the recorded moment.
     */
    public Instant recordConfigured(String pixelId, Instant now) {
        Instant known = firstConfigured.get(pixelId);
        if (known != null) {
            return known;
        }
        initialize();
        Instant stored = firstConfigured(pixelId);
        if (stored == null) {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO " + FIRST_CONFIGURED + " (pixel_id, first_configured_at) VALUES (?, ?)")) {
                ps.setString(1, pixelId);
                ps.setLong(2, now.toEpochMilli());
                ps.executeUpdate();
                commit(c);
                LOG.info("Meta tracking: pixel " + pixelId + " first configured; Purchases of orders placed from now"
                        + " on are rebuilt automatically when missing");
            } catch (SQLException e) {
                // Another node recorded it first: read what it wrote.
                LOG.debug("Meta tracking: first-configured insert for " + pixelId + " lost a race: " + e);
            }
            stored = firstConfigured(pixelId);
        }
        if (stored != null) {
            firstConfigured.put(pixelId, stored);
        }
        return stored;
    }

    /** When the pixel was first configured, or null when it never was. */
    public Instant firstConfigured(String pixelId) {
        initialize();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT first_configured_at FROM " + FIRST_CONFIGURED + " WHERE pixel_id = ?")) {
            ps.setString(1, pixelId);
            try (ResultSet rs = ps.executeQuery()) {
                Instant at = rs.next() ? Instant.ofEpochMilli(rs.getLong(1)) : null;
                commit(c);
                return at;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read " + FIRST_CONFIGURED + ": " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------------------------------- origins

    /** Notes that the event was rebuilt; a second note for the same event keeps the first. */
    public void recordOrigin(String pixelId, String eventId, Origin origin, Instant now) {
        initialize();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO " + ORIGIN + " (pixel_id, event_id, origin, rebuilt_at) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, pixelId);
            ps.setString(2, eventId);
            ps.setString(3, origin.name());
            ps.setLong(4, now.toEpochMilli());
            ps.executeUpdate();
            commit(c);
        } catch (SQLException e) {
            if (origin(pixelId, eventId) == null) {
                throw new IllegalStateException("could not record the origin of " + eventId + ": " + e.getMessage(),
                        e);
            }
        }
    }

    /**
     * Removes the notes of events rebuilt before {@code before} (retention: by then the outbox has deleted their
     * rows, so the delivery log can no longer show them). Returns how many were removed.
     */
    public int removeOriginsBefore(Instant before) {
        initialize();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "DELETE FROM " + ORIGIN + " WHERE rebuilt_at < ?")) {
            ps.setLong(1, before.toEpochMilli());
            int removed = ps.executeUpdate();
            commit(c);
            return removed;
        } catch (SQLException e) {
            throw new IllegalStateException("could not remove old rows of " + ORIGIN + ": " + e.getMessage(), e);
        }
    }

    public Origin origin(String pixelId, String eventId) {
        return origins(java.util.Collections.singletonList(eventId)).get(key(pixelId, eventId));
    }

    /**
     * The origins of the given event ids (one page of the delivery log), keyed by {@link #key(String, String)};
     * events written by the checkout request are absent.
     */
    public Map<String, Origin> origins(Collection<String> eventIds) {
        Map<String, Origin> out = new HashMap<String, Origin>();
        if (eventIds.isEmpty()) {
            return out;
        }
        initialize();
        StringBuilder sql = new StringBuilder("SELECT pixel_id, event_id, origin FROM " + ORIGIN
                + " WHERE event_id IN (");
        for (int i = 0; i < eventIds.size(); i++) {
            sql.append(i == 0 ? "?" : ", ?");
        }
        sql.append(')');
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            for (String id : eventIds) {
                ps.setString(i++, id);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(key(rs.getString(1), rs.getString(2)), Origin.valueOf(rs.getString(3)));
                }
            }
            commit(c);
        } catch (SQLException | IllegalArgumentException e) {
            throw new IllegalStateException("could not read " + ORIGIN + ": " + e.getMessage(), e);
        }
        return out;
    }

    public static String key(String pixelId, String eventId) {
        return pixelId + "/" + eventId;
    }

    // ------------------------------------------------------------------------------------------ backfills

    /** Records an admin's backfill request; a store node's sweep runs it. */
    public void requestBackfill(String pixelId, String requestedBy, Instant from, Instant to, Instant now) {
        initialize();
        String who = requestedBy == null || requestedBy.trim().isEmpty() ? "unknown" : requestedBy.trim();
        if (who.length() > MAX_REQUESTED_BY) {
            who = who.substring(0, MAX_REQUESTED_BY);
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO " + BACKFILL + " (pixel_id, requested_at, requested_by, window_from, window_to,"
                        + " done_at, rebuilt) VALUES (?, ?, ?, ?, ?, NULL, 0)")) {
            ps.setString(1, pixelId);
            ps.setLong(2, now.toEpochMilli());
            ps.setString(3, who);
            ps.setLong(4, from.toEpochMilli());
            ps.setLong(5, to.toEpochMilli());
            ps.executeUpdate();
            commit(c);
        } catch (SQLException e) {
            throw new IllegalStateException("could not record the backfill request: " + e.getMessage(), e);
        }
    }

    /** Backfills not yet run, oldest first. */
    public List<BackfillRequest> pendingBackfills() {
        return backfills("WHERE done_at IS NULL ORDER BY requested_at", 100);
    }

    /** The latest backfills, newest first (the admin's history). */
    public List<BackfillRequest> recentBackfills(int limit) {
        return backfills("ORDER BY requested_at DESC", limit);
    }

    private List<BackfillRequest> backfills(String where, int limit) {
        initialize();
        List<BackfillRequest> out = new ArrayList<BackfillRequest>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pixel_id, requested_at, requested_by, window_from, window_to,"
                        + " done_at, rebuilt FROM " + BACKFILL + " " + where)) {
            while (rs.next() && out.size() < limit) {
                long done = rs.getLong(6);
                boolean pending = rs.wasNull();
                out.add(new BackfillRequest(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3),
                        Instant.ofEpochMilli(rs.getLong(4)), Instant.ofEpochMilli(rs.getLong(5)),
                        pending ? null : Instant.ofEpochMilli(done), rs.getInt(7)));
            }
            commit(c);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read " + BACKFILL + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Marks a backfill as run (by whichever node got there; a second run only finds duplicates). */
    public void completeBackfill(BackfillRequest request, int rebuilt, Instant now) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE " + BACKFILL + " SET done_at = ?, rebuilt = ? WHERE pixel_id = ? AND requested_at = ?"
                        + " AND done_at IS NULL")) {
            ps.setLong(1, now.toEpochMilli());
            ps.setInt(2, rebuilt);
            ps.setString(3, request.pixelId);
            ps.setLong(4, request.requestedAt.toEpochMilli());
            ps.executeUpdate();
            commit(c);
        } catch (SQLException e) {
            throw new IllegalStateException("could not complete the backfill: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------------------------------ internals


    private static void commit(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }
}
