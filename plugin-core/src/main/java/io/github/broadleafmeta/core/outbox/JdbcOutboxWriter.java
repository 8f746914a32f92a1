package io.github.broadleafmeta.core.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The write side: one event record plus its queue row per enqueue, in one transaction (one statement on
 * PostgreSQL), and the rendered mark in its own narrow table so a page view never rewrites the event record.
 *
 * <p>Every write takes its connection from {@link #writeConnection()} and ends it in {@link #finish}: the one
 * place to change for writing inside a host transaction instead of on a connection of its own.
 */
final class JdbcOutboxWriter implements OutboxWriter {

    private static final Log LOG = LogFactory.getLog(JdbcOutbox.class);

    private final DataSource dataSource;
    private final OutboxConfig config;
    private final Clock clock;
    private final EnqueueListener enqueueListener;
    private final OutboxSchema schema;
    private final OutboxSql sql;

    private final AtomicLong lastEnqueueFailureLog = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressedEnqueueFailures = new AtomicLong();

    JdbcOutboxWriter(DataSource dataSource, OutboxConfig config, Clock clock, EnqueueListener enqueueListener,
            OutboxSchema schema) {
        this.dataSource = dataSource;
        this.config = config;
        this.clock = clock;
        this.enqueueListener = enqueueListener;
        this.schema = schema;
        this.sql = new OutboxSql(config);
    }

    /** The connection a write runs on: a plain one of the outbox's data source, committed by the write itself. */
    private Connection writeConnection() throws SQLException {
        return dataSource.getConnection();
    }

    /** Ends a write begun on {@link #writeConnection()}: commit or roll back, then close. */
    private static void finish(Connection c, boolean commit) throws SQLException {
        try {
            if (!c.getAutoCommit()) {
                if (commit) {
                    c.commit();
                } else {
                    c.rollback();
                }
            }
        } finally {
            c.close();
        }
    }

    @Override
    public EnqueueResult enqueue(OutboxEntry entry) {
        EnqueueResult result;
        try {
            result = doEnqueue(entry);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            logEnqueueFailure(entry, e);
            result = EnqueueResult.failed(e);
        }
        try {
            enqueueListener.enqueued(entry, result);
        } catch (RuntimeException e) {
            LOG.debug("Meta event outbox: enqueue listener failed", e);
        }
        return result;
    }

    private EnqueueResult doEnqueue(OutboxEntry e) throws SQLException {
        if (e == null) {
            throw new IllegalArgumentException("entry is null");
        }
        Connection c = writeConnection();
        boolean commit = false;
        try {
            Dialect d = schema.dialect(c);
            long now = clock.millis();
            if (d == Dialect.POSTGRESQL) {
                // Event record and queue row in one statement: no transaction to open, one round trip.
                try (PreparedStatement ps = c.prepareStatement(d.insertSql(sql.events()))) {
                    int i = bindEvent(ps, e, now);
                    ps.setLong(i, now);
                    int n = ps.executeUpdate();
                    commit = true;
                    return n == 1 ? EnqueueResult.enqueued() : EnqueueResult.duplicate();
                }
            }
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                long id;
                try (PreparedStatement ps = c.prepareStatement(d.insertSql(sql.events()),
                        Statement.RETURN_GENERATED_KEYS)) {
                    bindEvent(ps, e, now);
                    ps.executeUpdate();
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        if (!keys.next()) {
                            throw new SQLException("the database returned no id for the new outbox row");
                        }
                        id = keys.getLong(1);
                    }
                } catch (SQLException ex) {
                    if (d.isDuplicateKey(ex)) {
                        return EnqueueResult.duplicate();
                    }
                    throw ex;
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + sql.queue()
                        + " (id, pixel_id, due_at, attempts) VALUES (?, ?, ?, 0)")) {
                    ps.setLong(1, id);
                    ps.setString(2, e.pixelId());
                    ps.setLong(3, now);
                    ps.executeUpdate();
                }
                commit = true;
                return EnqueueResult.enqueued();
            } finally {
                if (!commit) {
                    c.rollback();
                } else {
                    c.commit();
                }
                c.setAutoCommit(autoCommit);
            }
        } finally {
            finish(c, commit);
        }
    }

    private static int bindEvent(PreparedStatement ps, OutboxEntry e, long now) throws SQLException {
        ps.setString(1, e.pixelId());
        ps.setString(2, e.eventName());
        ps.setString(3, e.eventId());
        ps.setLong(4, e.eventTime());
        ps.setString(5, e.payloadJson());
        OutboxSql.setNullableString(ps, 6, e.confirmationKey());
        OutboxSql.setNullableString(ps, 7, e.orderNumber());
        OutboxSql.setNullableString(ps, 8, e.matchKeys());
        ps.setLong(9, now);
        ps.setLong(10, now);
        OutboxSql.setNullableLong(ps, 11, e.browserRendered() ? Long.valueOf(now) : null);
        return 12;
    }

    private void logEnqueueFailure(OutboxEntry e, Throwable ex) {
        // A database outage would otherwise log once per cart click: one WARN per interval, the rest counted.
        long now = System.nanoTime();
        long last = lastEnqueueFailureLog.get();
        long interval = config.enqueueFailureLogInterval().toNanos();
        if (last == Long.MIN_VALUE || now - last >= interval) {
            if (lastEnqueueFailureLog.compareAndSet(last, now)) {
                long suppressed = suppressedEnqueueFailures.getAndSet(0);
                String what = e == null ? "null entry" : "event " + e.eventName() + " event_id=" + e.eventId()
                        + " pixel=" + e.pixelId();
                // The message of a JDBC exception can echo SQL text, never our bound values; no payload here.
                LOG.warn("Meta event outbox: could not enqueue " + what + ": " + ex.getClass().getName() + ": "
                        + ex.getMessage() + (suppressed > 0 ? " (" + suppressed + " similar failures not logged)"
                                : "") + "; the storefront request continues");
                return;
            }
        }
        suppressedEnqueueFailures.incrementAndGet();
    }

    @Override
    public boolean markBrowserRendered(String pixelId, String eventName, String eventId) {
        // A narrow insert keyed by the event: the first one wins by the primary key, later ones insert nothing or
        // hit the key. Events recorded with their browser copy (browser_rendered_at) and unknown events insert
        // nothing.
        try {
            Connection c = writeConnection();
            boolean commit = false;
            try {
                Dialect d = schema.dialect(c);
                String insert = "INSERT INTO " + sql.rendered() + " (pixel_id, event_name, event_id, rendered_at) "
                        + "SELECT pixel_id, event_name, event_id, ? FROM " + sql.events() + " WHERE pixel_id = ? AND "
                        + "event_name = ? AND event_id = ? AND browser_rendered_at IS NULL"
                        + (d == Dialect.POSTGRESQL ? " ON CONFLICT DO NOTHING" : "");
                try (PreparedStatement ps = c.prepareStatement(insert)) {
                    ps.setLong(1, clock.millis());
                    ps.setString(2, pixelId);
                    ps.setString(3, eventName);
                    ps.setString(4, eventId);
                    int n = ps.executeUpdate();
                    commit = true;
                    return n == 1;
                } catch (SQLException ex) {
                    if (d.isDuplicateKey(ex)) {
                        return false;
                    }
                    throw ex;
                }
            } finally {
                finish(c, commit);
            }
        } catch (SQLException e) {
            LOG.warn("Meta event outbox: could not record the browser copy of " + eventName + " event_id=" + eventId
                    + ": " + e);
            return false;
        }
    }

    @Override
    public boolean contains(String pixelId, String eventName, String eventId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + sql.events()
                        + " WHERE pixel_id = ? AND event_name = ? AND event_id = ?")) {
            ps.setString(1, pixelId);
            ps.setString(2, eventName);
            ps.setString(3, eventId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new OutboxException("Could not look up " + eventName + " event_id=" + eventId, e);
        }
    }
}
