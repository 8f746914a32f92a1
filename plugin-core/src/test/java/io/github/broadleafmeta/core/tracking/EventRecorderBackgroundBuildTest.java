package io.github.broadleafmeta.core.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.broadleafmeta.core.capi.EventJsonWriter;
import io.github.broadleafmeta.core.event.CustomData;
import io.github.broadleafmeta.core.outbox.JdbcOutbox;
import io.github.broadleafmeta.core.outbox.OutboxConfig;
import io.github.broadleafmeta.core.outbox.PooledDataSource;
import io.github.broadleafmeta.core.outbox.TestClock;
import io.github.broadleafmeta.core.outbox.TestDatabases;
import io.github.broadleafmeta.core.settings.MapSettingsSource;
import io.github.broadleafmeta.core.settings.MetaSettingKeys;
import io.github.broadleafmeta.core.settings.SettingsResolver;
import io.github.broadleafmeta.core.settings.SettingsSource;
import io.github.broadleafmeta.core.userdata.CustomerInfo;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A server copy handed to the background writer is built there, not on the recording (request) thread: the
 * customer's normalization and the event's JSON happen when the writer writes, with the action's own time.
 */
class EventRecorderBackgroundBuildTest {

    private static final String PIXEL = "123456789012345";

    @Test
    void shouldBuildTheServerCopyWhenTheBackgroundWriterWritesItWithTheTimeOfTheAction() throws Exception {
        TestClock clock = TestClock.at("2026-12-07T10:00:00Z");
        DataSource db = new PooledDataSource(TestDatabases.hsqldbInMemory());
        String table = TestDatabases.uniqueTable();
        JdbcOutbox outbox = new JdbcOutbox(db, OutboxConfig.custom().tableName(table).build(), clock);
        outbox.initialize();
        TrackingCounters counters = new TrackingCounters();
        BackgroundOutboxWriter background = new BackgroundOutboxWriter(outbox, counters);
        EventRecorder recorder = new EventRecorder(settings(clock), background, new EventJsonWriter(), clock,
                counters);

        Recording recording = recorder.record(TrackedAction.builder("Purchase", "order.T-1")
                .customData(CustomData.builder().value(new BigDecimal("12.50")).currency("EUR").build())
                .customer(CustomerInfo.builder().email("not an e-mail").lastName("Lovelace").build())
                .request(new ShopperRequest("203.0.113.7", "Mozilla/5.0 (X11; Linux x86_64) Test/1.0", null, null,
                        "https://shop.example.com/checkout", true))
                .orderNumber("T-1").build());

        assertThat(recording.serverCopy()).isEqualTo(Recording.ServerCopy.HANDED_OFF);
        assertThat(counters.get("dropped.em.INVALID_EMAIL")).as("normalized on the recording thread").isZero();
        clock.advance(Duration.ofMinutes(5));
        background.flush();

        assertThat(counters.get("dropped.em.INVALID_EMAIL")).as("normalized when written; %s", counters.snapshot())
                .isEqualTo(1);
        assertThat(counters.get("server.INVALID.Purchase")).as("%s", counters.snapshot()).isZero();
        JsonNode event = new ObjectMapper().readTree(payload(db, table, "order.T-1"));
        assertThat(event.get("event_time").asLong()).as("the action's time, not the write's")
                .isEqualTo(clock.instant().minus(Duration.ofMinutes(5)).getEpochSecond());
        assertThat(event.path("user_data").has("ln")).isTrue();
    }

    private static SettingsSnapshots settings(TestClock clock) {
        Map<String, String> admin = new HashMap<>();
        admin.put(MetaSettingKeys.PIXEL_ID, PIXEL);
        return new SettingsSnapshots(new SettingsResolver(
                List.<SettingsSource>of(new MapSettingsSource("admin", admin)), clock), clock);
    }

    private static String payload(DataSource db, String table, String eventId) throws Exception {
        try (Connection c = db.getConnection();
                PreparedStatement q = c.prepareStatement("SELECT payload FROM " + table + " WHERE event_id = ?")) {
            q.setString(1, eventId);
            try (ResultSet rs = q.executeQuery()) {
                assertThat(rs.next()).as("the row of %s", eventId).isTrue();
                return rs.getString(1);
            }
        }
    }
}
