package io.github.broadleafmeta.core.broadleaf31.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.broadleafmeta.core.outbox.JdbcOutbox;
import io.github.broadleafmeta.core.outbox.OutboxConfig;
import io.github.broadleafmeta.core.outbox.OutboxEntry;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.hsqldb.jdbc.JDBCDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sweep's and the backfill preview's selection, on HSQLDB tables with the columns Broadleaf 3.1's
 * {@code BLC_ORDER} and {@code BLC_ORDER_ATTRIBUTE} have, and the plugin's real outbox.
 */
class OrderPurchaseQueriesTest {

    private static final AtomicInteger DBS = new AtomicInteger();
    private static final String PIXEL = "111111111111111";
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static final Instant FROM = NOW.minusSeconds(7 * 86400);

    private JDBCDataSource db;
    private JdbcOutbox outbox;
    private OrderPurchaseQueries queries;
    private long nextId = 1;

    @BeforeEach
    void createTables() throws SQLException {
        db = new JDBCDataSource();
        db.setUrl("jdbc:hsqldb:mem:order-queries-" + DBS.incrementAndGet());
        db.setUser("SA");
        try (Connection c = db.getConnection()) {
            BroadleafOrderTables.create(c, false);
        }
        outbox = new JdbcOutbox(db, OutboxConfig.ofDefaults(), Clock.fixed(NOW, ZoneOffset.UTC));
        outbox.initialize();
        queries = new OrderPurchaseQueries(db, outbox.tableName());
    }

    @Test
    void shouldSelectSubmittedOrderWithFieldsAndNoPurchaseRow() throws SQLException {
        order("A1", "SUBMITTED", NOW.minusSeconds(3600), "USD", "10.00", "granted", "false");

        assertThat(queries.ordersWithoutPurchase(PIXEL, FROM, NOW, 100)).containsExactly("A1");
    }

    @Test
    void shouldSkipOrderWhosePurchaseRowExistsForThePixel() throws SQLException {
        order("A1", "SUBMITTED", NOW.minusSeconds(3600), "USD", "10.00", "granted", "false");
        order("A2", "SUBMITTED", NOW.minusSeconds(3600), "USD", "10.00", "granted", "false");
        purchaseRow(PIXEL, "A1");
        purchaseRow("222222222222222", "A2");

        assertThat(queries.ordersWithoutPurchase(PIXEL, FROM, NOW, 100)).containsExactly("A2");
    }

    @Test
    void shouldSkipOrdersOutsideTheWindowOrNotSubmitted() throws SQLException {
        order("OLD", "SUBMITTED", FROM.minusSeconds(1), "USD", "10.00", "granted", "false");
        order("CART", "IN_PROCESS", NOW.minusSeconds(60), "USD", "10.00", "granted", "false");
        order("GONE", "CANCELLED", NOW.minusSeconds(60), "USD", "10.00", "granted", "false");
        order("EDGE", "SUBMITTED", FROM, "USD", "10.00", "granted", "false");

        assertThat(queries.ordersWithoutPurchase(PIXEL, FROM, NOW, 100)).containsExactly("EDGE");
    }

    @Test
    void shouldSkipOrdersRefusedByConsentOrBotRulesOrWithoutFields() throws SQLException {
        order("DENIED", "SUBMITTED", NOW.minusSeconds(60), "USD", "10.00", "denied", "false");
        order("BOT", "SUBMITTED", NOW.minusSeconds(60), "USD", "10.00", "granted", "true");
        order("NOFIELDS", "SUBMITTED", NOW.minusSeconds(60), "USD", "10.00", null, null);
        order("FREE", "SUBMITTED", NOW.minusSeconds(60), "USD", "10.00", "not_required", "false");

        assertThat(queries.ordersWithoutPurchase(PIXEL, FROM, NOW, 100)).containsExactly("FREE");
    }

    @Test
    void shouldSkipOrderWithoutUserAgentWhichNoWebsiteEventCanCarry() throws SQLException {
        order("NOUA", "SUBMITTED", NOW.minusSeconds(60), "USD", "1", "granted", "false");
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM BLC_ORDER_ATTRIBUTE WHERE NAME = 'meta_user_agent'");
        }

        assertThat(queries.ordersWithoutPurchase(PIXEL, FROM, NOW, 100)).isEmpty();
    }

    @Test
    void shouldReturnOldestFirstAndNoMoreThanTheLimit() throws SQLException {
        order("B", "SUBMITTED", NOW.minusSeconds(60), "USD", "1", "granted", "false");
        order("A", "SUBMITTED", NOW.minusSeconds(120), "USD", "1", "granted", "false");
        order("C", "SUBMITTED", NOW.minusSeconds(30), "USD", "1", "granted", "false");

        assertThat(queries.ordersWithoutPurchase(PIXEL, FROM, NOW, 2)).containsExactly("A", "B");
    }

    @Test
    void shouldPreviewCountAndValuePerCurrencyOfOrdersWithoutPurchase() throws SQLException {
        order("U1", "SUBMITTED", NOW.minusSeconds(60), "USD", "10.50", "granted", "false");
        order("U2", "SUBMITTED", NOW.minusSeconds(60), "USD", "4.50", "not_required", "false");
        order("E1", "SUBMITTED", NOW.minusSeconds(60), "EUR", "7.00", "granted", "false");
        order("SENT", "SUBMITTED", NOW.minusSeconds(60), "EUR", "100.00", "granted", "false");
        order("NOFIELDS", "SUBMITTED", NOW.minusSeconds(60), "USD", "99.00", null, null);
        purchaseRow(PIXEL, "SENT");

        OrderPurchaseQueries.Preview preview = queries.preview(PIXEL, FROM, NOW);

        assertThat(preview.orders).isEqualTo(4);
        assertThat(preview.rebuildable).isEqualTo(3);
        assertThat(preview.totalByCurrency).containsOnlyKeys("EUR", "USD");
        assertThat(preview.totalByCurrency.get("USD")).isEqualByComparingTo("15.00");
        assertThat(preview.totalByCurrency.get("EUR")).isEqualByComparingTo(new BigDecimal("7"));
    }

    @Test
    void shouldFindOrdersStillCarryingRawRequestValuesOnlyInTheRetentionRange() throws SQLException {
        Instant before = NOW.minusSeconds(8 * 86400);
        order("OLD", "SUBMITTED", before.minusSeconds(60), "USD", "1", "granted", "false");
        order("RECENT", "SUBMITTED", NOW.minusSeconds(60), "USD", "1", "granted", "false");
        order("NOFIELDS", "SUBMITTED", before.minusSeconds(60), "USD", "1", null, null);

        assertThat(queries.ordersWithRawRequestValues(before.minusSeconds(30 * 86400), before, 100))
                .containsExactly("OLD");
    }

    @Test
    void shouldAddTheSubmitDateAndOrderAttributeIndexesOnceWhenRunTwice() throws SQLException {
        queries.ensureIndexes();
        queries.ensureIndexes();

        assertThat(indexesNamed("BLC_ORDER", OrderPurchaseQueries.SUBMIT_DATE_INDEX)).isEqualTo(1);
        assertThat(indexesNamed("BLC_ORDER_ATTRIBUTE", OrderPurchaseQueries.ORDER_ATTRIBUTE_INDEX)).isEqualTo(1);
    }

    @Test
    void shouldNotAddAnOrderAttributeIndexWhenAnIndexAlreadyStartsWithTheOrderId() throws SQLException {
        // As HSQLDB and MariaDB do for a foreign key's column.
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE INDEX FK_ATTR_ORDER ON BLC_ORDER_ATTRIBUTE (ORDER_ID, NAME)");
        }

        queries.ensureIndexes();

        assertThat(indexesNamed("BLC_ORDER_ATTRIBUTE", OrderPurchaseQueries.ORDER_ATTRIBUTE_INDEX)).isZero();
        assertThat(indexesNamed("BLC_ORDER", OrderPurchaseQueries.SUBMIT_DATE_INDEX)).isEqualTo(1);
    }

    private int indexesNamed(String table, String indexName) throws SQLException {
        try (Connection c = db.getConnection();
                java.sql.ResultSet rs = c.getMetaData().getIndexInfo(null, null, table, false, false)) {
            int found = 0;
            while (rs.next()) {
                if (indexName.equals(rs.getString("INDEX_NAME"))) {
                    found++;
                }
            }
            return found;
        }
    }

    private void order(String number, String status, Instant submitted, String currency, String total,
            String consent, String bot) throws SQLException {
        long id = nextId++;
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO BLC_ORDER VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, id);
            ps.setString(2, number);
            ps.setString(3, status);
            ps.setTimestamp(4, new Timestamp(submitted.toEpochMilli()));
            ps.setBigDecimal(5, new BigDecimal(total));
            ps.setString(6, currency);
            ps.executeUpdate();
        }
        if (consent != null) {
            attribute(id, "meta_event_time", String.valueOf(submitted.getEpochSecond()));
            attribute(id, "meta_consent", consent);
            attribute(id, "meta_bot", bot);
            attribute(id, "meta_user_agent", "Mozilla/5.0");
            attribute(id, "meta_source_url", "https://shop.example/checkout");
        }
    }

    private void attribute(long orderId, String name, String value) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO BLC_ORDER_ATTRIBUTE VALUES (?, ?, ?, ?)")) {
            ps.setLong(1, nextId++ * 1000);
            ps.setString(2, name);
            ps.setString(3, value);
            ps.setLong(4, orderId);
            ps.executeUpdate();
        }
    }

    private void purchaseRow(String pixel, String orderNumber) {
        outbox.enqueue(OutboxEntry.builder().pixelId(pixel).eventName("Purchase").eventId("order." + orderNumber)
                .eventTime(NOW.getEpochSecond()).payloadJson("{}").confirmationKey(orderNumber)
                .orderNumber(orderNumber).build());
    }
}
