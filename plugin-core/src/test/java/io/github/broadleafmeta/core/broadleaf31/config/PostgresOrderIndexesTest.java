package io.github.broadleafmeta.core.broadleaf31.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.broadleafmeta.core.outbox.EmbeddedPostgresDatabase;
import io.github.broadleafmeta.core.outbox.JdbcOutbox;
import io.github.broadleafmeta.core.outbox.OutboxConfig;
import io.github.broadleafmeta.core.outbox.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * On a real PostgreSQL, with Broadleaf 3.1's order tables as Hibernate creates them (a foreign key from the
 * attributes to the order, which PostgreSQL does not index): the checkout's load of an order's attributes scans the
 * table until {@link OrderPurchaseQueries#ensureIndexes} runs, and uses the index after.
 */
class PostgresOrderIndexesTest {

    @RegisterExtension
    static final EmbeddedPostgresDatabase POSTGRES = new EmbeddedPostgresDatabase();

    private static final String LOAD_ATTRIBUTES = "SELECT ORDER_ATTRIBUTE_ID, NAME, VALUE FROM BLC_ORDER_ATTRIBUTE"
            + " WHERE ORDER_ID = 4242";

    @BeforeEach
    void createOrderTables() throws SQLException {
        try (Connection c = POSTGRES.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS BLC_ORDER_ATTRIBUTE");
            s.execute("DROP TABLE IF EXISTS BLC_ORDER");
            BroadleafOrderTables.create(c, true);
            // 5,000 orders with nine attributes each, as the checkout stores them.
            s.execute("INSERT INTO BLC_ORDER (ORDER_ID, ORDER_STATUS) SELECT g, 'SUBMITTED'"
                    + " FROM generate_series(1, 5000) g");
            s.execute("INSERT INTO BLC_ORDER_ATTRIBUTE SELECT g, 'meta_' || (g % 9), 'v', (g - 1) / 9 + 1"
                    + " FROM generate_series(1, 45000) g");
            s.execute("ANALYZE BLC_ORDER_ATTRIBUTE");
        }
    }

    @Test
    void shouldLoadAnOrdersAttributesThroughTheIndexOnlyAfterEnsureIndexes() throws SQLException {
        assertThat(plan(LOAD_ATTRIBUTES)).contains("Seq Scan");

        OrderPurchaseQueries queries = new OrderPurchaseQueries(POSTGRES.dataSource(), "META_EVENT_OUTBOX");
        queries.ensureIndexes();

        assertThat(plan(LOAD_ATTRIBUTES)).doesNotContain("Seq Scan")
                .contains(OrderPurchaseQueries.ORDER_ATTRIBUTE_INDEX.toLowerCase());
    }

    @Test
    void shouldLeaveOneValidIndexPerColumnWhenRunTwice() throws SQLException {
        OrderPurchaseQueries queries = new OrderPurchaseQueries(POSTGRES.dataSource(), "META_EVENT_OUTBOX");
        queries.ensureIndexes();
        queries.ensureIndexes();

        try (Connection c = POSTGRES.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT c.relname, i.indisvalid FROM pg_index i"
                        + " JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname LIKE 'meta_order_%'"
                        + " ORDER BY c.relname")) {
            StringBuilder found = new StringBuilder();
            while (rs.next()) {
                found.append(rs.getString(1)).append(rs.getBoolean(2) ? " valid; " : " INVALID; ");
            }
            assertThat(found.toString())
                    .isEqualTo("meta_order_attr_order_idx valid; meta_order_submit_date_idx valid; ");
        }
    }

    @Test
    void shouldBuildTheIndexWhenTheStoresConnectionsDoNotAutoCommit() throws SQLException {
        DataSource transactional = new DelegatingDataSource(POSTGRES.dataSource()) {
            @Override
            public Connection getConnection() throws SQLException {
                Connection c = super.getConnection();
                c.setAutoCommit(false);
                return c;
            }
        };

        new OrderPurchaseQueries(transactional, "META_EVENT_OUTBOX").ensureIndexes();

        assertThat(plan(LOAD_ATTRIBUTES)).doesNotContain("Seq Scan");
    }

    @Test
    void shouldNotDropAnIndexOfThatNameItDidNotBuild() throws SQLException {
        try (Connection c = POSTGRES.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS SOMEONE_ELSES");
            s.execute("CREATE TABLE SOMEONE_ELSES (X INT)");
            s.execute("CREATE INDEX " + OrderPurchaseQueries.ORDER_ATTRIBUTE_INDEX + " ON SOMEONE_ELSES (X)");
        }

        new OrderPurchaseQueries(POSTGRES.dataSource(), "META_EVENT_OUTBOX").ensureIndexes();

        try (Connection c = POSTGRES.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT tablename FROM pg_indexes WHERE indexname = '"
                        + OrderPurchaseQueries.ORDER_ATTRIBUTE_INDEX.toLowerCase() + "'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("someone_elses");
        } finally {
            try (Connection c = POSTGRES.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP TABLE SOMEONE_ELSES");
            }
        }
    }

    /**
     * The sweep and the admin's backfill preview share one window clause that asks, per order submitted in the window,
     * whether the outbox holds its Purchase: by order number, which PostgreSQL indexes only where it is set (most
     * events have none). The anti-join must still probe that index; the preview runs the clause here.
     */
    @Test
    void shouldProbeTheOutboxsOrderIndexForEachOrderInTheSweepWindow() throws Exception {
        OutboxConfig config = OutboxConfig.custom().tableName(TestDatabases.uniqueTable()).build();
        new JdbcOutbox(POSTGRES.dataSource(), config, Clock.systemUTC()).initialize();
        Instant submitted = Instant.parse("2026-03-01T10:00:00Z");
        try (Connection c = POSTGRES.dataSource().getConnection(); Statement s = c.createStatement();
                PreparedStatement submit = c.prepareStatement("UPDATE BLC_ORDER SET ORDER_NUMBER = 'order-' ||"
                        + " ORDER_ID, SUBMIT_DATE = ? WHERE ORDER_ID <= 20")) {
            // Twenty orders in the sweep's window; the outbox holds the Purchases of the first ten among 30,000 page
            // events.
            TestDatabases.insertSentEvents(c, config.tableName(), 10, 30_000, 0, submitted.toEpochMilli());
            submit.setTimestamp(1, new Timestamp(submitted.toEpochMilli()));
            submit.executeUpdate();
            s.execute("ANALYZE BLC_ORDER");
            s.execute("VACUUM ANALYZE " + config.tableName());
        }
        OrderPurchaseQueries queries = new OrderPurchaseQueries(POSTGRES.dataSource(), config.tableName());
        queries.ensureIndexes();

        OrderPurchaseQueries.Preview preview = queries.preview("111111111111111", submitted.minusSeconds(3600),
                submitted.plusSeconds(3600));

        assertThat(preview.orders).isEqualTo(10);
        assertThat(POSTGRES.awaitIndexScans(config.tableName() + "_ORDER_PARTIAL_IX")).isPositive();
    }

    private static String plan(String sql) throws SQLException {
        try (Connection c = POSTGRES.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("EXPLAIN " + sql)) {
            StringBuilder plan = new StringBuilder();
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
            return plan.toString();
        }
    }
}
