package io.github.broadleafmeta.core.settings;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.broadleafmeta.core.consent.ConsentMode;
import io.github.broadleafmeta.core.consent.ConsentState;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code meta.consent.mode}: resolved like every setting, validated, and turned into a consent state. */
class ConsentSettingsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-15T12:00:00Z"), ZoneOffset.UTC);

    private final Map<String, String> admin = new HashMap<>();
    private final Map<String, String> env = new HashMap<>();

    private MetaSettings resolve() {
        return new SettingsResolver(List.of(new MapSettingsSource("admin", admin),
                SystemEnvironmentSettingsSource.of(new HashMap<>(), env)), CLOCK).resolve();
    }

    @Test
    void shouldDefaultToRevokeMode() {
        MetaSettings s = resolve();

        assertThat(s.consentMode()).isEqualTo(ConsentMode.REVOKE);
        assertThat(SettingsResolver.defaultValue(MetaSettingKeys.CONSENT_MODE)).isEqualTo("revoke");
    }

    @Test
    void shouldTakeStrictModeFromTheEnvironmentAndAdminOverEnvironment() {
        env.put("META_CONSENT_MODE", "strict");
        assertThat(resolve().consentMode()).isEqualTo(ConsentMode.STRICT);

        admin.put(MetaSettingKeys.CONSENT_MODE, " Revoke ");
        assertThat(resolve().consentMode()).isEqualTo(ConsentMode.REVOKE);
    }

    @Test
    void shouldRefuseAnUnknownModeNamingTheChoices() {
        assertThat(SettingsResolver.validate(MetaSettingKeys.CONSENT_MODE, "sometimes"))
                .contains("revoke").contains("strict");
        assertThat(SettingsResolver.validate(MetaSettingKeys.CONSENT_MODE, "strict")).isNull();
        admin.put(MetaSettingKeys.CONSENT_MODE, "sometimes");
        MetaSettings s = resolve();
        assertThat(s.problems()).anyMatch(p -> p.contains(MetaSettingKeys.CONSENT_MODE));
        assertThat(s.consentMode()).as("the default stays in force").isEqualTo(ConsentMode.REVOKE);
    }

    @Test
    void shouldDeriveThePendingStateFromTheModeOnlyWhenConsentIsRequiredAndNotGiven() {
        admin.put(MetaSettingKeys.CONSENT_MODE, "strict");
        assertThat(resolve().consentState(false)).isEqualTo(ConsentState.NOT_REQUIRED);

        admin.put(MetaSettingKeys.CONSENT_REQUIRED, "true");
        assertThat(resolve().consentState(false)).isEqualTo(ConsentState.PENDING_STRICT);
        assertThat(resolve().consentState(true)).isEqualTo(ConsentState.GRANTED);

        admin.put(MetaSettingKeys.CONSENT_MODE, "revoke");
        assertThat(resolve().consentState(false)).isEqualTo(ConsentState.PENDING_REVOKE);
    }

    @Test
    void shouldCountConsentAsGivenOnlyByTheConfiguredCookieValueWhenConsentIsRequired() {
        assertThat(resolve().consentGrantedBy(null)).as("consent not required").isTrue();

        admin.put(MetaSettingKeys.CONSENT_REQUIRED, "true");
        admin.put(MetaSettingKeys.CONSENT_GRANTED_VALUE, "yes");
        MetaSettings s = resolve();

        assertThat(s.consentGrantedBy("yes")).isTrue();
        assertThat(s.consentGrantedBy("granted")).isFalse();
        assertThat(s.consentGrantedBy(null)).isFalse();
    }
}
