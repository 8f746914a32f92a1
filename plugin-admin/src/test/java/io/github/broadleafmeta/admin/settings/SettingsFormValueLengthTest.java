package io.github.broadleafmeta.admin.settings;

import static io.github.broadleafmeta.core.settings.MetaSettingKeys.BOT_RULES;
import static io.github.broadleafmeta.core.settings.MetaSettingKeys.CAPI_TEST_EVENT_CODE;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.broadleafmeta.core.settings.MetaSettings;
import io.github.broadleafmeta.core.settings.SettingsResolver;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A value longer than the settings table holds is a field error (it was a failed insert: HTTP 500). */
class SettingsFormValueLengthTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    @ParameterizedTest
    @ValueSource(strings = {BOT_RULES, CAPI_TEST_EVENT_CODE})
    void shouldRefuseAValueLongerThanTheTableHoldsWithAFieldError(String key) {
        SettingsForm.Result result = submit(key, "x".repeat(SettingsForm.MAX_VALUE_LENGTH + 1));

        assertThat(result.isValid()).isFalse();
        assertThat(result.errors().get(key)).contains("longer than " + SettingsForm.MAX_VALUE_LENGTH);
        assertThat(result.changes()).isEmpty();
    }

    @Test
    void shouldAcceptBotRulesOfTheLongestLength() {
        SettingsForm.Result result = submit(BOT_RULES, "x".repeat(SettingsForm.MAX_VALUE_LENGTH));

        assertThat(result.errors()).isEmpty();
        assertThat(result.changes()).containsKey(BOT_RULES);
    }

    private static SettingsForm.Result submit(String key, String value) {
        MetaSettings inherited = new SettingsResolver(Collections.emptyList(), Clock.fixed(NOW, ZoneOffset.UTC))
                .resolve();
        Map<String, List<String>> params = new HashMap<>();
        params.put(key, List.of(value));
        return SettingsForm.apply(params, new HashMap<>(), inherited, NOW);
    }
}
