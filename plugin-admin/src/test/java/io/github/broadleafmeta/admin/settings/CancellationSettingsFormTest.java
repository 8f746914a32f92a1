package io.github.broadleafmeta.admin.settings;

import static io.github.broadleafmeta.core.settings.MetaSettingKeys.CANCELLATION_EVENT;
import static io.github.broadleafmeta.core.settings.MetaSettingKeys.CANCELLATION_SCAN_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.broadleafmeta.core.settings.MapSettingsSource;
import io.github.broadleafmeta.core.settings.MetaSettings;
import io.github.broadleafmeta.core.settings.SettingsResolver;
import io.github.broadleafmeta.core.settings.SettingsSource;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cancelled-order settings on the admin's settings form: shown in Events, validated before saving. */
class CancellationSettingsFormTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    private final Map<String, List<String>> params = new LinkedHashMap<>();

    private SettingsForm.Result submit() {
        MetaSettings inherited = new SettingsResolver(List.<SettingsSource>of(new MapSettingsSource("env",
                new HashMap<>())), Clock.fixed(NOW, ZoneOffset.UTC)).resolve();
        return SettingsForm.apply(params, new HashMap<>(), inherited, NOW);
    }

    private void put(String name, String value) {
        params.put(name, new ArrayList<>(List.of(value)));
    }

    @Test
    void shouldListCancellationSettingsInTheEventsGroup() {
        assertThat(SettingsCatalog.groups().get("Events")).extracting(SettingsField::key)
                .contains(CANCELLATION_EVENT, CANCELLATION_SCAN_SECONDS);
    }

    @Test
    void shouldRefuseAStandardEventNameForCancellations() {
        put(CANCELLATION_EVENT, "Purchase");

        SettingsForm.Result r = submit();

        assertThat(r.isValid()).isFalse();
        assertThat(r.errors().get(CANCELLATION_EVENT)).contains("standard event");
    }

    @Test
    void shouldRefuseACancellationEventNameWithPunctuation() {
        put(CANCELLATION_EVENT, "Order-Cancelled!");

        assertThat(submit().errors().get(CANCELLATION_EVENT)).contains("custom event name");
    }

    @Test
    void shouldStoreOffAndCustomNamesForCancellations() {
        put(CANCELLATION_EVENT, "off");
        assertThat(submit().changes()).containsEntry(CANCELLATION_EVENT, "off");

        put(CANCELLATION_EVENT, "Order Voided");
        assertThat(submit().changes()).containsEntry(CANCELLATION_EVENT, "Order Voided");
    }

    @Test
    void shouldRefuseAScanIntervalOutsideItsRange() {
        put(CANCELLATION_SCAN_SECONDS, "0");

        assertThat(submit().errors().get(CANCELLATION_SCAN_SECONDS)).contains("outside 1..86400");
    }
}
