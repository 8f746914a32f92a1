package io.github.broadleafmeta.core.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.broadleafmeta.core.outbox.OutboxRow;
import io.github.broadleafmeta.core.outbox.JdbcOutbox;
import io.github.broadleafmeta.core.outbox.OutboxConfig;
import io.github.broadleafmeta.core.outbox.OutboxEntry;
import io.github.broadleafmeta.core.outbox.TestClock;
import io.github.broadleafmeta.core.outbox.TestDatabases;
import io.github.broadleafmeta.core.settings.MapSettingsSource;
import io.github.broadleafmeta.core.settings.MetaSettingKeys;
import io.github.broadleafmeta.core.settings.MetaSettings;
import io.github.broadleafmeta.core.settings.SettingsResolver;
import io.github.broadleafmeta.core.settings.SettingsSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The cancellation event: only after a sent Purchase, once per order and pixel, referring to that Purchase. */
class OrderCancellationsTest {

    private static final String PIXEL = "123456789012345";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PURCHASE_PAYLOAD = "{\"event_name\":\"Purchase\",\"event_time\":1700000000,"
            + "\"event_id\":\"order.A100\",\"action_source\":\"website\",\"user_data\":{\"em\":[\""
            + "b".repeat(64) + "\"],\"client_user_agent\":\"UA\"},\"custom_data\":{\"value\":42.75,"
            + "\"currency\":\"USD\",\"order_id\":\"A100\",\"num_items\":2},\"data_processing_options\":[\"LDU\"],"
            + "\"data_processing_options_country\":1}";

    private final TestClock clock = TestClock.at("2026-12-07T05:00:00Z");
    private final DataSource db = TestDatabases.hsqldbInMemory();
    private final JdbcOutbox outbox = new JdbcOutbox(db, OutboxConfig.ofDefaults(), clock);
    private final Map<String, String> admin = new HashMap<>();

    OrderCancellationsTest() {
        outbox.initialize();
        admin.put(MetaSettingKeys.PIXEL_ID, PIXEL);
    }

    private OrderCancellations cancellations() {
        SettingsSnapshots settings = new SettingsSnapshots(new SettingsResolver(
                List.<SettingsSource>of(new MapSettingsSource("admin", admin)), clock), clock, Duration.ZERO);
        return new OrderCancellations(settings, outbox, clock);
    }

    private void purchase(String orderNumber, boolean sent) {
        outbox.enqueue(OutboxEntry.builder().pixelId(PIXEL).eventName("Purchase").eventId("order." + orderNumber)
                .eventTime(1700000000L).payloadJson(PURCHASE_PAYLOAD.replace("A100", orderNumber))
                .orderNumber(orderNumber).confirmationKey(orderNumber).build());
        if (sent) {
            List<OutboxRow> claimed = outbox.claim("test-node", 10, Duration.ofMinutes(1));
            outbox.markSent(claimed, claimed.size(), "trace");
        }
    }

    @Test
    void shouldRecordCancellationCarryingPurchaseValueAndEventIdWhenPurchaseWasSent() throws Exception {
        purchase("A100", true);

        int recorded = cancellations().orderCancelled("A100");

        assertThat(recorded).isEqualTo(1);
        JsonNode event = JSON.readTree(payload("order.A100.cancelled"));
        assertThat(event.get("event_name").asText()).isEqualTo("OrderCancelled");
        assertThat(event.get("event_id").asText()).isEqualTo("order.A100.cancelled");
        assertThat(event.get("event_time").asLong()).isEqualTo(clock.instant().getEpochSecond());
        assertThat(event.get("action_source").asText()).isEqualTo("system_generated");
        assertThat(event.get("custom_data").get("value").decimalValue()).isEqualByComparingTo("42.75");
        assertThat(event.get("custom_data").get("currency").asText()).isEqualTo("USD");
        assertThat(event.get("custom_data").get("order_id").asText()).isEqualTo("A100");
        assertThat(event.get("custom_data").get("original_event_id").asText()).isEqualTo("order.A100");
        assertThat(event.get("custom_data").has("num_items")).isFalse();
        assertThat(event.get("user_data").get("em").get(0).asText()).isEqualTo("b".repeat(64));
        assertThat(event.get("data_processing_options").get(0).asText()).isEqualTo("LDU");
        assertThat(event.get("data_processing_options_country").asInt()).isEqualTo(1);
    }

    @Test
    void shouldRecordNothingWhenPurchaseIsStillPending() throws Exception {
        purchase("A200", false);

        assertThat(cancellations().orderCancelled("A200")).isZero();
        assertThat(payload("order.A200.cancelled")).isNull();
    }

    @Test
    void shouldRecordNothingWhenOrderHasNoPurchase() throws Exception {
        assertThat(cancellations().orderCancelled("A300")).isZero();
        assertThat(payload("order.A300.cancelled")).isNull();
    }

    @Test
    void shouldKeepOneCancellationRowWhenOrderIsReportedCancelledTwice() throws Exception {
        purchase("A400", true);

        assertThat(cancellations().orderCancelled("A400")).isEqualTo(1);
        assertThat(cancellations().orderCancelled("A400")).isZero();
        assertThat(rowCount("order.A400.cancelled")).isEqualTo(1);
    }

    @Test
    void shouldRecordNothingWhenCancellationEventIsOff() throws Exception {
        purchase("A500", true);
        admin.put(MetaSettingKeys.CANCELLATION_EVENT, "off");

        assertThat(cancellations().orderCancelled("A500")).isZero();
        assertThat(payload("order.A500.cancelled")).isNull();
    }

    @Test
    void shouldUseConfiguredEventNameWhenOneIsSet() throws Exception {
        purchase("A600", true);
        admin.put(MetaSettingKeys.CANCELLATION_EVENT, "Order_Voided");

        cancellations().orderCancelled("A600");

        assertThat(JSON.readTree(payload("order.A600.cancelled")).get("event_name").asText())
                .isEqualTo("Order_Voided");
    }

    @Test
    void shouldReportProblemAndKeepDefaultWhenCancellationEventIsAStandardName() {
        admin.put(MetaSettingKeys.CANCELLATION_EVENT, "Purchase");

        MetaSettings s = new SettingsResolver(List.<SettingsSource>of(new MapSettingsSource("admin", admin)), clock)
                .resolve();

        assertThat(s.cancellationEvent()).isEqualTo("OrderCancelled");
        assertThat(s.problems()).anyMatch(p -> p.contains(MetaSettingKeys.CANCELLATION_EVENT)
                && p.contains("standard"));
    }

    private String payload(String eventId) throws Exception {
        try (Connection c = db.getConnection();
                PreparedStatement q = c.prepareStatement("SELECT payload FROM " + outbox.tableName()
                        + " WHERE event_id = ?")) {
            q.setString(1, eventId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private int rowCount(String eventId) throws Exception {
        try (Connection c = db.getConnection();
                PreparedStatement q = c.prepareStatement("SELECT COUNT(*) FROM " + outbox.tableName()
                        + " WHERE event_id = ?")) {
            q.setString(1, eventId);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
