package io.github.broadleafmeta.core.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The durable event outbox, in the store's own database, shared by every store node.
 *
 * <p>Storefront threads call only {@link #enqueue(OutboxEntry)}: one INSERT, never throws. Dispatchers
 * {@link #claim(String, int, Duration) claim} due rows under a lease, send them outside any transaction, and write
 * the outcome conditionally on the (id, version) the claim produced: a node that lost its lease skips the write.
 * The admin reads through the query methods at the end. All times are epoch milliseconds from the injected clock.
 *
 * <p>The data source must hand out plain connections (not ones bound to a storefront transaction): the outbox
 * commits its own work, and a tracking insert must never join, slow or roll back a checkout.
 */
public final class JdbcOutbox {

    private static final Log LOG = LogFactory.getLog(JdbcOutbox.class);

    /** The match keys the coverage report shows by default (hashed user_data keys, then the unhashed ones). */
    public static final List<String> DEFAULT_MATCH_KEYS = Collections.unmodifiableList(Arrays.asList(
            "em", "ph", "fn", "ln", "ge", "db", "ct", "st", "zp", "country", "external_id", "fbp", "fbc", "ip", "ua"));

    private static final String CLAIM_COLUMNS = "id, version, pixel_id, event_name, event_id, event_time, payload, "
            + "confirmation_key, attempts, created_at, last_error_code, last_error_message";
    private static final String ROW_COLUMNS = "id, pixel_id, event_name, event_id, event_time, confirmation_key, "
            + "order_number, match_keys, status, attempts, next_attempt_at, lease_owner, lease_expires_at, version, "
            + "last_error_code, last_error_subcode, last_error_message, last_error_at, last_fbtrace_id, "
            + "events_received, created_at, updated_at, sent_at, credentials_fingerprint";
    /**
     * Rows a claim may pick up: PENDING ones that are due, IN_FLIGHT ones whose lease (next_attempt_at) has passed.
     * Every other status has next_attempt_at = {@link Dialect#NEVER}, so the range alone selects claimable rows and
     * the claim reads the next_attempt_at index in order (migration 3); the status test stays as a guard, e.g. for
     * rows a node without migration 3 finished during a rolling upgrade.
     */
    private static final String CLAIMABLE = "next_attempt_at <= ? AND status IN ('PENDING', 'IN_FLIGHT')";
    /** Sets a row that no claim may pick up (final or held) out of the claim's range. */
    private static final String NOT_CLAIMABLE = "next_attempt_at = " + Dialect.NEVER + ", ";
    private static final int IN_LIST_CHUNK = 500;
    /**
     * PostgreSQL, for the transaction of a claim or an outcome write only: no sort, no sequential scan. Both
     * statements touch a bounded number of rows that an index finds (the claim reads the next_attempt_at index in
     * order and stops at its limit; the outcome write looks its ids up by primary key), but the planner's
     * estimates come from statistics that lag the real table (a fresh table, or one whose rows were mostly final
     * at the last ANALYZE while an outage piled up a million pending ones). With such estimates it chose
     * "bitmap scan every due row, sort, take 4,000" for the claim and a sequential scan for the outcome write,
     * both O(table) per statement. One round trip; both settings end with the transaction.
     */
    static final String PLANNER_HINTS = "SELECT set_config('enable_sort', 'off', true), "
            + "set_config('enable_seqscan', 'off', true)";

    private final DataSource dataSource;
    private final OutboxConfig config;
    private final Clock clock;
    private final EnqueueListener enqueueListener;
    private final String t;
    private final OutboxRetention retention;
    private volatile Dialect dialect;

    private final AtomicLong lastEnqueueFailureLog = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressedEnqueueFailures = new AtomicLong();

    public JdbcOutbox(DataSource dataSource, OutboxConfig config, Clock clock) {
        this(dataSource, config, clock, EnqueueListener.NO_OP);
    }

    public JdbcOutbox(DataSource dataSource, OutboxConfig config, Clock clock, EnqueueListener enqueueListener) {
        if (dataSource == null || config == null || clock == null || enqueueListener == null) {
            throw new IllegalArgumentException("dataSource, config, clock and enqueueListener are required");
        }
        this.dataSource = dataSource;
        this.config = config;
        this.clock = clock;
        this.enqueueListener = enqueueListener;
        this.t = config.tableName();
        this.retention = new OutboxRetention(dataSource, config, clock);
    }

    // ------------------------------------------------------------------------------------------------ schema

    /**
     * Creates or migrates the schema. Idempotent, and safe when several nodes start at once: every DDL statement
     * tolerates "already exists", and the version row is written after its statements.
     *
     * @throws IllegalStateException when the database is not supported
     * @throws OutboxException on any other database failure
     */
    public void initialize() {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(true);
            try {
                Dialect d = Dialect.detect(c.getMetaData().getDatabaseProductName());
                dialect = d;
                executeTolerant(c, d, d.createSchemaTable(config.schemaTableName()));
                int current = currentSchemaVersion(c);
                List<List<String>> migrations = d.migrations(t);
                for (int v = current + 1; v <= migrations.size(); v++) {
                    for (String sql : migrations.get(v - 1)) {
                        executeTolerant(c, d, sql);
                    }
                    recordSchemaVersion(c, d, v);
                    LOG.info("Meta event outbox: schema " + t + " migrated to version " + v + " (" + d + ")");
                }
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new OutboxException("Could not create or migrate the outbox schema " + t, e);
        }
    }

    /** The dialect found by {@link #initialize()} (or the first enqueue), {@code null} before. */
    public Dialect dialect() {
        return dialect;
    }

    /** The highest applied migration, 0 when none. */
    public int schemaVersion() {
        try (Connection c = dataSource.getConnection()) {
            return currentSchemaVersion(c);
        } catch (SQLException e) {
            throw new OutboxException("Could not read the outbox schema version", e);
        }
    }

    private int currentSchemaVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT MAX(version) FROM " + config.schemaTableName())) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private void recordSchemaVersion(Connection c, Dialect d, int version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + config.schemaTableName()
                + " (version, applied_at) VALUES (?, ?)")) {
            ps.setInt(1, version);
            ps.setLong(2, clock.millis());
            ps.executeUpdate();
        } catch (SQLException e) {
            if (!d.isDuplicateKey(e)) {
                throw e;
            }
            // Another node recorded it first.
        }
    }

    private static void executeTolerant(Connection c, Dialect d, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            if (!d.isAlreadyExists(e)) {
                throw e;
            }
            if (LOG.isDebugEnabled()) {
                LOG.debug("Meta event outbox: already applied: " + sql.substring(0, Math.min(60, sql.length())));
            }
        }
    }

    // ----------------------------------------------------------------------------------------------- enqueue

    /**
     * Adds one event: a single INSERT on its own connection, committed at once. Never throws: a duplicate
     * (same pixel, event name and event id) is {@code DUPLICATE}, any failure is logged without the payload and
     * returned as {@code FAILED}.
     */
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
        try (Connection c = dataSource.getConnection()) {
            Dialect d = dialect;
            if (d == null) {
                d = Dialect.detect(c.getMetaData().getDatabaseProductName());
                dialect = d;
            }
            long now = clock.millis();
            boolean autoCommit = c.getAutoCommit();
            try (PreparedStatement ps = c.prepareStatement(d.insertSql(t))) {
                ps.setString(1, e.pixelId());
                ps.setString(2, e.eventName());
                ps.setString(3, e.eventId());
                ps.setLong(4, e.eventTime());
                ps.setString(5, e.payloadJson());
                setNullableString(ps, 6, e.confirmationKey());
                setNullableString(ps, 7, e.orderNumber());
                setNullableString(ps, 8, e.matchKeys());
                ps.setLong(9, now);
                ps.setLong(10, now);
                ps.setLong(11, now);
                if (e.browserRendered()) {
                    ps.setLong(12, now);
                } else {
                    ps.setNull(12, java.sql.Types.BIGINT);
                }
                int n = ps.executeUpdate();
                if (!autoCommit) {
                    c.commit();
                }
                return n == 1 ? EnqueueResult.enqueued() : EnqueueResult.duplicate();
            } catch (SQLException ex) {
                if (!autoCommit) {
                    c.rollback();
                }
                if (d.isDuplicateKey(ex)) {
                    return EnqueueResult.duplicate();
                }
                throw ex;
            }
        }
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

    /**
     * Records that the browser copy of an event was rendered. Returns true only for the first call per event, so
     * a page can render a once-only event (a Purchase) exactly once across reloads, sessions and nodes. False also
     * when the event has no row here (e.g. its server copy was withheld); callers then need their own marker.
     */
    public boolean markBrowserRendered(String pixelId, String eventName, String eventId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE " + t + " SET browser_rendered_at = ? "
                        + "WHERE pixel_id = ? AND event_name = ? AND event_id = ? AND browser_rendered_at IS NULL")) {
            ps.setLong(1, clock.millis());
            ps.setString(2, pixelId);
            ps.setString(3, eventName);
            ps.setString(4, eventId);
            int n = ps.executeUpdate();
            if (!c.getAutoCommit()) {
                c.commit();
            }
            return n == 1;
        } catch (SQLException e) {
            LOG.warn("Meta event outbox: could not record the browser copy of " + eventName + " event_id=" + eventId
                    + ": " + e);
            return false;
        }
    }

    /** Whether a row exists for the event (any status). */
    public boolean contains(String pixelId, String eventName, String eventId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + t
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

    /** The outbox table's name, for adapters that join it read-only (e.g. the cancelled-order scan). */
    public String tableName() {
        return t;
    }

    /**
     * The payloads of the SENT rows of one event, by pixel id: what Meta accepted, e.g. the Purchase a
     * cancellation refers to. Empty when no pixel's row was sent.
     */
    public Map<String, String> sentPayloads(String eventName, String eventId) {
        Map<String, String> out = new LinkedHashMap<String, String>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT pixel_id, payload FROM " + t
                        + " WHERE event_name = ? AND event_id = ? AND status = 'SENT'")) {
            ps.setString(1, eventName);
            ps.setString(2, eventId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        } catch (SQLException e) {
            throw new OutboxException("Could not look up the sent " + eventName + " event_id=" + eventId, e);
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------- claim

    /**
     * Leases up to {@code limit} due rows to {@code owner}: PENDING rows whose next attempt time has come, and
     * IN_FLIGHT rows whose lease expired (their node died). Claimed rows are IN_FLIGHT with
     * {@code next_attempt_at = lease_expires_at}, so an abandoned lease makes them due again by itself.
     * Never loads more than {@code limit} rows.
     */
    public List<ClaimedEvent> claim(String owner, int limit, Duration lease) {
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
        long until = now + lease.toMillis();
        try (Connection c = dataSource.getConnection()) {
            Dialect d = requireDialect(c);
            // Only PostgreSQL has UPDATE ... RETURNING; MariaDB takes the conditional-update path until outbox v2.
            List<ClaimedEvent> claimed = d == Dialect.POSTGRESQL
                    ? claimSkipLocked(c, owner, limit, now, until)
                    : claimOptimistic(c, owner, limit, now, until);
            claimed.sort(Comparator.comparingLong(ClaimedEvent::id));
            return claimed;
        } catch (SQLException e) {
            throw new OutboxException("Could not claim outbox rows for " + owner, e);
        }
    }

    /**
     * The statement that picks the rows of a claim (for plan tests). PostgreSQL: the claiming UPDATE, parameters
     * owner, lease end, lease end, now, now, limit. HSQLDB: the candidate SELECT, parameters now, limit.
     */
    // "id = ANY(ARRAY(subquery))", not "id IN (subquery)": with accurate statistics the IN form is planned as a hash
    // semi join over a sequential scan of the whole table; the array form looks the claimed ids up by primary key.
    String claimSql(Dialect d) {
        if (d.supportsSkipLocked()) {
            return "UPDATE " + t + " SET status = 'IN_FLIGHT', lease_owner = ?, lease_expires_at = ?, "
                    + "next_attempt_at = ?, version = version + 1, updated_at = ? WHERE id = ANY(ARRAY(SELECT id FROM "
                    + t + " WHERE " + CLAIMABLE + " ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED)) "
                    + "RETURNING " + CLAIM_COLUMNS;
        }
        return "SELECT id, version FROM " + t + " WHERE " + CLAIMABLE + " ORDER BY next_attempt_at LIMIT ?";
    }

    private List<ClaimedEvent> claimSkipLocked(Connection c, String owner, int limit, long now, long until)
            throws SQLException {
        String sql = claimSql(Dialect.POSTGRESQL);
        return inTransaction(c, () -> {
            plannerHints(c);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, owner);
                ps.setLong(2, until);
                ps.setLong(3, until);
                ps.setLong(4, now);
                ps.setLong(5, now);
                ps.setInt(6, limit);
                List<ClaimedEvent> out = new ArrayList<ClaimedEvent>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(readClaimed(rs));
                    }
                }
                return out;
            }
        });
    }

    private List<ClaimedEvent> claimOptimistic(Connection c, String owner, int limit, long now, long until)
            throws SQLException {
        List<long[]> candidates = new ArrayList<long[]>();
        try (PreparedStatement ps = c.prepareStatement(claimSql(Dialect.HSQLDB))) {
            ps.setLong(1, now);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    candidates.add(new long[] {rs.getLong(1), rs.getLong(2)});
                }
            }
        }
        if (candidates.isEmpty()) {
            return new ArrayList<ClaimedEvent>();
        }
        // Conditional on the version read: a row another node claimed (or anyone changed) meanwhile is skipped.
        final List<Long> won = new ArrayList<Long>();
        inTransaction(c, () -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + t + " SET status = 'IN_FLIGHT', "
                    + "lease_owner = ?, lease_expires_at = ?, next_attempt_at = ?, version = version + 1, "
                    + "updated_at = ? WHERE id = ? AND version = ?")) {
                for (long[] cand : candidates) {
                    ps.setString(1, owner);
                    ps.setLong(2, until);
                    ps.setLong(3, until);
                    ps.setLong(4, now);
                    ps.setLong(5, cand[0]);
                    ps.setLong(6, cand[1]);
                    ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                for (int i = 0; i < counts.length; i++) {
                    if (counts[i] == 1 || counts[i] == Statement.SUCCESS_NO_INFO) {
                        won.add(candidates.get(i)[0]);
                    }
                }
            }
            return null;
        });
        List<ClaimedEvent> out = new ArrayList<ClaimedEvent>(won.size());
        for (List<Long> chunk : chunks(won)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + CLAIM_COLUMNS + " FROM " + t + " WHERE id IN ("
                    + placeholders(chunk.size()) + ") AND lease_owner = ? AND status = 'IN_FLIGHT'")) {
                int i = 1;
                for (Long id : chunk) {
                    ps.setLong(i++, id);
                }
                ps.setString(i, owner);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(readClaimed(rs));
                    }
                }
            }
        }
        return out;
    }

    private static ClaimedEvent readClaimed(ResultSet rs) throws SQLException {
        return new ClaimedEvent(rs.getLong("id"), rs.getLong("version"), rs.getString("pixel_id"),
                rs.getString("event_name"), rs.getString("event_id"), rs.getLong("event_time"),
                rs.getString("payload"), rs.getString("confirmation_key"), rs.getInt("attempts"),
                Instant.ofEpochMilli(rs.getLong("created_at")), OutboxRow.integer(rs, "last_error_code"),
                rs.getString("last_error_message"));
    }

    // ------------------------------------------------------------------------------------------ outcome writes

    /** Meta accepted the request that carried these rows. */
    public WriteResult markSent(List<ClaimedEvent> rows, Integer eventsReceived, String fbtraceId) {
        final long now = clock.millis();
        return conditionalUpdate(rows, NOT_CLAIMABLE + "status = 'SENT', events_received = ?, last_fbtrace_id = ?, "
                + "sent_at = ?",
                (ps, i) -> {
                    setNullableInt(ps, i++, eventsReceived);
                    setNullableString(ps, i++, fbtraceId);
                    ps.setLong(i++, now);
                    return i;
                });
    }

    /** A transient failure or throttling: counts an attempt and schedules the next one. */
    public WriteResult markRetry(List<ClaimedEvent> rows, Instant nextAttemptAt, OutboxError error) {
        return conditionalUpdate(rows, "status = 'PENDING', attempts = attempts + 1, next_attempt_at = ?, "
                + ERROR_SET, (ps, i) -> {
                    ps.setLong(i++, nextAttemptAt.toEpochMilli());
                    return bindError(ps, i, error);
                });
    }

    /** Meta refused this event itself; final. */
    public WriteResult markRejected(List<ClaimedEvent> rows, OutboxError error) {
        return conditionalUpdate(rows, NOT_CLAIMABLE + "status = 'REJECTED', attempts = attempts + 1, " + ERROR_SET,
                (ps, i) -> bindError(ps, i, error));
    }

    /** Too old for Meta before it could be delivered; final, never sent. */
    public WriteResult markExpired(List<ClaimedEvent> rows, OutboxError reason) {
        return conditionalUpdate(rows, NOT_CLAIMABLE + "status = 'EXPIRED', " + ERROR_SET,
                (ps, i) -> bindError(ps, i, reason));
    }

    /**
     * Credentials refused: the row waits, remembering which credentials failed; {@link #releaseHeld} resumes it
     * once they change.
     *
     * @param countAttempt true when a request carried these rows, false when they were held without sending
     */
    public WriteResult markHeld(List<ClaimedEvent> rows, String credentialsFingerprint, OutboxError error,
            boolean countAttempt) {
        return conditionalUpdate(rows, NOT_CLAIMABLE + "status = 'HELD_CREDENTIALS', credentials_fingerprint = ?, "
                + (countAttempt ? "attempts = attempts + 1, " : "") + ERROR_SET, (ps, i) -> {
                    setNullableString(ps, i++, credentialsFingerprint);
                    return bindError(ps, i, error);
                });
    }

    /** No access token: the payload stays here as the record; nothing was sent. */
    public WriteResult markDryRun(List<ClaimedEvent> rows) {
        final long now = clock.millis();
        return conditionalUpdate(rows, NOT_CLAIMABLE + "status = 'DRY_RUN', sent_at = ?", (ps, i) -> {
            ps.setLong(i++, now);
            return i;
        });
    }

    /** Its order was cancelled or never confirmed in time; final. */
    public WriteResult markNotConfirmed(List<ClaimedEvent> rows, String reason) {
        return conditionalUpdate(rows, NOT_CLAIMABLE + "status = 'NOT_CONFIRMED', " + ERROR_SET,
                (ps, i) -> bindError(ps, i, OutboxError.reason(reason)));
    }

    /**
     * Puts rows back to PENDING at {@code nextAttemptAt} without counting an attempt: the request never happened
     * (breaker open, pixel disabled or unknown, order not yet confirmed, dispatcher stopping).
     */
    public WriteResult release(List<ClaimedEvent> rows, Instant nextAttemptAt) {
        return conditionalUpdate(rows, "status = 'PENDING', next_attempt_at = ?", (ps, i) -> {
            ps.setLong(i++, nextAttemptAt.toEpochMilli());
            return i;
        });
    }

    private static final String ERROR_SET = "last_error_code = ?, last_error_subcode = ?, last_error_message = ?, "
            + "last_fbtrace_id = ?, last_error_at = ?";

    private int bindError(PreparedStatement ps, int i, OutboxError error) throws SQLException {
        OutboxError e = error == null ? OutboxError.reason(null) : error;
        setNullableInt(ps, i++, e.code());
        setNullableInt(ps, i++, e.subcode());
        setNullableString(ps, i++, truncate(e.message()));
        setNullableString(ps, i++, e.fbtraceId());
        ps.setLong(i++, clock.millis());
        return i;
    }

    private String truncate(String message) {
        int max = config.maxErrorMessageLength();
        return message == null || message.length() <= max ? message : message.substring(0, max - 1) + "\u2026";
    }

    private interface Binder {
        /** Binds the SET clause's parameters from index {@code i}; returns the next free index. */
        int bind(PreparedStatement ps, int i) throws SQLException;
    }

    /**
     * The outcome UPDATE of {@link #conditionalUpdate}. PostgreSQL: one statement for all rows; parameters: the SET
     * clause's, updated_at, then three bigint arrays: ids, versions, ids again; it returns the ids it wrote.
     * HSQLDB: one row per execution (batched); parameters: the SET clause's, updated_at, id, version.
     */
    String outcomeSql(Dialect d, String set) {
        String common = "UPDATE " + t + " SET " + set + ", lease_owner = NULL, lease_expires_at = NULL, "
                + "version = version + 1, updated_at = ?";
        if (d == Dialect.POSTGRESQL) {
            // Thousands of single-row UPDATEs cost an executor start-up each; one statement joins the claimed
            // (id, version) pairs instead. "id = ANY(ids)" makes the planner find the rows by primary key (a join
            // on the pairs alone can be planned as a merge join over the whole primary key).
            return common + " FROM unnest(CAST(? AS BIGINT[]), CAST(? AS BIGINT[])) AS claimed(claimed_id, "
                    + "claimed_version) WHERE " + t + ".id = ANY(CAST(? AS BIGINT[])) AND " + t
                    + ".id = claimed.claimed_id AND " + t + ".version = claimed.claimed_version RETURNING " + t
                    + ".id";
        }
        return common + " WHERE id = ? AND version = ?";
    }

    private WriteResult conditionalUpdate(List<ClaimedEvent> rows, String set, Binder binder) {
        if (rows == null || rows.isEmpty()) {
            return WriteResult.empty();
        }
        final long now = clock.millis();
        try (Connection c = dataSource.getConnection()) {
            Dialect d = requireDialect(c);
            final String sql = outcomeSql(d, set);
            if (d == Dialect.POSTGRESQL) {
                return conditionalUpdateAtOnce(c, sql, rows, binder, now);
            }
            return inTransaction(c, () -> {
                int written = 0;
                List<Long> lost = new ArrayList<Long>();
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    for (ClaimedEvent row : rows) {
                        int i = binder.bind(ps, 1);
                        ps.setLong(i++, now);
                        ps.setLong(i++, row.id());
                        ps.setLong(i, row.version());
                        ps.addBatch();
                    }
                    int[] counts = ps.executeBatch();
                    for (int k = 0; k < counts.length; k++) {
                        if (counts[k] == 1 || counts[k] == Statement.SUCCESS_NO_INFO) {
                            written++;
                        } else {
                            lost.add(rows.get(k).id());
                        }
                    }
                }
                return new WriteResult(written, lost);
            });
        } catch (SQLException e) {
            throw new OutboxException("Could not record the outcome of " + rows.size() + " outbox rows", e);
        }
    }

    private static void plannerHints(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(PLANNER_HINTS)) {
            rs.next();
        }
    }

    private static WriteResult conditionalUpdateAtOnce(Connection c, String sql, List<ClaimedEvent> rows,
            Binder binder, long now) throws SQLException {
        Long[] ids = new Long[rows.size()];
        Long[] versions = new Long[rows.size()];
        for (int k = 0; k < ids.length; k++) {
            ids[k] = rows.get(k).id();
            versions[k] = rows.get(k).version();
        }
        final Set<Long> writtenIds = new HashSet<Long>();
        inTransaction(c, () -> {
            plannerHints(c);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = binder.bind(ps, 1);
                ps.setLong(i++, now);
                ps.setArray(i++, c.createArrayOf("bigint", ids));
                ps.setArray(i++, c.createArrayOf("bigint", versions));
                ps.setArray(i, c.createArrayOf("bigint", ids));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        writtenIds.add(rs.getLong(1));
                    }
                }
            }
            return null;
        });
        List<Long> lost = new ArrayList<Long>();
        int written = 0;
        for (ClaimedEvent row : rows) {
            if (writtenIds.contains(row.id())) {
                written++;
            } else {
                lost.add(row.id());
            }
        }
        return new WriteResult(written, lost);
    }

    // --------------------------------------------------------------------------------------- held and admin ops

    /**
     * Held rows of {@code pixelId} whose credentials fingerprint differs from {@code currentFingerprint} go back to
     * PENDING, due now: the credentials were replaced, so delivery resumes by itself.
     *
     * @return the number of rows released
     */
    public int releaseHeld(String pixelId, String currentFingerprint) {
        long now = clock.millis();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE " + t + " SET status = 'PENDING', "
                        + "next_attempt_at = ?, version = version + 1, updated_at = ? WHERE pixel_id = ? AND "
                        + "status = 'HELD_CREDENTIALS' AND (credentials_fingerprint IS NULL OR "
                        + "credentials_fingerprint <> ?)")) {
            ps.setLong(1, now);
            ps.setLong(2, now);
            ps.setString(3, pixelId);
            ps.setString(4, currentFingerprint == null ? "" : currentFingerprint);
            int n = ps.executeUpdate();
            commitIfNeeded(c);
            return n;
        } catch (SQLException e) {
            throw new OutboxException("Could not release held rows of pixel " + pixelId, e);
        }
    }

    /** Pixel id → fingerprints of the credentials its held rows failed with. */
    public Map<String, Set<String>> heldFingerprints() {
        Map<String, Set<String>> out = new HashMap<String, Set<String>>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT pixel_id, credentials_fingerprint FROM " + t
                        + " WHERE status = 'HELD_CREDENTIALS' GROUP BY pixel_id, credentials_fingerprint")) {
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

    /**
     * The admin's "retry now": a PENDING or HELD_CREDENTIALS row becomes due immediately. Other rows are not
     * resent blindly; the result explains why.
     */
    public RetryNowResult retryNow(long id) {
        long now = clock.millis();
        try (Connection c = dataSource.getConnection()) {
            int n;
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + t + " SET status = 'PENDING', "
                    + "next_attempt_at = ?, credentials_fingerprint = NULL, version = version + 1, updated_at = ? "
                    + "WHERE id = ? AND status IN ('PENDING', 'HELD_CREDENTIALS')")) {
                ps.setLong(1, now);
                ps.setLong(2, now);
                ps.setLong(3, id);
                n = ps.executeUpdate();
            }
            commitIfNeeded(c);
            OutboxStatus status = statusOf(c, id);
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

    private OutboxStatus statusOf(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT status FROM " + t + " WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OutboxStatus.valueOf(rs.getString(1)) : null;
            }
        }
    }

    // ------------------------------------------------------------------------------------------- retention

    /**
     * Deletes every final row (sent, dry run, rejected, expired, not confirmed) recorded before {@code recordedBefore},
     * in batches of {@link OutboxConfig#pruneBatchSize()}. Rows that can still be delivered stay.
     *
     * @return rows deleted
     */
    public int pruneFinal(Instant recordedBefore) {
        return retention.pruneFinal(recordedBefore);
    }

    /**
     * Held rows whose event time is before {@code eventTimeBefore} become EXPIRED (Meta refuses events older than 7
     * days, so new credentials could not deliver them), and so fall under {@link #pruneFinal}.
     *
     * @return rows expired
     */
    public int expireHeld(Instant eventTimeBefore) {
        return retention.expireHeld(eventTimeBefore);
    }

    // ------------------------------------------------------------------------------------------ admin reads

    /** Pixel id → status → rows created since {@code since}. */
    public Map<String, Map<OutboxStatus, Long>> countsByStatus(Instant since) {
        Map<String, Map<OutboxStatus, Long>> out = new TreeMap<String, Map<OutboxStatus, Long>>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT pixel_id, status, COUNT(*) FROM " + t
                        + " WHERE created_at >= ? GROUP BY pixel_id, status")) {
            ps.setLong(1, since.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<OutboxStatus, Long> byStatus = out.get(rs.getString(1));
                    if (byStatus == null) {
                        byStatus = new EnumMap<OutboxStatus, Long>(OutboxStatus.class);
                        out.put(rs.getString(1), byStatus);
                    }
                    byStatus.put(OutboxStatus.valueOf(rs.getString(2)), rs.getLong(3));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new OutboxException("Could not count outbox rows", e);
        }
    }

    /** Rows created since {@code since}, per UTC hour of creation and current status, oldest hour first. */
    public List<HourlyCount> hourlyCounts(Instant since) {
        List<HourlyCount> out = new ArrayList<HourlyCount>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT created_at / 3600000, status, COUNT(*) FROM " + t
                        + " WHERE created_at >= ? GROUP BY created_at / 3600000, status")) {
            ps.setLong(1, since.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new HourlyCount(Instant.ofEpochMilli(rs.getLong(1) * 3_600_000L),
                            OutboxStatus.valueOf(rs.getString(2)), rs.getLong(3)));
                }
            }
        } catch (SQLException e) {
            throw new OutboxException("Could not count outbox rows per hour", e);
        }
        out.sort(Comparator.comparing(HourlyCount::hourStart).thenComparing(HourlyCount::status));
        return out;
    }

    /** Rows not yet final, and the age of the oldest waiting one. */
    public Backlog backlog() {
        long pending = 0;
        long inFlight = 0;
        long held = 0;
        Long oldest = null;
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT status, COUNT(*), MIN(created_at) FROM " + t
                        + " WHERE status IN ('PENDING', 'IN_FLIGHT', 'HELD_CREDENTIALS') GROUP BY status")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    OutboxStatus status = OutboxStatus.valueOf(rs.getString(1));
                    long n = rs.getLong(2);
                    if (status == OutboxStatus.HELD_CREDENTIALS) {
                        held = n;
                        continue;
                    }
                    if (status == OutboxStatus.PENDING) {
                        pending = n;
                    } else {
                        inFlight = n;
                    }
                    long min = rs.getLong(3);
                    oldest = oldest == null ? min : Math.min(oldest, min);
                }
            }
            return new Backlog(pending, inFlight, held, oldest == null ? null : Instant.ofEpochMilli(oldest),
                    clock.instant());
        } catch (SQLException e) {
            throw new OutboxException("Could not read the outbox backlog", e);
        }
    }

    /** The most recently recorded error, for one pixel or ({@code null}) any; {@code null} when there is none. */
    public OutboxRow lastError(String pixelId) {
        String sql = "SELECT " + ROW_COLUMNS + " FROM " + t + " WHERE last_error_at IS NOT NULL"
                + (pixelId == null ? "" : " AND pixel_id = ?") + " ORDER BY last_error_at DESC, id DESC LIMIT 1";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (pixelId != null) {
                ps.setString(1, pixelId);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OutboxRow.read(rs, false) : null;
            }
        } catch (SQLException e) {
            throw new OutboxException("Could not read the last outbox error", e);
        }
    }

    /** Rows matching every given filter, newest first, without payloads. */
    public OutboxPage search(OutboxSearch search, int offset, int limit) {
        if (offset < 0 || limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("offset must be >= 0 and limit 1..1000, were: " + offset + ", "
                    + limit);
        }
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        final List<String> params = new ArrayList<String>();
        if (search.pixelId() != null) {
            where.append(" AND pixel_id = ?");
            params.add(search.pixelId());
        }
        if (search.eventId() != null) {
            where.append(" AND event_id = ?");
            params.add(search.eventId());
        }
        if (search.eventName() != null) {
            where.append(" AND event_name = ?");
            params.add(search.eventName());
        }
        if (search.key() != null) {
            where.append(" AND (confirmation_key = ? OR order_number = ?)");
            params.add(search.key());
            params.add(search.key());
        }
        if (search.status() != null) {
            where.append(" AND status = ?");
            params.add(search.status().name());
        }
        try (Connection c = dataSource.getConnection()) {
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + t + where)) {
                bindStrings(ps, params);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<OutboxRow> rows = new ArrayList<OutboxRow>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + ROW_COLUMNS + " FROM " + t + where
                    + " ORDER BY id DESC LIMIT ? OFFSET ?")) {
                int i = bindStrings(ps, params);
                ps.setInt(i++, limit);
                ps.setInt(i, offset);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(OutboxRow.read(rs, false));
                    }
                }
            }
            return new OutboxPage(rows, total, offset, limit);
        } catch (SQLException e) {
            throw new OutboxException("Could not search the outbox", e);
        }
    }

    /** One row including its payload, or {@code null}. */
    public OutboxRow findById(long id) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT " + ROW_COLUMNS + ", payload FROM " + t
                        + " WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OutboxRow.read(rs, true) : null;
            }
        } catch (SQLException e) {
            throw new OutboxException("Could not read outbox row " + id, e);
        }
    }

    /** {@link #matchKeyCoverage(Instant, List)} for {@link #DEFAULT_MATCH_KEYS}. */
    public List<MatchKeyCoverage> matchKeyCoverage(Instant since) {
        return matchKeyCoverage(since, DEFAULT_MATCH_KEYS);
    }

    /** Per event name (rows created since {@code since}): the number of rows that carried each key. */
    public List<MatchKeyCoverage> matchKeyCoverage(Instant since, List<String> keys) {
        StringBuilder sql = new StringBuilder("SELECT event_name, COUNT(*)");
        for (String key : keys) {
            // Keys go into the SQL text, so only plain lowercase keys are accepted.
            if (key == null || !key.matches("[a-z_]{1,40}")) {
                throw new IllegalArgumentException("match keys are lowercase letters and _, was: " + key);
            }
            sql.append(", SUM(CASE WHEN ',' || match_keys || ',' LIKE '%,").append(key)
                    .append(",%' THEN 1 ELSE 0 END)");
        }
        sql.append(" FROM ").append(t).append(" WHERE created_at >= ? GROUP BY event_name ORDER BY event_name");
        List<MatchKeyCoverage> out = new ArrayList<MatchKeyCoverage>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            ps.setLong(1, since.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Long> withKey = new LinkedHashMap<String, Long>();
                    for (int k = 0; k < keys.size(); k++) {
                        withKey.put(keys.get(k), rs.getLong(3 + k));
                    }
                    out.add(new MatchKeyCoverage(rs.getString(1), rs.getLong(2), withKey));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new OutboxException("Could not compute match-key coverage", e);
        }
    }

    // ----------------------------------------------------------------------------------------------- helpers

    private Dialect requireDialect(Connection c) throws SQLException {
        Dialect d = dialect;
        if (d == null) {
            d = Dialect.detect(c.getMetaData().getDatabaseProductName());
            dialect = d;
        }
        return d;
    }

    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    /** Runs {@code work} in one transaction on {@code c}, restoring the connection's auto-commit mode after. */
    private static <T> T inTransaction(Connection c, SqlWork<T> work) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        if (autoCommit) {
            c.setAutoCommit(false);
        }
        try {
            T result = work.run();
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        } finally {
            if (autoCommit) {
                c.setAutoCommit(true);
            }
        }
    }

    private static void commitIfNeeded(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }

    private static List<List<Long>> chunks(List<Long> ids) {
        List<List<Long>> out = new ArrayList<List<Long>>();
        for (int i = 0; i < ids.size(); i += IN_LIST_CHUNK) {
            out.add(ids.subList(i, Math.min(ids.size(), i + IN_LIST_CHUNK)));
        }
        return out;
    }

    private static String placeholders(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "?" : ", ?");
        }
        return sb.toString();
    }

    private static int bindStrings(PreparedStatement ps, List<String> params) throws SQLException {
        int i = 1;
        for (String p : params) {
            ps.setString(i++, p);
        }
        return i;
    }

    private static void setNullableString(PreparedStatement ps, int i, String value) throws SQLException {
        if (value == null) {
            ps.setNull(i, Types.VARCHAR);
        } else {
            ps.setString(i, value);
        }
    }

    private static void setNullableInt(PreparedStatement ps, int i, Integer value) throws SQLException {
        if (value == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setInt(i, value);
        }
    }

    @Override
    public String toString() {
        return "JdbcOutbox{table=" + t + ", dialect=" + dialect + "}";
    }
}
