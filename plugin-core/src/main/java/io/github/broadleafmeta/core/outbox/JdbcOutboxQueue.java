package io.github.broadleafmeta.core.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

/**
 * The queue side, on the narrow {@code _QUEUE} table only: claims and retries never touch an event record. A final
 * outcome deletes the queue rows and writes the event records' final columns once. Every statement covers a whole
 * batch ({@code id IN (...)}), never one row; the few per-batch statements of an outcome share one transaction.
 *
 * <p>Lease safety without a version column: the lease end a claim writes is unique per claim of an owner (it is
 * strictly increasing per queue instance), so (owner, lease end) names one claim. An outcome first reads, and on
 * PostgreSQL and MariaDB locks, the rows still leased under that pair; a node whose lease expired and was taken
 * over finds none and writes nothing. Expired leases need no sweeper: a claimed row's due time is its lease end.
 */
final class JdbcOutboxQueue implements OutboxQueue {

    /**
     * PostgreSQL, for a claim's or an outcome's transaction only: no sort, no sequential scan. The claim reads the due-time index in
     * order and stops at its limit, but the planner's statistics lag the real table (a fresh table, or an outage
     * piling up a million rows since the last ANALYZE) and then chose "scan every due row, sort, take 4,000".
     */
    static final String PLANNER_HINTS = "SELECT set_config('enable_sort', 'off', true), "
            + "set_config('enable_seqscan', 'off', true)";
    /**
     * The hints plus {@link CommitMode#ASYNCHRONOUS}, in the same round trip: a lost claim or outcome means one more
     * send, which Meta deduplicates by the event id.
     */
    static final String PLANNER_HINTS_ASYNCHRONOUS_COMMIT = PLANNER_HINTS + ", "
            + OutboxSql.ASYNCHRONOUS_COMMIT_SETTING;

    private static final String HELD_EXPIRED = "older than Meta accepts (7 days) while held for credentials; never "
            + "sent";

    private final DataSource dataSource;
    private final OutboxConfig config;
    private final Clock clock;
    private final OutboxSchema schema;
    private final OutboxSql sql;
    private final OutboxRetention retention;
    private final AtomicLong lastLeaseEnd = new AtomicLong(Long.MIN_VALUE);

    JdbcOutboxQueue(DataSource dataSource, OutboxConfig config, Clock clock, OutboxSchema schema) {
        this.dataSource = dataSource;
        this.config = config;
        this.clock = clock;
        this.schema = schema;
        this.sql = new OutboxSql(config);
        this.retention = new OutboxRetention(dataSource, config, schema);
    }

    // ------------------------------------------------------------------------------------------------- claim

    @Override
    public List<OutboxRow> claim(String owner, int limit, Duration lease) {
        if (owner == null || owner.trim().isEmpty() || owner.length() > 200) {
            throw new IllegalArgumentException("owner must be 1..200 characters, was: " + owner);
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, was: " + limit);
        }
        if (lease == null || lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("lease must be > 0, was: " + lease);
        }
        long now = clock.millis();
        long wanted = now + lease.toMillis();
        long until = lastLeaseEnd.updateAndGet(prev -> Math.max(prev == Long.MIN_VALUE ? wanted : prev + 1, wanted));
        try (Connection c = dataSource.getConnection()) {
            Dialect d = schema.dialect(c);
            List<OutboxRow> claimed;
            if (d == Dialect.POSTGRESQL) {
                claimed = claimPostgres(c, owner, limit, now, until);
            } else if (d.supportsSkipLocked()) {
                claimed = claimSkipLocked(c, owner, limit, now, until);
            } else {
                claimed = claimConditional(c, owner, limit, now, until);
            }
            claimed.sort(Comparator.comparingLong(OutboxRow::id));
            return claimed;
        } catch (SQLException e) {
            throw new OutboxException("Could not claim outbox rows for " + owner, e);
        }
    }

    /**
     * The statement that picks a claim's rows (for plan tests). PostgreSQL: the whole claim, parameters owner,
     * lease end, lease end, now, limit. Others: the candidate SELECT, parameters now, limit.
     */
    // "id = ANY(ARRAY(subquery))", not "id IN (subquery)": the array form looks the claimed ids up by primary key.
    // The outer SELECT reads the queue columns from the UPDATE's RETURNING: one snapshot, so a plain join to the
    // queue table would still see the rows before this claim.
    String claimSql(Dialect d) {
        String due = " FROM " + sql.queue() + " WHERE due_at <= ? ORDER BY due_at LIMIT ?";
        if (d == Dialect.POSTGRESQL) {
            return "WITH c AS (UPDATE " + sql.queue() + " SET lease_owner = ?, lease_until = ?, due_at = ? WHERE id = "
                    + "ANY(ARRAY(SELECT id" + due + " FOR UPDATE SKIP LOCKED)) RETURNING *) SELECT "
                    + OutboxSql.rowColumns(true) + " FROM c q JOIN " + sql.events() + " e ON e.id = q.id";
        }
        return "SELECT id, due_at" + due + (d.supportsSkipLocked() ? " FOR UPDATE SKIP LOCKED" : "");
    }

    private List<OutboxRow> claimPostgres(Connection c, String owner, int limit, long now, long until)
            throws SQLException {
        return OutboxSql.inTransaction(c, () -> {
            plannerHints(c);
            try (PreparedStatement ps = c.prepareStatement(claimSql(Dialect.POSTGRESQL))) {
                ps.setString(1, owner);
                ps.setLong(2, until);
                ps.setLong(3, until);
                ps.setLong(4, now);
                ps.setInt(5, limit);
                return readRows(ps);
            }
        });
    }

    /** PostgreSQL: the queue transaction's settings (planner hints, commit mode), one round trip. */
    private void plannerHints(Connection c) throws SQLException {
        String settings = config.asynchronousCommit() ? PLANNER_HINTS_ASYNCHRONOUS_COMMIT : PLANNER_HINTS;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(settings)) {
            rs.next();
        }
    }

    /** MariaDB/MySQL: lock the due rows past other claimers' locks, lease them, read them; one transaction. */
    private List<OutboxRow> claimSkipLocked(Connection c, String owner, int limit, long now, long until)
            throws SQLException {
        return inQueueTransaction(c, Dialect.MARIADB, () -> {
            List<Due> due = dueRows(c, claimSql(Dialect.MARIADB), limit, now);
            if (due.isEmpty()) {
                return new ArrayList<OutboxRow>();
            }
            lease(c, due, owner, until);
            return leasedRows(c, owner, until);
        });
    }

    /**
     * HSQLDB (no SKIP LOCKED): read candidates, lease those still due in one conditional UPDATE, keep what this
     * claim's (owner, lease end) won. A row another claimer leased meanwhile is no longer due, so it is skipped.
     */
    private List<OutboxRow> claimConditional(Connection c, String owner, int limit, long now, long until)
            throws SQLException {
        List<Due> due = dueRows(c, claimSql(Dialect.HSQLDB), limit, now);
        if (due.isEmpty()) {
            return new ArrayList<OutboxRow>();
        }
        return OutboxSql.inTransaction(c, () -> {
            lease(c, due, owner, until);
            return leasedRows(c, owner, until);
        });
    }

    /** A claim candidate: a queue row and the due time it had when read. */
    private static final class Due {
        final long id;
        final long dueAt;

        Due(long id, long dueAt) {
            this.id = id;
            this.dueAt = dueAt;
        }
    }

    /** The candidates, in due-time order. */
    private static List<Due> dueRows(Connection c, String select, int limit, long now) throws SQLException {
        List<Due> due = new ArrayList<Due>();
        try (PreparedStatement ps = c.prepareStatement(select)) {
            ps.setLong(1, now);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    due.add(new Due(rs.getLong(1), rs.getLong(2)));
                }
            }
        }
        return due;
    }

    /**
     * Leases the candidates still due. A candidate another claimer leased meanwhile has a due time (its lease end)
     * past every candidate's, so the range of the candidates' own due times excludes it; the range also keeps
     * HSQLDB to the candidates' stretch of the due-time index (with "due_at <= now" it tested every due row of the
     * backlog against the IN list).
     */
    private void lease(Connection c, List<Due> due, String owner, long until) throws SQLException {
        for (List<Due> chunk : OutboxSql.chunks(due)) {
            long from = Long.MAX_VALUE;
            long to = Long.MIN_VALUE;
            List<Long> ids = new ArrayList<Long>(chunk.size());
            for (Due d : chunk) {
                from = Math.min(from, d.dueAt);
                to = Math.max(to, d.dueAt);
                ids.add(d.id);
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + sql.queue() + " SET lease_owner = ?, "
                    + "lease_until = ?, due_at = ? WHERE due_at >= ? AND due_at <= ? AND id IN ("
                    + OutboxSql.placeholders(ids.size()) + ")")) {
                ps.setString(1, owner);
                ps.setLong(2, until);
                ps.setLong(3, until);
                ps.setLong(4, from);
                ps.setLong(5, to);
                OutboxSql.bindIds(ps, 6, ids);
                ps.executeUpdate();
            }
        }
    }

    /**
     * The rows this claim leased: its lease end is unique per owner and is also the rows' due time, so the due-time
     * index finds exactly them, and the join starts at the queue (an IN list joined from the event table made
     * HSQLDB walk every event record once per chunk: 3,400 events/s where a plain loop did 14,500).
     */
    private List<OutboxRow> leasedRows(Connection c, String owner, long until) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(leasedRowsSql())) {
            ps.setLong(1, until);
            ps.setString(2, owner);
            return readRows(ps);
        }
    }

    /** The SELECT of a claim's rows (for plan tests); parameters lease end, owner. */
    String leasedRowsSql() {
        return "SELECT " + OutboxSql.rowColumns(true) + " FROM " + sql.queue() + " q JOIN " + sql.events()
                + " e ON e.id = q.id WHERE q.due_at = ? AND q.lease_owner = ?";
    }

    private static List<OutboxRow> readRows(PreparedStatement ps) throws SQLException {
        List<OutboxRow> out = new ArrayList<OutboxRow>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(OutboxRow.read(rs, true));
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------ outcome writes

    @Override
    public WriteResult markSent(List<OutboxRow> rows, Integer eventsReceived, String fbtraceId) {
        long now = clock.millis();
        return finish(rows, OutboxStatus.SENT, 0, null, fbtraceId, eventsReceived, now, null);
    }

    @Override
    public WriteResult markRetry(List<OutboxRow> rows, Instant nextAttemptAt, OutboxError error) {
        return requeue(rows, nextAttemptAt.toEpochMilli(), 1, stamped(error));
    }

    @Override
    public WriteResult markRejected(List<OutboxRow> rows, OutboxError error) {
        return finish(rows, OutboxStatus.REJECTED, 1, stamped(error), null, null, null, null);
    }

    @Override
    public WriteResult markExpired(List<OutboxRow> rows, OutboxError reason) {
        return finish(rows, OutboxStatus.EXPIRED, 0, stamped(reason), null, null, null, null);
    }

    @Override
    public WriteResult markHeld(List<OutboxRow> rows, String credentialsFingerprint, OutboxError error,
            boolean countAttempt) {
        return finish(rows, OutboxStatus.HELD_CREDENTIALS, countAttempt ? 1 : 0, stamped(error), null, null, null,
                credentialsFingerprint == null ? "" : credentialsFingerprint);
    }

    @Override
    public WriteResult markDryRun(List<OutboxRow> rows) {
        return finish(rows, OutboxStatus.DRY_RUN, 0, null, null, null, clock.millis(), null);
    }

    @Override
    public WriteResult markNotConfirmed(List<OutboxRow> rows, String reason) {
        return finish(rows, OutboxStatus.NOT_CONFIRMED, 0, stamped(OutboxError.reason(reason)), null, null, null,
                null);
    }

    @Override
    public WriteResult release(List<OutboxRow> rows, Instant nextAttemptAt) {
        return requeue(rows, nextAttemptAt.toEpochMilli(), 0, null);
    }

    /** An error as stored: message cut to the configured length, stamped with the current time. */
    private StoredError stamped(OutboxError error) {
        OutboxError e = error == null ? OutboxError.reason(null) : error;
        String message = e.message();
        int max = config.maxErrorMessageLength();
        if (message != null && message.length() > max) {
            message = message.substring(0, max - 1) + "\u2026";
        }
        return new StoredError(e.code(), e.subcode(), message, clock.millis(), e.fbtraceId());
    }

    /** The queue row of a leased event, as an outcome write reads it under the lease. */
    private static final class Leased {
        final long id;
        final int attempts;
        final StoredError error;

        Leased(long id, int attempts, StoredError error) {
            this.id = id;
            this.attempts = attempts;
            this.error = error;
        }
    }

    /** The five error columns; all null when the row has no error. */
    private static final class StoredError {
        static final StoredError NONE = new StoredError(null, null, null, null, null);

        final Integer code;
        final Integer subcode;
        final String message;
        final Long at;
        final String fbtraceId;

        StoredError(Integer code, Integer subcode, String message, Long at, String fbtraceId) {
            this.code = code;
            this.subcode = subcode;
            this.message = message;
            this.at = at;
            this.fbtraceId = fbtraceId;
        }

        static StoredError read(ResultSet rs) throws SQLException {
            return new StoredError(OutboxRow.integer(rs, "last_error_code"),
                    OutboxRow.integer(rs, "last_error_subcode"), rs.getString("last_error_message"),
                    longOrNull(rs, "last_error_at"), rs.getString("last_fbtrace_id"));
        }

        private static Long longOrNull(ResultSet rs, String column) throws SQLException {
            long v = rs.getLong(column);
            return rs.wasNull() ? null : Long.valueOf(v);
        }
    }

    /** Attempts of a queue transaction the database chose as a deadlock victim (it rolled back all of it). */
    private static final int DEADLOCK_ATTEMPTS = 5;

    /**
     * Runs a claim's or an outcome's transaction. A deadlock victim (the claim and the outcome writes of two batches
     * lock queue rows in different orders) is retried: the database rolled it back whole, and the lease check runs
     * again. MariaDB/MySQL run it at READ COMMITTED, where InnoDB takes no gap locks on the due-time index (its
     * REPEATABLE READ default locked ranges and made such deadlocks frequent); the pooled connection's level is
     * restored after.
     */
    private static <T> T inQueueTransaction(Connection c, Dialect d, OutboxSql.SqlWork<T> work) throws SQLException {
        int isolation = c.getTransactionIsolation();
        boolean readCommitted = d == Dialect.MARIADB && isolation != Connection.TRANSACTION_READ_COMMITTED;
        if (readCommitted) {
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        }
        try {
            for (int attempt = 1;; attempt++) {
                try {
                    return OutboxSql.inTransaction(c, work);
                } catch (SQLException e) {
                    if (attempt >= DEADLOCK_ATTEMPTS || !d.isDeadlock(e)) {
                        throw e;
                    }
                }
            }
        } finally {
            if (readCommitted) {
                c.setTransactionIsolation(isolation);
            }
        }
    }

    private interface LeasedWork {
        void run(Connection c, Dialect d, List<Leased> leased) throws SQLException;
    }

    /**
     * Reads (and locks, where the database can) the rows still leased under each claim's (owner, lease end), runs
     * {@code work} on them in the same transaction and reports the rest as lost.
     *
     * @param endQueueRows the outcome is final: on PostgreSQL the check itself deletes the queue rows it finds
     *     ({@code DELETE … RETURNING}, one pass over them instead of a locking read and then a delete)
     */
    private WriteResult underLease(List<OutboxRow> rows, boolean endQueueRows, LeasedWork work) {
        if (rows == null || rows.isEmpty()) {
            return WriteResult.empty();
        }
        Map<List<Object>, List<Long>> byClaim = new LinkedHashMap<List<Object>, List<Long>>();
        for (OutboxRow row : rows) {
            List<Object> claim = Arrays.<Object>asList(row.leaseOwner(), row.version());
            List<Long> ids = byClaim.get(claim);
            if (ids == null) {
                ids = new ArrayList<Long>();
                byClaim.put(claim, ids);
            }
            ids.add(row.id());
        }
        try (Connection c = dataSource.getConnection()) {
            Dialect d = schema.dialect(c);
            List<Leased> leased = inQueueTransaction(c, d, () -> {
                if (d == Dialect.POSTGRESQL) {
                    // Primary-key lookups, whatever the (possibly stale) statistics say about the queue's size.
                    plannerHints(c);
                }
                List<Leased> held = new ArrayList<Leased>();
                for (Map.Entry<List<Object>, List<Long>> claim : byClaim.entrySet()) {
                    for (List<Long> chunk : OutboxSql.idChunks(d, claim.getValue())) {
                        String owner = (String) claim.getKey().get(0);
                        Long until = (Long) claim.getKey().get(1);
                        held.addAll(endQueueRows && d == Dialect.POSTGRESQL ? deleteLeased(c, chunk, owner, until)
                                : readLeased(c, d, chunk, "lease_owner = ? AND lease_until = ?", owner, until));
                    }
                }
                if (!held.isEmpty()) {
                    work.run(c, d, held);
                }
                return held;
            });
            Set<Long> written = new HashSet<Long>();
            for (Leased l : leased) {
                written.add(l.id);
            }
            List<Long> lost = new ArrayList<Long>();
            for (OutboxRow row : rows) {
                if (!written.contains(row.id())) {
                    lost.add(row.id());
                }
            }
            return new WriteResult(written.size(), lost);
        } catch (SQLException e) {
            throw new OutboxException("Could not record the outcome of " + rows.size() + " outbox rows", e);
        }
    }

    private static final String LEASED_COLUMNS = "id, attempts, last_error_code, last_error_subcode, "
            + "last_error_message, last_error_at, last_fbtrace_id";

    private List<Leased> readLeased(Connection c, Dialect d, List<Long> ids, String guard, String owner,
            Long until) throws SQLException {
        String select = "SELECT " + LEASED_COLUMNS + " FROM " + sql.queue() + " WHERE "
                + OutboxSql.idIn(d, "id", ids.size()) + " AND " + guard + (d.supportsSkipLocked() ? " FOR UPDATE" : "");
        try (PreparedStatement ps = c.prepareStatement(select)) {
            int i = OutboxSql.bindIdList(c, ps, d, 1, ids);
            if (owner != null) {
                ps.setString(i++, owner);
                ps.setLong(i, until);
            }
            return leased(ps);
        }
    }

    /**
     * PostgreSQL: deletes the queue rows still leased under (owner, lease end) and returns them. A row another node
     * re-claimed meanwhile no longer matches when the DELETE re-reads it under its row lock, exactly as with
     * {@code FOR UPDATE}.
     */
    private List<Leased> deleteLeased(Connection c, List<Long> ids, String owner, Long until) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + sql.queue() + " WHERE "
                + OutboxSql.idIn(Dialect.POSTGRESQL, "id", ids.size()) + " AND lease_owner = ? AND lease_until = ? "
                + "RETURNING " + LEASED_COLUMNS)) {
            int i = OutboxSql.bindIdList(c, ps, Dialect.POSTGRESQL, 1, ids);
            ps.setString(i++, owner);
            ps.setLong(i, until);
            return leased(ps);
        }
    }

    private static List<Leased> leased(PreparedStatement ps) throws SQLException {
        List<Leased> out = new ArrayList<Leased>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Leased(rs.getLong("id"), rs.getInt("attempts"), StoredError.read(rs)));
            }
        }
        return out;
    }

    /** Back into the queue (retry or release): the queue rows only. */
    private WriteResult requeue(List<OutboxRow> rows, long dueAt, int attempt, StoredError error) {
        return underLease(rows, false, (c, d, leased) -> {
            List<Long> ids = idsOf(leased);
            for (List<Long> chunk : OutboxSql.idChunks(d, ids)) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + sql.queue() + " SET due_at = ?, "
                        + "lease_owner = NULL, lease_until = NULL, attempts = attempts + " + attempt
                        + (error == null ? "" : ", last_error_code = ?, last_error_subcode = ?, "
                                + "last_error_message = ?, last_error_at = ?, last_fbtrace_id = ?")
                        + " WHERE " + OutboxSql.idIn(d, "id", chunk.size()))) {
                    int i = 1;
                    ps.setLong(i++, dueAt);
                    if (error != null) {
                        i = bindError(ps, i, error);
                    }
                    OutboxSql.bindIdList(c, ps, d, i, chunk);
                    ps.executeUpdate();
                }
            }
        });
    }

    /**
     * Writes an outcome to the event records (status, attempts, error, result columns) and ends the queue rows: a
     * final status deletes them; HELD_CREDENTIALS parks them out of the claim's range with the fingerprint.
     * Rows of one batch share every value except attempts and an earlier error, so the event UPDATE runs once per
     * distinct (attempts, error), in practice once per batch.
     *
     * @param error the new error, or {@code null} to keep each row's earlier one (SENT, DRY_RUN)
     */
    private WriteResult finish(List<OutboxRow> rows, OutboxStatus status, int attempt, StoredError error,
            String fbtraceId, Integer eventsReceived, Long sentAt, String heldFingerprint) {
        boolean endQueueRows = status != OutboxStatus.HELD_CREDENTIALS;
        return underLease(rows, endQueueRows, (c, d, leased) -> writeFinal(c, d, leased, status, attempt, error,
                fbtraceId, eventsReceived, sentAt, heldFingerprint, endQueueRows && d == Dialect.POSTGRESQL));
    }

    /** @param queueRowsDeleted the lease check deleted the queue rows already ({@link #deleteLeased}) */
    private void writeFinal(Connection c, Dialect d, List<Leased> leased, OutboxStatus status, int attempt,
            StoredError error, String fbtraceId, Integer eventsReceived, Long sentAt, String heldFingerprint,
            boolean queueRowsDeleted) throws SQLException {
        long now = clock.millis();
        Map<List<Object>, List<Long>> groups = new LinkedHashMap<List<Object>, List<Long>>();
        Map<List<Object>, StoredError> errors = new HashMap<List<Object>, StoredError>();
        for (Leased l : leased) {
            StoredError e = error != null ? error : l.error;
            String trace = fbtraceId != null ? fbtraceId : e.fbtraceId;
            StoredError stored = new StoredError(e.code, e.subcode, e.message, e.at, trace);
            List<Object> key = Arrays.<Object>asList(l.attempts + attempt, stored.code, stored.subcode,
                    stored.message, stored.at, stored.fbtraceId);
            List<Long> ids = groups.get(key);
            if (ids == null) {
                ids = new ArrayList<Long>();
                groups.put(key, ids);
                errors.put(key, stored);
            }
            ids.add(l.id);
        }
        for (Map.Entry<List<Object>, List<Long>> g : groups.entrySet()) {
            for (List<Long> chunk : OutboxSql.idChunks(d, g.getValue())) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + sql.events() + " SET status = ?, "
                        + "attempts = ?, last_error_code = ?, last_error_subcode = ?, last_error_message = ?, "
                        + "last_error_at = ?, last_fbtrace_id = ?, events_received = ?, sent_at = ?, "
                        + "credentials_fingerprint = ?, updated_at = ? WHERE "
                        + OutboxSql.idIn(d, "id", chunk.size()))) {
                    int i = 1;
                    ps.setString(i++, status.name());
                    ps.setInt(i++, (Integer) g.getKey().get(0));
                    i = bindError(ps, i, errors.get(g.getKey()));
                    OutboxSql.setNullableInt(ps, i++, eventsReceived);
                    OutboxSql.setNullableLong(ps, i++, sentAt);
                    OutboxSql.setNullableString(ps, i++, heldFingerprint);
                    ps.setLong(i++, now);
                    OutboxSql.bindIdList(c, ps, d, i, chunk);
                    ps.executeUpdate();
                }
            }
        }
        if (queueRowsDeleted) {
            return;
        }
        List<Long> ids = idsOf(leased);
        for (List<Long> chunk : OutboxSql.idChunks(d, ids)) {
            String end = status == OutboxStatus.HELD_CREDENTIALS
                    ? "UPDATE " + sql.queue() + " SET due_at = " + Dialect.NEVER + ", lease_owner = NULL, "
                            + "lease_until = NULL, held_fingerprint = ?, attempts = attempts + " + attempt
                            + ", last_error_code = ?, last_error_subcode = ?, last_error_message = ?, "
                            + "last_error_at = ?, last_fbtrace_id = ? WHERE " + OutboxSql.idIn(d, "id", chunk.size())
                    : "DELETE FROM " + sql.queue() + " WHERE " + OutboxSql.idIn(d, "id", chunk.size());
            try (PreparedStatement ps = c.prepareStatement(end)) {
                int i = 1;
                if (status == OutboxStatus.HELD_CREDENTIALS) {
                    ps.setString(i++, heldFingerprint);
                    i = bindError(ps, i, error);
                }
                OutboxSql.bindIdList(c, ps, d, i, chunk);
                ps.executeUpdate();
            }
        }
    }

    private static int bindError(PreparedStatement ps, int i, StoredError e) throws SQLException {
        StoredError error = e == null ? StoredError.NONE : e;
        OutboxSql.setNullableInt(ps, i++, error.code);
        OutboxSql.setNullableInt(ps, i++, error.subcode);
        OutboxSql.setNullableString(ps, i++, error.message);
        OutboxSql.setNullableLong(ps, i++, error.at);
        OutboxSql.setNullableString(ps, i++, error.fbtraceId);
        return i;
    }

    private static List<Long> idsOf(List<Leased> leased) {
        List<Long> ids = new ArrayList<Long>(leased.size());
        for (Leased l : leased) {
            ids.add(l.id);
        }
        return ids;
    }

    // --------------------------------------------------------------------------------------- held and admin ops

    /** Queue rows held for credentials of one pixel, other than the current ones. */
    private static final String HELD_OTHER = "pixel_id = ? AND due_at = " + Dialect.NEVER
            + " AND lease_owner IS NULL AND (held_fingerprint IS NULL OR held_fingerprint <> ?)";

    @Override
    public int releaseHeld(String pixelId, String currentFingerprint) {
        long now = clock.millis();
        String fp = currentFingerprint == null ? "" : currentFingerprint;
        try (Connection c = dataSource.getConnection()) {
            return OutboxSql.inTransaction(c, () -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + sql.events() + " SET status = 'PENDING', "
                        + "updated_at = ? WHERE id IN (SELECT id FROM " + sql.queue() + " WHERE " + HELD_OTHER + ")")) {
                    ps.setLong(1, now);
                    ps.setString(2, pixelId);
                    ps.setString(3, fp);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + sql.queue() + " SET due_at = ?, "
                        + "held_fingerprint = NULL WHERE " + HELD_OTHER)) {
                    ps.setLong(1, now);
                    ps.setString(2, pixelId);
                    ps.setString(3, fp);
                    return ps.executeUpdate();
                }
            });
        } catch (SQLException e) {
            throw new OutboxException("Could not release held rows of pixel " + pixelId, e);
        }
    }

    @Override
    public Map<String, Set<String>> heldFingerprints() {
        Map<String, Set<String>> out = new HashMap<String, Set<String>>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT pixel_id, held_fingerprint FROM " + sql.queue()
                        + " WHERE due_at = " + Dialect.NEVER + " GROUP BY pixel_id, held_fingerprint")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String pixel = rs.getString(1);
                    Set<String> fps = out.get(pixel);
                    if (fps == null) {
                        fps = new HashSet<String>();
                        out.put(pixel, fps);
                    }
                    fps.add(rs.getString(2) == null ? "" : rs.getString(2));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new OutboxException("Could not read held pixels", e);
        }
    }

    @Override
    public int expireHeld(Instant eventTimeBefore) {
        int batch = config.pruneBatchSize();
        int total = 0;
        StoredError reason = stamped(OutboxError.reason(HELD_EXPIRED));
        try (Connection c = dataSource.getConnection()) {
            Dialect d = schema.dialect(c);
            while (true) {
                // {rows expired, candidates read}: a short candidate batch is the last one.
                int[] n = OutboxSql.inTransaction(c, () -> {
                    List<Long> ids = new ArrayList<Long>();
                    try (PreparedStatement ps = c.prepareStatement("SELECT q.id FROM " + sql.queue() + " q JOIN "
                            + sql.events() + " e ON e.id = q.id WHERE q.due_at = " + Dialect.NEVER
                            + " AND q.lease_owner IS NULL AND e.event_time < ? ORDER BY q.id LIMIT ?")) {
                        ps.setLong(1, eventTimeBefore.getEpochSecond());
                        ps.setInt(2, batch);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                ids.add(rs.getLong(1));
                            }
                        }
                    }
                    List<Leased> held = ids.isEmpty() ? new ArrayList<Leased>()
                            : readLeased(c, d, ids, "due_at = " + Dialect.NEVER + " AND lease_owner IS NULL", null,
                                    null);
                    if (!held.isEmpty()) {
                        writeFinal(c, d, held, OutboxStatus.EXPIRED, 0, reason, null, null, null, null, false);
                    }
                    return new int[] {held.size(), ids.size()};
                });
                total += n[0];
                if (n[1] < batch) {
                    return total;
                }
            }
        } catch (SQLException e) {
            throw new OutboxException("Could not expire held outbox rows (expired " + total + ")", e);
        }
    }

    @Override
    public int pruneFinal(Instant recordedBefore) {
        return retention.pruneFinal(recordedBefore);
    }

    /**
     * The admin's "retry now": a queued or held row becomes due immediately. Rows being sent and final rows are not
     * resent blindly; the result explains why.
     */
    RetryNowResult retryNow(long id, OutboxReader reader) {
        long now = clock.millis();
        try (Connection c = dataSource.getConnection()) {
            int n = OutboxSql.inTransaction(c, () -> {
                int queued;
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + sql.queue() + " SET due_at = ?, "
                        + "held_fingerprint = NULL WHERE id = ? AND lease_owner IS NULL")) {
                    ps.setLong(1, now);
                    ps.setLong(2, id);
                    queued = ps.executeUpdate();
                }
                if (queued == 1) {
                    try (PreparedStatement ps = c.prepareStatement("UPDATE " + sql.events() + " SET status = "
                            + "'PENDING', credentials_fingerprint = NULL, updated_at = ? WHERE id = ? AND status = "
                            + "'HELD_CREDENTIALS'")) {
                        ps.setLong(1, now);
                        ps.setLong(2, id);
                        ps.executeUpdate();
                    }
                }
                return queued;
            });
            OutboxRow row = reader.findById(id);
            OutboxStatus status = row == null ? null : row.status();
            if (n == 1) {
                return new RetryNowResult(RetryNowResult.Status.SCHEDULED, status, "scheduled for the next cycle");
            }
            if (status == null) {
                return new RetryNowResult(RetryNowResult.Status.NOT_FOUND, null, "no outbox row with id " + id);
            }
            return new RetryNowResult(RetryNowResult.Status.NOT_RETRYABLE, status, whyNotRetryable(status));
        } catch (SQLException e) {
            throw new OutboxException("Could not schedule outbox row " + id, e);
        }
    }

    private static String whyNotRetryable(OutboxStatus status) {
        switch (status) {
            case IN_FLIGHT:
                return "it is being sent right now";
            case SENT:
                return "Meta already accepted it";
            case REJECTED:
                return "Meta rejected this event; resending it unchanged would be rejected again. Fix the cause "
                        + "(see the error) so that new events are valid";
            case EXPIRED:
                return "it is older than Meta accepts (7 days); Meta would reject the whole request";
            case DRY_RUN:
                return "it was recorded while no access token was configured and is not meant to be sent";
            case NOT_CONFIRMED:
                return "its order was cancelled or never confirmed";
            default:
                return "status " + status + " cannot be retried";
        }
    }
}
