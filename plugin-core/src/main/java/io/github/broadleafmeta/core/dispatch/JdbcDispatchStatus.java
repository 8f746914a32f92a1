package io.github.broadleafmeta.core.dispatch;

import io.github.broadleafmeta.core.jdbc.JdbcTables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Makes the dispatcher's circuit breakers visible to other JVMs (the admin): every transition is written to the
 * table {@code META_DISPATCH_STATUS}, one row per pixel and node, and while a circuit is not CLOSED its row is
 * refreshed every {@link #DEFAULT_HEARTBEAT}, so a reader can ignore rows of nodes that stopped (see
 * {@link #unhealthyCircuits}). Writes run on one daemon thread: the dispatcher never waits for the database, and a
 * failed write is logged (once per failure streak) and otherwise ignored. Plain JDBC, no storefront classes.
 */
public final class JdbcDispatchStatus implements DispatchListener {

    public static final String TABLE = "META_DISPATCH_STATUS";
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofMinutes(1);
    /** Rows older than this are from a node that stopped or lost the database: ignore them. */
    public static final Duration DEFAULT_STALE_AFTER = Duration.ofMinutes(10);
    /** Rows not refreshed for this long belong to nodes that stopped (or closed circuits): deleted. */
    public static final Duration PRUNE_AFTER = Duration.ofDays(1);
    private static final int MAX_QUEUED_WRITES = 1000;
    private static final Log LOG = LogFactory.getLog(JdbcDispatchStatus.class);

    /** One node's view of one pixel's circuit. */
    public static final class CircuitRow {
        private final String pixelId;
        private final String nodeId;
        private final CircuitBreaker.State state;
        private final Instant changedAt;
        private final Instant updatedAt;
        private final String reason;

        CircuitRow(String pixelId, String nodeId, CircuitBreaker.State state, Instant changedAt, Instant updatedAt,
                String reason) {
            this.pixelId = pixelId;
            this.nodeId = nodeId;
            this.state = state;
            this.changedAt = changedAt;
            this.updatedAt = updatedAt;
            this.reason = reason;
        }

        public String pixelId() {
            return pixelId;
        }

        public String nodeId() {
            return nodeId;
        }

        public CircuitBreaker.State state() {
            return state;
        }

        /** When the circuit entered {@link #state()}. */
        public Instant changedAt() {
            return changedAt;
        }

        /** The node's last write (transition or heartbeat). */
        public Instant updatedAt() {
            return updatedAt;
        }

        public String reason() {
            return reason;
        }

        @Override
        public String toString() {
            return "CircuitRow{pixel=" + pixelId + ", node=" + nodeId + ", state=" + state + ", changedAt="
                    + changedAt + "}";
        }
    }

    private static final class Current {
        final CircuitBreaker.State state;
        final Instant changedAt;
        final String reason;

        Current(CircuitBreaker.State state, Instant changedAt, String reason) {
            this.state = state;
            this.changedAt = changedAt;
            this.reason = reason;
        }
    }

    private final DataSource dataSource;
    private final Clock clock;
    private final String nodeId;
    private final Duration heartbeat;
    private final Map<String, Current> circuits = new ConcurrentHashMap<String, Current>();
    private volatile ScheduledThreadPoolExecutor writer;
    private volatile boolean failing;

    public JdbcDispatchStatus(DataSource dataSource, Clock clock, String nodeId, Duration heartbeat) {
        if (dataSource == null || clock == null || heartbeat == null || heartbeat.isNegative() || heartbeat.isZero()) {
            throw new IllegalArgumentException("dataSource, clock and a positive heartbeat are required");
        }
        if (nodeId == null || nodeId.trim().isEmpty() || nodeId.length() > 100) {
            throw new IllegalArgumentException("nodeId must have 1..100 characters");
        }
        this.dataSource = dataSource;
        this.clock = clock;
        this.nodeId = nodeId;
        this.heartbeat = heartbeat;
    }

    /** For the admin (reading only) and the storefront: the host name plus a random suffix as node id. */
    public JdbcDispatchStatus(DataSource dataSource) {
        this(dataSource, Clock.systemUTC(), DispatcherConfig.defaultNodeId(), DEFAULT_HEARTBEAT);
    }

    public String nodeId() {
        return nodeId;
    }

    /**
     * Creates the table when missing (several nodes may start at once) and starts the writer thread. Never throws:
     * without the table the dashboard only lacks the circuit banner.
     */
    public synchronized void initialize() {
        try (Connection c = dataSource.getConnection()) {
            if (!tableExists(c)) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE " + TABLE + " (pixel_id VARCHAR(32) NOT NULL, node_id VARCHAR(100) NOT NULL, "
                            + "circuit_state VARCHAR(16) NOT NULL, changed_at BIGINT NOT NULL, "
                            + "updated_at BIGINT NOT NULL, reason VARCHAR(200), PRIMARY KEY (pixel_id, node_id))");
                } catch (SQLException e) {
                    if (!tableExists(c)) {
                        throw e;
                    }
                }
                if (!c.getAutoCommit()) {
                    c.commit();
                }
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Meta CAPI: could not create " + TABLE + " (the admin shows no circuit banner): " + e);
        }
        if (writer == null) {
            ScheduledThreadPoolExecutor w = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "meta-capi-status");
                t.setDaemon(true);
                return t;
            });
            w.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            w.scheduleWithFixedDelay(this::heartbeat, heartbeat.toMillis(), heartbeat.toMillis(),
                    TimeUnit.MILLISECONDS);
            writer = w;
        }
    }

    /** Stops the writer thread (pending writes are dropped). */
    public synchronized void close() {
        if (writer != null) {
            writer.shutdownNow();
            writer = null;
        }
    }

    private static boolean tableExists(Connection c) throws SQLException {
        return JdbcTables.exists(c, TABLE);
    }

    // ------------------------------------------------------------------------------------------------ writing

    @Override
    public void circuitChanged(final String pixelId, CircuitBreaker.State from, final CircuitBreaker.State to) {
        try {
            final Current now = new Current(to, clock.instant(), reason(from, to));
            if (to == CircuitBreaker.State.CLOSED) {
                circuits.remove(pixelId);
            } else {
                circuits.put(pixelId, now);
            }
            submit(() -> write(pixelId, now));
        } catch (RuntimeException e) {
            LOG.debug("Meta CAPI: circuit status not recorded", e);
        }
    }

    private static String reason(CircuitBreaker.State from, CircuitBreaker.State to) {
        switch (to) {
            case OPEN:
                return from == CircuitBreaker.State.HALF_OPEN ? "the probe request failed again"
                        : "repeated failed requests to the Graph API";
            case HALF_OPEN:
                return "probing whether the Graph API answers again";
            default:
                return "requests succeed again";
        }
    }

    private void submit(Runnable task) {
        ScheduledThreadPoolExecutor w = writer;
        if (w == null) {
            return; // not initialized or closed: nothing is recorded
        }
        if (w.getQueue().size() > MAX_QUEUED_WRITES) {
            return;
        }
        try {
            w.execute(task);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    /**
     * Refreshes the rows of circuits that are not CLOSED, so readers know this node still reports them, and deletes
     * rows nobody refreshed for {@link #PRUNE_AFTER}: every restart brings a new node id, so old ones would pile up.
     */
    void heartbeat() {
        for (Map.Entry<String, Current> e : circuits.entrySet()) {
            write(e.getKey(), e.getValue());
        }
        pruneAbandonedRows();
    }

    int pruneAbandonedRows() {
        try (Connection con = dataSource.getConnection();
                PreparedStatement ps = con.prepareStatement("DELETE FROM " + TABLE + " WHERE updated_at < ?")) {
            ps.setLong(1, clock.millis() - PRUNE_AFTER.toMillis());
            int deleted = ps.executeUpdate();
            if (!con.getAutoCommit()) {
                con.commit();
            }
            return deleted;
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Meta CAPI: old rows of " + TABLE + " not pruned", e);
            return 0;
        }
    }

    void write(String pixelId, Current c) {
        long now = clock.millis();
        try (Connection con = dataSource.getConnection()) {
            int updated;
            try (PreparedStatement ps = con.prepareStatement("UPDATE " + TABLE
                    + " SET circuit_state = ?, changed_at = ?, updated_at = ?, reason = ? WHERE pixel_id = ? AND node_id = ?")) {
                ps.setString(1, c.state.name());
                ps.setLong(2, c.changedAt.toEpochMilli());
                ps.setLong(3, now);
                ps.setString(4, c.reason);
                ps.setString(5, pixelId);
                ps.setString(6, nodeId);
                updated = ps.executeUpdate();
            }
            if (updated == 0) {
                try (PreparedStatement ps = con.prepareStatement("INSERT INTO " + TABLE
                        + " (pixel_id, node_id, circuit_state, changed_at, updated_at, reason) VALUES (?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, pixelId);
                    ps.setString(2, nodeId);
                    ps.setString(3, c.state.name());
                    ps.setLong(4, c.changedAt.toEpochMilli());
                    ps.setLong(5, now);
                    ps.setString(6, c.reason);
                    ps.executeUpdate();
                }
            }
            if (!con.getAutoCommit()) {
                con.commit();
            }
            if (failing) {
                LOG.info("Meta CAPI: writing " + TABLE + " works again");
            }
            failing = false;
        } catch (SQLException | RuntimeException e) {
            if (!failing) {
                LOG.warn("Meta CAPI: could not record the circuit state of pixel " + pixelId + " in " + TABLE
                        + " (delivery is not affected): " + e);
            }
            failing = true;
        }
    }

    // ------------------------------------------------------------------------------------------------ reading

    /**
     * The circuits some node reports OPEN or HALF_OPEN, written within {@code staleAfter}; oldest change first.
     * Empty when the table is missing or unreadable.
     */
    public List<CircuitRow> unhealthyCircuits(Duration staleAfter) {
        long since = clock.millis() - staleAfter.toMillis();
        List<CircuitRow> rows = new ArrayList<CircuitRow>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT pixel_id, node_id, circuit_state, changed_at, "
                        + "updated_at, reason FROM " + TABLE + " WHERE circuit_state <> ? AND updated_at >= ? "
                        + "ORDER BY changed_at, pixel_id, node_id")) {
            ps.setString(1, CircuitBreaker.State.CLOSED.name());
            ps.setLong(2, since);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    CircuitBreaker.State state;
                    try {
                        state = CircuitBreaker.State.valueOf(rs.getString(3));
                    } catch (IllegalArgumentException e) {
                        continue;
                    }
                    rows.add(new CircuitRow(rs.getString(1), rs.getString(2), state,
                            Instant.ofEpochMilli(rs.getLong(4)), Instant.ofEpochMilli(rs.getLong(5)), rs.getString(6)));
                }
            }
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Meta CAPI: could not read " + TABLE, e);
            return Collections.emptyList();
        }
        return Collections.unmodifiableList(rows);
    }

    @Override
    public String toString() {
        return "JdbcDispatchStatus{" + TABLE + ", node=" + nodeId + "}";
    }
}
