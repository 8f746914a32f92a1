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
            assertThat(plan.toString()).contains("index=" + config.queueTableName() + "_DUE_IX")
                    .containsPattern("order by=\\[\\s*COLUMN: \\S+DUE_AT\\s+uses index");
        }
    }

    private static String load(String t, int from, int to) {
        return "INSERT INTO " + t + " (id, pixel_id, event_name, event_id, event_time, payload, status, attempts, "
                + "next_attempt_at, version, created_at, updated_at) SELECT g, '111111111111111', 'Purchase', "
                + "'e' || g, 1740823200, '{\"event_name\":\"Purchase\"}', CASE WHEN g > " + PENDING + " AND g <= "
                + (PENDING + FINISHED) + " THEN 'SENT' ELSE 'PENDING' END, 0, " + Dialect.NEVER + ", 0, " + NOW
                + ", " + NOW + " FROM generate_series(" + from + ", " + to + ") AS g";
    }

    /** The plan of {@code statement} + "WHERE id IN (500 ids)", as an outcome write runs it. */
    private static String outcomePlan(Connection c, String statement) throws SQLException {
        StringBuilder plan = new StringBuilder();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute(JdbcOutboxQueue.PLANNER_HINTS);
        }
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + statement + " WHERE id IN ("
                + OutboxSql.placeholders(500) + ")")) {
            for (int i = 1; i <= 500; i++) {
                ps.setLong(i, 100_000L + i);
            }
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
