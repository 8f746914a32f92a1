package io.github.broadleafmeta.core.broadleaf31.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.broadleafmeta.core.settings.MapSettingsSource;
import io.github.broadleafmeta.core.settings.MetaSettingKeys;
import io.github.broadleafmeta.core.settings.MetaSettings;
import io.github.broadleafmeta.core.settings.SettingsResolver;
import io.github.broadleafmeta.core.settings.SettingsSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How far back the sweep looks: Meta's 7 days, but never past what the outbox still keeps. */
class PurchaseSweepWindowTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void shouldLookBackSevenDaysWhenTheOutboxKeepsRowsLonger() {
        assertThat(PurchaseSweep.windowStart(settings("30"), NOW)).isEqualTo(NOW.minus(Duration.ofDays(7)));
    }

    @Test
    void shouldStopAnHourShortOfRetentionWhenTheOutboxKeepsRowsForLessThanSevenDays() {
        assertThat(PurchaseSweep.windowStart(settings("2"), NOW))
                .isEqualTo(NOW.minus(Duration.ofDays(2)).plus(Duration.ofHours(1)));
    }

    private static MetaSettings settings(String retentionDays) {
        Map<String, String> admin = new HashMap<>();
        admin.put(MetaSettingKeys.PIXEL_ID, "111111111111111");
        admin.put(MetaSettingKeys.OUTBOX_RETENTION_DAYS, retentionDays);
        return new SettingsResolver(List.<SettingsSource>of(new MapSettingsSource("admin", admin)),
                Clock.systemUTC()).resolve();
    }
}
