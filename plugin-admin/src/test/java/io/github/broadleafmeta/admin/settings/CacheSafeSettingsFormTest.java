package io.github.broadleafmeta.admin.settings;

import static io.github.broadleafmeta.core.settings.MetaSettingKeys.CACHE_SAFE_MODE;
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

/** The cache-safe mode on the admin's settings form: shown in Events, only true or false stored. */
class CacheSafeSettingsFormTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    private final Map<String, List<String>> params = new LinkedHashMap<>();

    private SettingsForm.Result submit() {
        MetaSettings inherited = new SettingsResolver(List.<SettingsSource>of(new MapSettingsSource("env",
                new HashMap<>())), Clock.fixed(NOW, ZoneOffset.UTC)).resolve();
        return SettingsForm.apply(params, new HashMap<>(), inherited, NOW);
    }

    @Test
    void shouldListCacheSafeModeInTheEventsGroup() {
        assertThat(SettingsCatalog.groups().get("Events")).extracting(SettingsField::key).contains(CACHE_SAFE_MODE);
    }

    @Test
    void shouldStoreTrueAndRefuseAnythingElse() {
        params.put(CACHE_SAFE_MODE, new ArrayList<>(List.of("true")));
        assertThat(submit().changes()).containsEntry(CACHE_SAFE_MODE, "true");

        params.put(CACHE_SAFE_MODE, new ArrayList<>(List.of("sometimes")));
        SettingsForm.Result refused = submit();
        assertThat(refused.isValid()).isFalse();
        assertThat(refused.errors()).containsKey(CACHE_SAFE_MODE);
    }
}
