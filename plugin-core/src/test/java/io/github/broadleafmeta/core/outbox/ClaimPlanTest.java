package io.github.broadleafmeta.core.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The claim reads the queue's due_at index in order and stops after its limit, however many rows are due: no Sort
 * node, so a claim costs the same with 200,000 rows queued as with 200 (docs/PERFORMANCE.md, section 4).
 */
class ClaimPlanTest {

    private static final long NOW = 1_740_823_200_000L;
    private static final int PENDING = 200_000;
    private static final int FINISHED = 50_000;

    @RegisterExtension
    static final EmbeddedPostgresDatabase POSTGRES = new EmbeddedPostgresDatabase();

    @Test
    void shouldReadTheDueIndexInOrderWithoutSortingOnPostgres() throws SQLException {
        DataSource ds = POSTGRES.dataSource();
        OutboxConfig config = OutboxConfig.custom().tableName(TestDatabases.uniqueTable()).build();
        JdbcOutbox outbox = new JdbcOutbox(ds, config, Clock.systemUTC());
        outbox.initialize();
        String t = config.tableName();
        String q = config.queueTableName();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            // 200,000 queued rows (due over the last 200 s), 50,000 sent ones, then 100 in flight under a lease.
            s.execute(load(t, 1, PENDING + FINISHED + 100));
            s.execute("INSERT INTO " + q + " (id, pixel_id, due_at, attempts) SELECT g, '111111111111111', " + NOW
                    + " - g, 0 FROM generate_series(1, " + PENDING + ") AS g");
            s.execute("INSERT INTO " + q + " (id, pixel_id, due_at, lease_owner, lease_until, attempts) SELECT g, "
                    + "'111111111111111', " + (NOW + 60_000) + ", 'node-0', " + (NOW + 60_000) + ", 0 FROM "
                    + "generate_series(" + (PENDING + FINISHED + 1) + ", " + (PENDING + FINISHED + 100) + ") AS g");

            // Fresh load, before any ANALYZE (the planner guesses), and after it.
            String before = plan(c, outbox.claimSql(Dialect.POSTGRESQL), t);
            String outcomeBefore = outcomePlan(c, "DELETE FROM " + q);
            s.execute("ANALYZE " + q);
            s.execute("ANALYZE " + t);
            String after = plan(c, outbox.claimSql(Dialect.POSTGRESQL), t);
            String outcomeAfter = outcomePlan(c, "UPDATE " + t + " SET status = 'SENT'");

            // An outcome's statements find a batch's rows by primary key, however large the tables.
            for (String plan : new String[] {outcomeBefore, outcomeAfter}) {
                assertThat(plan).contains("_pkey").doesNotContain("Seq Scan");
            }

            for (String plan : new String[] {before, after}) {
                assertThat(plan).contains("Index Scan using " + q.toLowerCase(Locale.ROOT) + "_due_ix")
                        .contains("Limit").doesNotContain("Sort").doesNotContain("Seq Scan");
            }
        }
    }

    @Test
    void shouldReadTheDueIndexInOrderOnHsqldb() throws SQLException {
        OutboxConfig config = OutboxConfig.custom().tableName(TestDatabases.uniqueTable()).build();
        String plan = hsqldbPlan(config, outbox -> outbox.claimSql(Dialect.HSQLDB).replaceFirst("\\?", "" + NOW)
                .replaceFirst("\\?", "4000"));
        assertThat(plan).contains("index=" + config.queueTableName() + "_DUE_IX")
                .containsPattern("order by=\\[\\s*COLUMN: \\S+DUE_AT\\s+uses index");
    }

    @Test
    void shouldReadALeasedClaimByItsLeaseEndOnTheDueIndexOnHsqldb() throws SQLException {
        OutboxConfig config = OutboxConfig.custom().tableName(TestDatabases.uniqueTable()).build();
        String plan = hsqldbPlan(config, outbox -> outbox.leasedRowsSql().replaceFirst("\\?", "" + NOW)
                .replaceFirst("\\?", "'node-1'"));
        // The queue first, by the due-time index (the claim's rows only), then each event record by primary key.
        assertThat(plan).contains("index=" + config.queueTableName() + "_DUE_IX");
        assertThat(plan.indexOf("table=" + config.queueTableName())).isNotNegative()
                .isLessThan(plan.indexOf("table=" + config.tableName() + "\n"));
    }

    /** HSQLDB's EXPLAIN PLAN of the statement {@code sql} builds, on a fresh outbox. */
    private static String hsqldbPlan(OutboxConfig config, java.util.function.Function<JdbcOutbox, String> sql)
            throws SQLException {
        DataSource ds = TestDatabases.hsqldbInMemory();
        JdbcOutbox outbox = new JdbcOutbox(ds, config, Clock.systemUTC());
        outbox.initialize();
        StringBuilder plan = new StringBuilder();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("EXPLAIN PLAN FOR " + sql.apply(outbox))) {
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }

    /**
     * An outcome rewrites a few columns of each event record; on PostgreSQL that must stay a heap-only update (no new
     * entry in any of the record's indexes), which migration 5 makes room for. Without it, a page full of ~1.5 kB
     * rows has no room for the new version and every index gets a new entry.
     */
    @Test
    void shouldWriteASentBatchAsHeapOnlyUpdatesOnPostgres() throws Exception {
        DataSource ds = POSTGRES.dataSource();
        OutboxConfig config = OutboxConfig.custom().tableName(TestDatabases.uniqueTable()).build();
        JdbcOutbox outbox = new JdbcOutbox(ds, config, Clock.systemUTC());
        outbox.initialize();
        long nowSeconds = System.currentTimeMillis() / 1000;
        String payload = "{\"event_name\":\"Purchase\",\"custom_data\":\"" + String.join("", java.util.Collections
                .nCopies(1400, "x")) + "\"}";
        List<OutboxEntry> entries = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            entries.add(TestDatabases.entry("111111111111111", "Purchase", "hot-" + i, nowSeconds).payloadJson(payload)
                    .build());
        }
        outbox.enqueueAll(entries);
        List<OutboxRow> claimed = outbox.claim("node-1", 300, java.time.Duration.ofMinutes(1));
        assertThat(claimed).hasSize(300);
        assertThat(outbox.markSent(claimed, 300, "trace").written()).isEqualTo(300);

        long[] updates = {0, 0};
        for (int wait = 0; wait < 100 && updates[0] < 300; wait++) {
            // The statistics collector reports a little after the commit.
            Thread.sleep(100);
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("SELECT pg_stat_clear_snapshot()");
                try (ResultSet rs = s.executeQuery("SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables "
                        + "WHERE relname = '" + config.tableName().toLowerCase(Locale.ROOT) + "'")) {
                    rs.next();
                    updates[0] = rs.getLong(1);
                    updates[1] = rs.getLong(2);
                }
            }
        }
        assertThat(updates[0]).isEqualTo(300);
        assertThat(updates[1]).isEqualTo(300);
    }

    private static String load(String t, int from, int to) {
        return "INSERT INTO " + t + " (id, pixel_id, event_name, event_id, event_time, payload, status, attempts, "
                + "next_attempt_at, version, created_at, updated_at) SELECT g, '111111111111111', 'Purchase', "
                + "'e' || g, 1740823200, '{\"event_name\":\"Purchase\"}', CASE WHEN g > " + PENDING + " AND g <= "
                + (PENDING + FINISHED) + " THEN 'SENT' ELSE 'PENDING' END, 0, " + Dialect.NEVER + ", 0, " + NOW
                + ", " + NOW + " FROM generate_series(" + from + ", " + to + ") AS g";
    }

    /** The plan of {@code statement} + "WHERE id = ANY(1,000 ids)", as an outcome write runs it. */
    private static String outcomePlan(Connection c, String statement) throws SQLException {
        StringBuilder plan = new StringBuilder();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute(JdbcOutboxQueue.PLANNER_HINTS);
        }
        List<Long> ids = new ArrayList<>();
        for (long i = 1; i <= 1000; i++) {
            ids.add(100_000L + i);
        }
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + statement + " WHERE "
                + OutboxSql.idIn(Dialect.POSTGRESQL, "id", ids.size()))) {
            OutboxSql.bindIdList(c, ps, Dialect.POSTGRESQL, 1, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
        }
        c.rollback();
        c.setAutoCommit(true);
        return plan.toString();
    }

    private static String plan(Connection c, String claimSql, String t) throws SQLException {
        StringBuilder plan = new StringBuilder();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute(JdbcOutboxQueue.PLANNER_HINTS);
        }
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + claimSql)) {
            ps.setString(1, "node-1");
            ps.setLong(2, NOW + 120_000);
            ps.setLong(3, NOW + 120_000);
            ps.setLong(4, NOW);
            ps.setInt(5, 4000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
        }
        c.rollback();
        c.setAutoCommit(true);
        System.out.println("claim plan on " + t + ":\n" + plan);
        return plan.toString();
    }
}
