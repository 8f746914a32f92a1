package io.github.broadleafmeta.core.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Locale;

import javax.sql.DataSource;

import org.junit.jupiter.api.extension.RegisterExtension;

import org.junit.jupiter.api.Test;

/**
 * The claim reads the next_attempt_at index in order and stops after its limit, however many rows are due: no Sort
 * node, so a claim costs the same with 250,000 rows pending as with 250 (docs/PERFORMANCE.md, section 4).
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
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            // 200,000 due rows (spread over the last 200 s), 50,000 sent ones, then 100 in flight under a lease.
            s.execute(load(t, 1, PENDING, "'PENDING'", "" + NOW + " - g"));
            s.execute(load(t, PENDING + 1, PENDING + FINISHED, "'SENT'", "" + Dialect.NEVER));
            s.execute(load(t, PENDING + FINISHED + 1, PENDING + FINISHED + 100, "'IN_FLIGHT'", "" + (NOW + 60_000)));

            // Fresh load, before any ANALYZE (the planner guesses), and after it.
            String before = plan(c, outbox.claimSql(Dialect.POSTGRESQL), t);
            String outcomeBefore = outcomePlan(c, outbox, t);
            s.execute("ANALYZE " + t);
            String after = plan(c, outbox.claimSql(Dialect.POSTGRESQL), t);
            String outcomeAfter = outcomePlan(c, outbox, t);

            if (Boolean.getBoolean("claimplan.timing")) {
                outcomeTiming(outbox, "all indexes");
                timing(c, outbox.claimSql(Dialect.POSTGRESQL), t, true);
                String old = "UPDATE " + t + " SET status = 'IN_FLIGHT', lease_owner = ?, lease_expires_at = ?, "
                        + "next_attempt_at = ?, version = version + 1, updated_at = ? WHERE id IN (SELECT id FROM "
                        + t + " WHERE status IN ('PENDING', 'IN_FLIGHT') AND next_attempt_at <= ? ORDER BY "
                        + "next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING id, payload";
                s.execute("DROP INDEX " + t + "_NEXT_IX");
                timing(c, old, t, false);
            }
            // The outcome write finds the claimed rows by primary key, whatever the size of the table.
            for (String plan : new String[] {outcomeBefore, outcomeAfter}) {
                assertThat(plan).contains("Index Cond: (id = ANY (").doesNotContain("Seq Scan")
                        .doesNotContain("Merge Join");
            }
            for (String plan : new String[] {before, after}) {
                assertThat(plan).contains("Index Scan using " + t.toLowerCase(Locale.ROOT) + "_next_ix")
                        .contains("Limit").doesNotContain("Sort").doesNotContain("Seq Scan");
            }
        }
    }

    @Test
    void shouldReadTheDueIndexInOrderOnHsqldb() throws SQLException {
        DataSource ds = TestDatabases.hsqldbInMemory();
        OutboxConfig config = OutboxConfig.custom().tableName(TestDatabases.uniqueTable()).build();
        JdbcOutbox outbox = new JdbcOutbox(ds, config, Clock.systemUTC());
        outbox.initialize();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("EXPLAIN PLAN FOR " + outbox.claimSql(Dialect.HSQLDB)
                        .replaceFirst("\\?", "" + NOW).replaceFirst("\\?", "4000"))) {
            StringBuilder plan = new StringBuilder();
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
            System.out.println(plan);
            assertThat(plan.toString()).contains("index=" + config.tableName() + "_NEXT_IX")
                    .containsPattern("order by=\\[\\s*COLUMN: \\S+NEXT_ATTEMPT_AT\\s+uses index");
        }
    }

    private static String load(String t, int from, int to, String status, String nextAttemptAt) {
        return "INSERT INTO " + t + " (pixel_id, event_name, event_id, event_time, payload, status, attempts, "
                + "next_attempt_at, version, created_at, updated_at) SELECT '111111111111111', 'Purchase', "
                + "'e' || g, 1740823200, '{\"event_name\":\"Purchase\"}', " + status + ", 0, " + nextAttemptAt
                + ", 0, " + NOW + ", " + NOW + " FROM generate_series(" + from + ", " + to + ") AS g";
    }

    /** Claims 4,000 rows and marks them sent, 3 times. */
    private static void outcomeTiming(JdbcOutbox outbox, String what) {
        for (int run = 0; run < 3; run++) {
            long t0 = System.nanoTime();
            java.util.List<ClaimedEvent> rows = outbox.claim("node-t", 4000, java.time.Duration.ofMinutes(2));
            long t1 = System.nanoTime();
            outbox.markSent(rows, 4000, "trace");
            long t2 = System.nanoTime();
            System.out.println("TIMING " + what + ": " + rows.size() + " rows claim " + (t1 - t0) / 1000
                    + " us, markSent " + (t2 - t1) / 1000 + " us");
        }
    }

    private static void timing(Connection c, String sql, String t, boolean hint) throws SQLException {
        for (int run = 0; run < 3; run++) {
            StringBuilder plan = new StringBuilder();
            c.setAutoCommit(false);
            if (hint) {
                try (Statement s = c.createStatement()) {
                    s.execute(JdbcOutbox.PLANNER_HINTS);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) " + sql)) {
                ps.setString(1, "node-1");
                ps.setLong(2, NOW + 120_000);
                ps.setLong(3, NOW + 120_000);
                ps.setLong(4, NOW);
                ps.setLong(5, NOW);
                ps.setInt(6, 4000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        plan.append(rs.getString(1)).append('\n');
                    }
                }
            }
            c.rollback();
            c.setAutoCommit(true);
            System.out.println("TIMING " + (hint ? "new" : "old") + " run " + run + ":\n" + plan);
        }
    }

    private static String outcomePlan(Connection c, JdbcOutbox outbox, String t) throws SQLException {
        StringBuilder plan = new StringBuilder();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute(JdbcOutbox.PLANNER_HINTS);
        }
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + outbox.outcomeSql(Dialect.POSTGRESQL,
                "status = 'SENT'"))) {
            Long[] ids = new Long[4000];
            Long[] versions = new Long[4000];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = 100_000L + i;
                versions[i] = 1L;
            }
            ps.setLong(1, NOW);
            ps.setArray(2, c.createArrayOf("bigint", ids));
            ps.setArray(3, c.createArrayOf("bigint", versions));
            ps.setArray(4, c.createArrayOf("bigint", ids));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
        }
        c.rollback();
        c.setAutoCommit(true);
        System.out.println("outcome plan on " + t + ":\n" + plan.toString().replaceAll("\\{[0-9,]+\\}", "{...}"));
        return plan.toString();
    }

    private static String plan(Connection c, String claimSql, String t) throws SQLException {
        StringBuilder plan = new StringBuilder();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute(JdbcOutbox.PLANNER_HINTS);
        }
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + claimSql)) {
            ps.setString(1, "node-1");
            ps.setLong(2, NOW + 120_000);
            ps.setLong(3, NOW + 120_000);
            ps.setLong(4, NOW);
            ps.setLong(5, NOW);
            ps.setInt(6, 4000);
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
