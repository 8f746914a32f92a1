package io.github.broadleafmeta.core.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Locale;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Migration 6 on a real PostgreSQL: the order-number, confirmation-key and last-error indexes hold only the rows that
 * have a value, and the admin's lookups through them still use them.
 */
class PostgresOutboxIndexesTest {

    private static final long NOW = 1_740_823_200_000L;
    private static final int PAGE_EVENTS = 30_000;
    private static final int PURCHASES = 300;
    private static final int REJECTED = 30;

    @RegisterExtension
    static final EmbeddedPostgresDatabase POSTGRES = new EmbeddedPostgresDatabase();

    private String table;
    private JdbcOutbox outbox;

    @BeforeEach
    void loadPageEventsAndPurchases() throws SQLException {
        DataSource ds = POSTGRES.dataSource();
        OutboxConfig config = OutboxConfig.custom().tableName(TestDatabases.uniqueTable()).build();
        table = config.tableName();
        outbox = new JdbcOutbox(ds, config, Clock.systemUTC());
        outbox.initialize();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            TestDatabases.insertSentEvents(c, table, PURCHASES, PAGE_EVENTS, REJECTED, NOW);
            // VACUUM sets each index's entry count; ANALYZE gives the planner the column statistics.
            s.execute("VACUUM ANALYZE " + table);
        }
    }

    @Test
    void shouldKeepOnlyTheRowsWithAValueInTheOrderConfirmationAndErrorIndexes() throws SQLException {
        // VACUUM's entry counts are estimates, a few off either way (299 and 302 seen for 300); what this tells
        // apart is 30,000 page events in the index or not.
        assertThat(indexEntries("_ORDER_PARTIAL_IX")).isBetween(PURCHASES * 9L / 10, PURCHASES * 11L / 10);
        assertThat(indexEntries("_CONF_KEY_PARTIAL_IX")).isBetween(PURCHASES * 9L / 10, PURCHASES * 11L / 10);
        assertThat(indexEntries("_LAST_ERROR_PARTIAL_IX")).isBetween(0L, REJECTED + 30L);
        assertThat(indexEntries("_CREATED_IX")).isGreaterThan(PAGE_EVENTS * 9L / 10);
        assertThat(indexEntries("_ORDER_IX")).as("the full index is gone").isEqualTo(-1);
    }

    @Test
    void shouldFindAnOrdersEventsAndTheLastErrorThroughThePartialIndexes() throws Exception {
        OutboxPage page = outbox.search(OutboxSearch.builder().key("order-7").build(), 0, 10);
        OutboxRow lastError = outbox.lastError(null);

        assertThat(page.rows()).extracting(OutboxRow::eventId).containsExactly("e7");
        assertThat(lastError.eventId()).isEqualTo("e" + REJECTED);
        assertThat(POSTGRES.awaitIndexScans(table + "_ORDER_PARTIAL_IX")).isPositive();
        assertThat(POSTGRES.awaitIndexScans(table + "_CONF_KEY_PARTIAL_IX")).isPositive();
        assertThat(POSTGRES.awaitIndexScans(table + "_LAST_ERROR_PARTIAL_IX")).isPositive();
    }

    /** The index's entry count as VACUUM recorded it, or -1 when there is no such index. */
    private long indexEntries(String suffix) throws SQLException {
        try (Connection c = POSTGRES.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT reltuples FROM pg_class WHERE relname = '"
                        + (table + suffix).toLowerCase(Locale.ROOT) + "'")) {
            return rs.next() ? (long) rs.getFloat(1) : -1;
        }
    }
}
