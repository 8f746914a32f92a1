package io.github.broadleafmeta.core.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The write side: one event record plus its queue row per enqueue, in one transaction (one statement on
 * PostgreSQL), and the rendered mark in its own narrow table so a page view never rewrites the event record.
 *
 * <p>Every write runs through {@link #write} (a connection of the outbox's own, committed here) or
 * {@link #enqueueAll(List, Connection)} (the caller's open transaction, never committed here): the two places
 * that decide which connection a write uses and who ends it.
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

    private interface WriteWork<T> {
        T run(Connection c, Dialect d) throws SQLException;
    }

    /**
     * Runs one write on a connection of the outbox's own data source, committed here (writes inside a host's open
     * transaction go through {@link #enqueueAll(List, Connection)} instead). {@code oneStatement} work on an auto-commit connection runs without an explicit transaction:
     * one round trip instead of two. A duplicate key ends no transaction early: each write avoids or survives it.
     */
    private <T> T write(boolean oneStatement, CommitMode mode, WriteWork<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Dialect d = schema.dialect(c);
            if (OutboxSql.commitsAsynchronously(config, d, mode)) {
                // The setting is transaction-local, so even one statement needs an explicit transaction.
                return OutboxSql.inTransaction(c, () -> {
                    OutboxSql.commitAsynchronously(c);
                    return work.run(c, d);
                });
            }
            if (oneStatement && c.getAutoCommit()) {
                return work.run(c, d);
            }
            return OutboxSql.inTransaction(c, () -> work.run(c, d));
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
        long now = clock.millis();
        // PostgreSQL writes the event record and its queue row in one statement (known once the dialect is).
        boolean oneStatement = schema.dialect() == Dialect.POSTGRESQL;
        return write(oneStatement, CommitMode.SYNCHRONOUS, (c, d) -> d == Dialect.POSTGRESQL
                ? enqueueInOneStatement(c, d, e, now) : enqueueInTwoStatements(c, d, e, now));
    }

    @Override
    public List<EnqueueResult> enqueueAll(List<OutboxEntry> entries) {
        return enqueueAll(entries, CommitMode.SYNCHRONOUS);
    }

    @Override
    public List<EnqueueResult> enqueueAll(List<OutboxEntry> entries, CommitMode mode) {
        List<EnqueueResult> results;
        try {
            long now = clock.millis();
            results = entries.isEmpty() ? new ArrayList<EnqueueResult>()
                    : write(false, mode, (c, d) -> insertAll(c, d, entries, now));
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            results = failedAll(entries, e);
        }
        return told(entries, results);
    }

    @Override
    public List<EnqueueResult> enqueueAll(List<OutboxEntry> entries, Connection hostTransaction) {
        List<EnqueueResult> results;
        try {
            Dialect d = schema.dialect(hostTransaction);
            Savepoint savepoint = hostTransaction.setSavepoint();
            try {
                results = insertAll(hostTransaction, d, entries, clock.millis());
                hostTransaction.releaseSavepoint(savepoint);
            } catch (SQLException | RuntimeException e) {
                hostTransaction.rollback(savepoint);
                throw e;
            }
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            results = failedAll(entries, e);
        }
        return told(entries, results);
    }

    private List<EnqueueResult> insertAll(Connection c, Dialect d, List<OutboxEntry> entries, long now)
            throws SQLException {
        List<EnqueueResult> results = new ArrayList<EnqueueResult>(entries.size());
        for (OutboxEntry e : entries) {
            if (e == null) {
                throw new IllegalArgumentException("entry is null");
            }
            results.add(d == Dialect.POSTGRESQL ? enqueueInOneStatement(c, d, e, now)
                    : enqueueInTwoStatements(c, d, e, now));
        }
        return results;
    }

    private List<EnqueueResult> failedAll(List<OutboxEntry> entries, Throwable e) {
        logEnqueueFailure(entries.isEmpty() ? null : entries.get(0), e);
        List<EnqueueResult> results = new ArrayList<EnqueueResult>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            results.add(EnqueueResult.failed(e));
        }
        return results;
    }

    private List<EnqueueResult> told(List<OutboxEntry> entries, List<EnqueueResult> results) {
        for (int i = 0; i < entries.size(); i++) {
            try {
                enqueueListener.enqueued(entries.get(i), results.get(i));
            } catch (RuntimeException e) {
                LOG.debug("Meta event outbox: enqueue listener failed", e);
            }
        }
        return results;
    }

    /** A duplicate inserts nothing and aborts nothing (ON CONFLICT DO NOTHING). */
    private EnqueueResult enqueueInOneStatement(Connection c, Dialect d, OutboxEntry e, long now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(d.insertSql(sql.events()))) {
            int i = bindEvent(ps, e, now);
            ps.setLong(i, now);
            return ps.executeUpdate() == 1 ? EnqueueResult.enqueued() : EnqueueResult.duplicate();
        }
    }

    private EnqueueResult enqueueInTwoStatements(Connection c, Dialect d, OutboxEntry e, long now)
            throws SQLException {
        long id;
        try (PreparedStatement ps = c.prepareStatement(d.insertSql(sql.events()), Statement.RETURN_GENERATED_KEYS)) {
            bindEvent(ps, e, now);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("the database returned no id for the new outbox row");
                }
                id = keys.getLong(1);
            }
        } catch (SQLException ex) {
            // HSQLDB and MariaDB undo only the failed statement: nothing was written, the transaction goes on.
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
        return EnqueueResult.enqueued();
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
        try {
            return write(true, CommitMode.ASYNCHRONOUS, (c, d) -> {
                try (PreparedStatement ps = c.prepareStatement(renderedInsert(d))) {
                    return markRendered(ps, d, clock.millis(), pixelId, eventName, eventId);
                }
            });
        } catch (SQLException e) {
            LOG.warn("Meta event outbox: could not record the browser copy of " + eventName + " event_id=" + eventId
                    + ": " + e);
            return false;
        }
    }

    @Override
    public int markBrowserRenderedAll(List<String[]> events) {
        if (events.isEmpty()) {
            return 0;
        }
        try {
            return write(false, CommitMode.ASYNCHRONOUS, (c, d) -> {
                int marked = 0;
                long now = clock.millis();
                try (PreparedStatement ps = c.prepareStatement(renderedInsert(d))) {
                    for (String[] event : events) {
                        if (markRendered(ps, d, now, event[0], event[1], event[2])) {
                            marked++;
                        }
                    }
                }
                return marked;
            });
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Meta event outbox: could not record " + events.size() + " rendered browser copies: "
                    + e.getClass().getName() + ": " + e.getMessage());
            return 0;
        }
    }

    /**
     * A narrow insert keyed by the event: the first one wins by the primary key, later ones insert nothing or hit
     * the key. Events recorded with their browser copy (browser_rendered_at) and unknown events insert nothing.
     */
    private String renderedInsert(Dialect d) {
        return "INSERT INTO " + sql.rendered() + " (pixel_id, event_name, event_id, rendered_at) "
                + "SELECT pixel_id, event_name, event_id, ? FROM " + sql.events() + " WHERE pixel_id = ? AND "
                + "event_name = ? AND event_id = ? AND browser_rendered_at IS NULL"
                + (d == Dialect.POSTGRESQL ? " ON CONFLICT DO NOTHING" : "");
    }

    /** HSQLDB and MariaDB undo only a statement that hits the key, so a batch's transaction goes on. */
    private static boolean markRendered(PreparedStatement ps, Dialect d, long now, String pixelId, String eventName,
            String eventId) throws SQLException {
        ps.setLong(1, now);
        ps.setString(2, pixelId);
        ps.setString(3, eventName);
        ps.setString(4, eventId);
        try {
            return ps.executeUpdate() == 1;
        } catch (SQLException ex) {
            if (d.isDuplicateKey(ex)) {
                return false;
            }
            throw ex;
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
