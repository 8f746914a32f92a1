package io.github.broadleafmeta.store.bench;

import io.github.broadleafmeta.core.broadleaf31.MetaOrderCancellationHook;
import org.apache.commons.dbcp.BasicDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.ProxyFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

class CountingDataSourceTest {

    private BasicDataSource pool;
    private DataSource counted;

    @BeforeEach
    void createPool() throws Exception {
        pool = new BasicDataSource();
        pool.setDriverClassName("org.hsqldb.jdbc.JDBCDriver");
        pool.setUrl("jdbc:hsqldb:mem:counting" + System.nanoTime());
        pool.setUsername("sa");
        pool.setPassword("");
        counted = CountingDataSource.wrap(pool);
        try (Connection c = counted.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE T (ID INT PRIMARY KEY, V VARCHAR(10))");
        }
    }

    @AfterEach
    void closePool() throws Exception {
        CountingDataSource.end();
        pool.close();
    }

    @Test
    void shouldCountAWritingAutocommitStatementAsACommitAndAReadAsNone() throws Exception {
        JdbcCounts counts = CountingDataSource.begin();
        try (Connection c = counted.getConnection()) {
            try (PreparedStatement insert = c.prepareStatement("/* hint */ INSERT INTO T VALUES (?, ?)")) {
                insert.setInt(1, 1);
                insert.setString(2, "a");
                insert.executeUpdate();
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM T")) {
                rs.next();
            }
        }
        CountingDataSource.end();

        assertThat(counts.host.statements).isEqualTo(2);
        assertThat(counts.host.writes).isEqualTo(1);
        assertThat(counts.host.commits).isEqualTo(1);
        assertThat(counts.host.connections).isEqualTo(1);
        assertThat(counts.plugin.statements).isZero();
    }

    @Test
    void shouldCountOneCommitForATransactionOfTwoWritesAndItsRollbacks() throws Exception {
        JdbcCounts counts = CountingDataSource.begin();
        try (Connection c = counted.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("INSERT INTO T VALUES (1, 'a')");
            s.execute("UPDATE T SET V = 'b' WHERE ID = 1");
            c.commit();
            s.execute("DELETE FROM T");
            c.rollback();
            c.setAutoCommit(true);
        }

        assertThat(counts.host.statements).isEqualTo(3);
        assertThat(counts.host.writes).isEqualTo(3);
        assertThat(counts.host.commits).isEqualTo(1);
        assertThat(counts.host.rollbacks).isEqualTo(1);
    }

    @Test
    void shouldCountTheImplicitCommitOfSwitchingAutocommitOnAfterWrites() throws Exception {
        JdbcCounts counts = CountingDataSource.begin();
        try (Connection c = counted.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO T VALUES (1, 'a')");
            c.setAutoCommit(true);
        }

        assertThat(counts.host.commits).isEqualTo(1);
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM T")) {
            rs.next();
            assertThat(rs.getInt(1)).as("the row was committed").isEqualTo(1);
        }
    }

    @Test
    void shouldCountEveryBorrowAndTheMostConnectionsHeldAtOnce() throws Exception {
        JdbcCounts counts = CountingDataSource.begin();
        try (Connection first = counted.getConnection()) {
            try (Connection second = counted.getConnection()) {
                assertThat(second).isNotNull();
            }
        }
        try (Connection third = counted.getConnection()) {
            assertThat(third).isNotNull();
        }

        assertThat(counts.host.connections).isEqualTo(3);
        assertThat(counts.maxConnectionsHeld).isEqualTo(2);
    }

    @Test
    void shouldCountNothingOnAThreadThatDidNotBegin() throws Exception {
        JdbcCounts counts = CountingDataSource.begin();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread other = new Thread(() -> {
            try (Connection c = counted.getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO T VALUES (7, 'x')");
            } catch (Exception e) {
                failure.set(e);
            }
        });
        other.start();
        other.join();

        assertThat(failure.get()).isNull();
        assertThat(counts.host.statements + counts.host.connections + counts.host.commits).isZero();
    }

    @Test
    void shouldListEveryOperationWithItsSideWhenTraced() throws Exception {
        JdbcCounts counts = CountingDataSource.begin(true);
        try (Connection c = counted.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO T VALUES (1, 'a')");
        }
        StringBuilder json = new StringBuilder();
        counts.appendJson(json);

        assertThat(json.toString()).contains("\"trace\":[\"host borrow\",\"host write+autocommit INSERT INTO T");
    }

    @Test
    void shouldChargeHostWorkToTheHostWhenThePluginsOrderServiceAdviceOnlyLetsItThrough() throws Exception {
        Runnable hostWork = () -> {
            try (Connection c = counted.getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO T VALUES (1, 'a')");
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        };
        // The plugin's real advice, as on blOrderService's proxy: it proceeds for every method but cancelOrder.
        ProxyFactory proxy = new ProxyFactory(hostWork);
        proxy.addAdvice(new MetaOrderCancellationHook(null, null));
        JdbcCounts counts = CountingDataSource.begin(true);

        ((Runnable) proxy.getProxy()).run();

        assertThat(counts.plugin.statements + counts.plugin.commits + counts.plugin.connections).as("%s", counts.trace)
                .isZero();
        assertThat(counts.host.commits).isEqualTo(1);
    }

    @Test
    void shouldTellWritingSqlFromReadingSql() {
        assertThat(CountingDataSource.isWrite("  -- note\n insert into T values (1)")).isTrue();
        assertThat(CountingDataSource.isWrite("(UPDATE T SET V = 1)")).isTrue();
        assertThat(CountingDataSource.isWrite("merge into T using ...")).isTrue();
        assertThat(CountingDataSource.isWrite("SELECT * FROM T FOR UPDATE")).isFalse();
        assertThat(CountingDataSource.isWrite("with x as (select 1) select * from x")).isFalse();
        assertThat(CountingDataSource.isWrite(null)).isFalse();
    }
}
