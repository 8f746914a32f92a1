package io.github.broadleafmeta.core.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code meta.cache.safeMode}: off by default, resolved like every setting, validated. */
class CacheSafeSettingsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC);

    private final Map<String, String> admin = new HashMap<>();
    private final Map<String, String> env = new HashMap<>();

    private MetaSettings resolve() {
        return new SettingsResolver(List.of(new MapSettingsSource("admin", admin),
                SystemEnvironmentSettingsSource.of(new HashMap<>(), env)), CLOCK).resolve();
    }

    @Test
    void shouldBeOffByDefault() {
        assertThat(resolve().cacheSafeMode()).isFalse();
    }

    @Test
    void shouldTakeTheModeFromTheEnvironmentAndAdminOverEnvironment() {
        env.put("META_CACHE_SAFE_MODE", "true");
        assertThat(resolve().cacheSafeMode()).isTrue();

        admin.put(MetaSettingKeys.CACHE_SAFE_MODE, "false");
        assertThat(resolve().cacheSafeMode()).isFalse();
    }

    @Test
    void shouldRefuseANonBooleanAndKeepTheDefault() {
        assertThat(SettingsResolver.validate(MetaSettingKeys.CACHE_SAFE_MODE, "sometimes")).isNotNull();
        admin.put(MetaSettingKeys.CACHE_SAFE_MODE, "sometimes");

        MetaSettings s = resolve();

        assertThat(s.problems()).anyMatch(p -> p.contains(MetaSettingKeys.CACHE_SAFE_MODE));
        assertThat(s.cacheSafeMode()).isFalse();
    }
}
