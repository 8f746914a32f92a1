package io.github.broadleafmeta.core.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.broadleafmeta.core.capi.EventJsonWriter;
import io.github.broadleafmeta.core.event.CustomData;
import io.github.broadleafmeta.core.outbox.JdbcOutbox;
import io.github.broadleafmeta.core.outbox.OutboxConfig;
import io.github.broadleafmeta.core.settings.MapSettingsSource;
import io.github.broadleafmeta.core.settings.MetaSettingKeys;
import io.github.broadleafmeta.core.settings.SettingsResolver;
import io.github.broadleafmeta.core.settings.SettingsSource;
import io.github.broadleafmeta.core.userdata.CustomerInfo;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hsqldb.jdbc.JDBCDataSource;
import org.junit.jupiter.api.Test;

/** An action recorded without a shopper's request (a background job, a service call) and the consent rule. */
class EventRecorderConsentTest {

    private static final String PIXEL = "123456789012345";

    @Test
    void shouldWithholdTheServerCopyWhenConsentIsRequiredAndNoRequestCouldCarryIt() {
        JdbcOutbox outbox = outbox("no-request-consent-required");

        Recording recording = recorder(true, outbox).record(purchase("A-1"));

        assertThat(recording.serverCopy()).isEqualTo(Recording.ServerCopy.NO_CONSENT);
        assertThat(outbox.contains(PIXEL, "Purchase", "order.A-1")).isFalse();
    }

    @Test
    void shouldNotWithholdTheServerCopyForConsentWithoutARequestWhenConsentIsNotRequired() {
        Recording recording = recorder(false, outbox("no-request-consent-not-required")).record(purchase("B-1"));

        assertThat(recording.serverCopy()).isNotEqualTo(Recording.ServerCopy.NO_CONSENT);
    }

    private static TrackedAction purchase(String orderNumber) {
        return TrackedAction.builder("Purchase", "order." + orderNumber)
                .customData(CustomData.builder().value(new BigDecimal("12.50")).currency("EUR").build())
                .customer(CustomerInfo.builder().email("jane@example.com").build())
                .orderNumber(orderNumber)
                .build();
    }

    private static EventRecorder recorder(boolean consentRequired, JdbcOutbox outbox) {
        Clock clock = Clock.systemUTC();
        Map<String, String> admin = new HashMap<>();
        admin.put(MetaSettingKeys.PIXEL_ID, PIXEL);
        admin.put(MetaSettingKeys.CONSENT_REQUIRED, String.valueOf(consentRequired));
        SettingsSnapshots settings = new SettingsSnapshots(new SettingsResolver(
                List.<SettingsSource>of(new MapSettingsSource("admin", admin)), clock), clock);
        return new EventRecorder(settings, outbox, new EventJsonWriter(), clock, new TrackingCounters());
    }

    private static JdbcOutbox outbox(String name) {
        JDBCDataSource db = new JDBCDataSource();
        db.setUrl("jdbc:hsqldb:mem:" + name + ";shutdown=false");
        db.setUser("SA");
        JdbcOutbox outbox = new JdbcOutbox(db, OutboxConfig.ofDefaults(), Clock.systemUTC());
        outbox.initialize();
        return outbox;
    }
}
