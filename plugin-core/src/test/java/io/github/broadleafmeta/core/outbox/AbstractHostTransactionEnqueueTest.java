package io.github.broadleafmeta.core.outbox;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import javax.sql.DataSource;

import static io.github.broadleafmeta.core.outbox.TestDatabases.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link JdbcOutbox#enqueueAll(List, Connection)}: rows written on a caller's (host's) open transaction belong to
 * that transaction; the outbox never commits, rolls back or closes it, and neither a duplicate nor a failed insert
 * can break the host's commit (PostgreSQL aborts a whole transaction on any failed statement).
 */
abstract class AbstractHostTransactionEnqueueTest {

    static final String PIXEL = "111111111111111";

    JdbcOutbox outbox;
    String hostTable;
    long nowSeconds;

    abstract DataSource dataSource();

    @BeforeEach
    void freshTables() throws SQLException {
        TestClock clock = TestClock.at("2025-03-01T10:15:30Z");
        nowSeconds = clock.millis() / 1000;
        outbox = new JdbcOutbox(dataSource(), OutboxConfig.custom().tableName(TestDatabases.uniqueTable()).build(),
                clock);
        outbox.initialize();
        hostTable = "HOST_ORDER_" + TestDatabases.uniqueTable();
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + hostTable + " (id INT PRIMARY KEY, status VARCHAR(20))");
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
    }

    @Test
    void shouldLeaveTheRowsToTheHostsCommitOrRollback() throws SQLException {
        try (Connection host = hostTransaction()) {
            List<EnqueueResult> results = outbox.enqueueAll(Arrays.asList(
                    entry(PIXEL, "Purchase", "order.rolledback", nowSeconds).build()), host);
            assertThat(results.get(0).status()).isEqualTo(EnqueueResult.Status.ENQUEUED);
            assertThat(host.isClosed()).as("the outbox closed the host's connection").isFalse();
            assertThat(host.getAutoCommit()).as("the outbox changed the host's commit mode").isFalse();
            host.rollback();
        }
        try (Connection host = hostTransaction()) {
            outbox.enqueueAll(Arrays.asList(entry(PIXEL, "Purchase", "order.committed", nowSeconds).build()), host);
            host.commit();
        }

        assertThat(rowExists("order.rolledback")).as("rolled back with the host").isFalse();
        assertThat(rowExists("order.committed")).as("committed with the host").isTrue();
    }

    @Test
    void shouldReportADuplicateAndLetTheHostCommitItsOwnWork() throws SQLException {
        outbox.enqueue(entry(PIXEL, "Purchase", "order.7", nowSeconds).build());

        try (Connection host = hostTransaction()) {
            hostInsert(host, 1);
            List<EnqueueResult> results = outbox.enqueueAll(Arrays.asList(
                    entry(PIXEL, "Purchase", "order.7", nowSeconds).build(),
                    entry(PIXEL, "AddPaymentInfo", "api.7", nowSeconds).build()), host);
            hostInsert(host, 2);
            host.commit();

            assertThat(results).extracting(EnqueueResult::status)
                    .containsExactly(EnqueueResult.Status.DUPLICATE, EnqueueResult.Status.ENQUEUED);
        }
        assertThat(hostRows()).isEqualTo(2);
        assertThat(rowExists("api.7")).isTrue();
    }

    @Test
    void shouldContainAFailedInsertSoTheHostStillCommits() throws SQLException {
        JdbcOutbox missingTable = new JdbcOutbox(dataSource(),
                OutboxConfig.custom().tableName("NO_SUCH_" + TestDatabases.uniqueTable()).build(), TestClock.at(
                        "2025-03-01T10:15:30Z"));

        try (Connection host = hostTransaction()) {
            hostInsert(host, 1);
            List<EnqueueResult> results = missingTable.enqueueAll(Collections.singletonList(
                    entry(PIXEL, "Purchase", "order.8", nowSeconds).build()), host);
            hostInsert(host, 2);
            host.commit();

            assertThat(results.get(0).status()).isEqualTo(EnqueueResult.Status.FAILED);
        }
        assertThat(hostRows()).as("the host's work survived the plugin's failed insert").isEqualTo(2);
    }

    @Test
    void shouldWriteABatchOnItsOwnConnectionAndReportEachEntry() {
        outbox.enqueue(entry(PIXEL, "PageView", "pv.1", nowSeconds).build());

        List<EnqueueResult> results = outbox.enqueueAll(Arrays.asList(
                entry(PIXEL, "PageView", "pv.1", nowSeconds).build(),
                entry(PIXEL, "PageView", "pv.2", nowSeconds).build(),
                entry(PIXEL, "ViewContent", "vc.1", nowSeconds).browserRendered(true).build()));

        assertThat(results).extracting(EnqueueResult::status).containsExactly(EnqueueResult.Status.DUPLICATE,
                EnqueueResult.Status.ENQUEUED, EnqueueResult.Status.ENQUEUED);
        assertThat(outbox.contains(PIXEL, "PageView", "pv.2")).isTrue();
        assertThat(outbox.contains(PIXEL, "ViewContent", "vc.1")).isTrue();
    }

    @Test
    void shouldMarkRenderedBrowserCopiesInOneBatchOnlyOnce() {
        outbox.enqueue(entry(PIXEL, "AddToCart", "atc.1", nowSeconds).build());
        outbox.enqueue(entry(PIXEL, "AddToCart", "atc.2", nowSeconds).build());

        int first = outbox.markBrowserRenderedAll(Arrays.asList(new String[] {PIXEL, "AddToCart", "atc.1"},
                new String[] {PIXEL, "AddToCart", "atc.2"}, new String[] {PIXEL, "AddToCart", "no-row"}));
        int again = outbox.markBrowserRenderedAll(Collections.singletonList(new String[] {PIXEL, "AddToCart", "atc.1"}));

        assertThat(first).isEqualTo(2);
        assertThat(again).isZero();
    }

    private Connection hostTransaction() throws SQLException {
        Connection c = dataSource().getConnection();
        c.setAutoCommit(false);
        return c;
    }

    private void hostInsert(Connection host, int id) throws SQLException {
        try (PreparedStatement ps = host.prepareStatement("INSERT INTO " + hostTable + " VALUES (?, 'SUBMITTED')")) {
            ps.setInt(1, id);
            ps.executeUpdate();
        }
    }

    private int hostRows() throws SQLException {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + hostTable)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private boolean rowExists(String eventId) {
        return outbox.contains(PIXEL, "Purchase", eventId) || outbox.contains(PIXEL, "AddPaymentInfo", eventId);
    }
}
