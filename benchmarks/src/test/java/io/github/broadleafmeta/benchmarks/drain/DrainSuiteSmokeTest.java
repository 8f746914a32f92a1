package io.github.broadleafmeta.benchmarks.drain;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.broadleafmeta.benchmarks.BenchDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.apache.commons.dbcp.BasicDataSource;
import org.junit.jupiter.api.Test;

/** Smoke tests of the drain suite's parts: a tiny run works end to end; the JDBC counter counts right. */
class DrainSuiteSmokeTest {

    @Test
    void shouldDeliverEveryEventOnEveryPathWhenTheSuiteRunsTiny() throws Exception {
        DrainSuite suite = new DrainSuite(new DrainSuite.Config(60, 10, List.of(BenchDatabase.Kind.HSQLDB_MEM), 2,
                List.of(), 60, "on", "on", 2, false));

        String markdown = suite.run().markdown();

        assertThat(suite.allVerified()).as(markdown).isTrue();
        assertThat(markdown).contains("| ours ", "| naive loop ", "| SDK ", "| transport only (ours) ",
                "enqueue (2 threads)", "drain (dispatcher, outcomes persisted)", "p99 ≤ 1 ms");
    }

    @Test
    void shouldCountStatementsAndTheCommitsTheyCost() throws Exception {
        BasicDataSource pool = new BasicDataSource();
        pool.setDriverClassName("org.hsqldb.jdbc.JDBCDriver");
        pool.setUrl("jdbc:hsqldb:mem:counter" + System.nanoTime());
        pool.setUsername("SA");
        StatementCounter counter = new StatementCounter();
        try (Connection c = counter.wrap(pool).getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE T (ID INT)");
            StatementCounter.Snapshot before = counter.snapshot();
            s.executeUpdate("INSERT INTO T VALUES (1)");
            s.executeQuery("SELECT * FROM T").close();
            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO T VALUES (2)");
            s.executeUpdate("UPDATE T SET ID = 3 WHERE ID = 2");
            c.commit();

            StatementCounter.Snapshot counted = counter.snapshot().minus(before);
            assertThat(counted.statements()).isEqualTo(4);
            assertThat(counted.commits()).as("one autocommit write + one explicit commit").isEqualTo(2);
        } finally {
            pool.close();
        }
    }
}
