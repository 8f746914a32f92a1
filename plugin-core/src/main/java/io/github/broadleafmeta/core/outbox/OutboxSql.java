package io.github.broadleafmeta.core.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** SQL pieces and JDBC helpers shared by the outbox's schema, write, queue and read sides. */
final class OutboxSql {

    /** Largest IN list one statement binds; a bigger batch is split. */
    static final int IN_LIST_CHUNK = 500;

    private final String events;
    private final String queue;
    private final String rendered;

    OutboxSql(OutboxConfig config) {
        this.events = config.tableName();
        this.queue = config.queueTableName();
        this.rendered = config.renderedTableName();
    }

    String events() {
        return events;
    }

    String queue() {
        return queue;
    }

    String rendered() {
        return rendered;
    }

    /**
     * The status a person sees: IN_FLIGHT while a queue row is leased, else the event record's (PENDING while
     * queued, HELD_CREDENTIALS while held, the final status once delivered or given up).
     */
    // HSQLDB types a CASE of a literal and a VARCHAR as a blank-padded CHAR: readers trim. (No CAST: MySQL has no
    // CAST(... AS VARCHAR).)
    static final String STATUS = "CASE WHEN q.lease_owner IS NOT NULL THEN 'IN_FLIGHT' ELSE e.status END";

    /** One {@link OutboxRow} per row: the event record {@code e} left-joined to its queue row {@code q}. */
    String rowSelect(boolean withPayload) {
        return "SELECT " + rowColumns(withPayload) + " FROM " + events + " e LEFT JOIN " + queue + " q ON q.id = e.id";
    }

    /** The columns {@link OutboxRow} reads, from an event record {@code e} and a queue row {@code q}. */
    static String rowColumns(boolean withPayload) {
        // While a queue row exists, its attempts and its error (from retries) are the latest; the event record
        // receives them once, with the final status.
        return "e.id, e.pixel_id, e.event_name, e.event_id, e.event_time, e.confirmation_key, e.order_number, "
                + "e.match_keys, " + STATUS + " AS row_status, COALESCE(q.attempts, e.attempts) AS row_attempts, "
                + "q.due_at, q.lease_owner, q.lease_until, "
                + errorColumn("last_error_code", "err_code") + ", "
                + errorColumn("last_error_subcode", "err_subcode") + ", "
                + errorColumn("last_error_message", "err_message") + ", "
                + errorColumn("last_error_at", "err_at") + ", "
                + errorColumn("last_fbtrace_id", "err_fbtrace") + ", "
                + "e.events_received, e.created_at, e.updated_at, e.sent_at, "
                + "COALESCE(q.held_fingerprint, e.credentials_fingerprint) AS fingerprint"
                + (withPayload ? ", e.payload" : "");
    }

    private static String errorColumn(String column, String alias) {
        return "CASE WHEN q.last_error_at IS NOT NULL THEN q." + column + " ELSE e." + column + " END AS " + alias;
    }

    static String placeholders(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "?" : ", ?");
        }
        return sb.toString();
    }

    static <T> List<List<T>> chunks(List<T> all) {
        List<List<T>> out = new ArrayList<List<T>>();
        for (int i = 0; i < all.size(); i += IN_LIST_CHUNK) {
            out.add(all.subList(i, Math.min(all.size(), i + IN_LIST_CHUNK)));
        }
        return out;
    }

    /** Binds {@code ids} from index {@code i}; returns the next free index. */
    static int bindIds(PreparedStatement ps, int i, List<Long> ids) throws SQLException {
        for (Long id : ids) {
            ps.setLong(i++, id);
        }
        return i;
    }

    // A batch's ids in a statement: "id IN (?, ...)" per chunk elsewhere; on PostgreSQL "id = ANY(?)" with one array
    // for the whole batch, so the statement text is the same for every batch and the server parses and plans it
    // once per connection instead of planning a 500-element IN list per chunk.

    /** The id lists to run a statement for: one on PostgreSQL, chunks of {@value #IN_LIST_CHUNK} elsewhere. */
    static List<List<Long>> idChunks(Dialect d, List<Long> ids) {
        return d == Dialect.POSTGRESQL ? Collections.singletonList(ids) : chunks(ids);
    }

    /** The condition "{@code column} is one of {@code n} ids", as {@link #bindIdList} binds them. */
    static String idIn(Dialect d, String column, int n) {
        return d == Dialect.POSTGRESQL ? column + " = ANY(?)" : column + " IN (" + placeholders(n) + ")";
    }

    /** Binds the ids of {@link #idIn} from index {@code i}; returns the next free index. */
    static int bindIdList(Connection c, PreparedStatement ps, Dialect d, int i, List<Long> ids) throws SQLException {
        if (d == Dialect.POSTGRESQL) {
            ps.setArray(i, c.createArrayOf("bigint", ids.toArray()));
            return i + 1;
        }
        return bindIds(ps, i, ids);
    }

    static void setNullableString(PreparedStatement ps, int i, String value) throws SQLException {
        if (value == null) {
            ps.setNull(i, Types.VARCHAR);
        } else {
            ps.setString(i, value);
        }
    }

    static void setNullableInt(PreparedStatement ps, int i, Integer value) throws SQLException {
        if (value == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setInt(i, value);
        }
    }

    static void setNullableLong(PreparedStatement ps, int i, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, value);
        }
    }

    /**
     * PostgreSQL: the current transaction's commit does not wait for its log flush ({@link CommitMode#ASYNCHRONOUS};
     * transaction-local, so the pooled connection goes back unchanged).
     */
    static final String ASYNCHRONOUS_COMMIT_SETTING = "set_config('synchronous_commit', 'off', true)";

    /** Whether a write in {@code mode} commits asynchronously: asked for, allowed by config, possible on d. */
    static boolean commitsAsynchronously(OutboxConfig config, Dialect d, CommitMode mode) {
        return mode == CommitMode.ASYNCHRONOUS && config.asynchronousCommit() && d == Dialect.POSTGRESQL;
    }

    /** Applies {@link #ASYNCHRONOUS_COMMIT_SETTING} to {@code c}'s open transaction. */
    static void commitAsynchronously(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT " + ASYNCHRONOUS_COMMIT_SETTING)) {
            rs.next();
        }
    }

    interface SqlWork<T> {
        T run() throws SQLException;
    }

    /** Runs {@code work} in one transaction on {@code c}, restoring the connection's auto-commit mode after. */
    static <T> T inTransaction(Connection c, SqlWork<T> work) throws SQLException {
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

    static void commitIfNeeded(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }
}
