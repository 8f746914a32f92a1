package io.github.broadleafmeta.core.settings;

import static io.github.broadleafmeta.core.settings.MetaSettingKeys.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MultiPixelSettingsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-15T12:00:00Z"), ZoneOffset.UTC);
    private static final String PRIMARY = "1111111111111111";
    private static final String SECOND = "2222222222222222";
    private static final String THIRD = "333333333";
    private static final String TOKEN_1 = "EAAGprimaryTOKENsecret1";
    private static final String TOKEN_2 = "EAAGsecondTOKENsecret22";
    private static final String SECRET_2 = "appSECRETofTheSecond77";

    private final Map<String, String> admin = new HashMap<>();
    private final Map<String, String> env = new HashMap<>();

    private MetaSettings resolve() {
        return new SettingsResolver(List.of(new MapSettingsSource("admin", admin),
                SystemEnvironmentSettingsSource.of(Map.of(), env)), CLOCK).resolve();
    }

    @Test
    void shouldKeepTheSinglePixelKeysWorkingAlone() {
        env.put("META_PIXEL_ID", PRIMARY);
        env.put("META_CAPI_ACCESS_TOKEN", TOKEN_1);
        MetaSettings s = resolve();
        assertThat(s.pixels()).extracting(PixelSettings::pixelId).containsExactly(PRIMARY);
        assertThat(s.pixels().get(0).credentials().accessToken()).isEqualTo(TOKEN_1);
        assertThat(s.additionalPixelIds()).isEmpty();
        assertThat(s.problems()).isEmpty();
    }

    @Test
    void shouldAddPixelsWithTheirOwnCredentialsAndSharedEndpoint() {
        admin.put(PIXEL_ID, PRIMARY);
        admin.put(CAPI_ACCESS_TOKEN, TOKEN_1);
        admin.put(CAPI_API_VERSION, "v25.0");
        admin.put(PIXELS_ADDITIONAL, SECOND + ", " + THIRD);
        admin.put(pixelKey(SECOND, PIXEL_SUFFIX_ACCESS_TOKEN), TOKEN_2);
        admin.put(pixelKey(SECOND, PIXEL_SUFFIX_APP_SECRET), SECRET_2);
        admin.put(pixelKey(SECOND, PIXEL_SUFFIX_TEST_EVENT_CODE), "TEST123");
        admin.put(pixelKey(SECOND, PIXEL_SUFFIX_TEST_EVENT_CODE_EXPIRES_AT), "2025-06-16T00:00:00Z");

        MetaSettings s = resolve();

        assertThat(s.problems()).isEmpty();
        assertThat(s.pixels()).extracting(PixelSettings::pixelId).containsExactly(PRIMARY, SECOND, THIRD);
        assertThat(s.additionalPixelIds()).containsExactly(SECOND, THIRD);
        PixelSettings second = s.pixel(SECOND);
        assertThat(second.credentials().accessToken()).isEqualTo(TOKEN_2);
        assertThat(second.credentials().appSecret()).isEqualTo(SECRET_2);
        assertThat(second.testEventCode()).isEqualTo("TEST123");
        assertThat(second.apiVersion()).isEqualTo("v25.0");
        assertThat(second.enabled()).isTrue();
        PixelSettings third = s.pixel(THIRD);
        assertThat(third.credentials().accessToken()).isNull();
        assertThat(third.capiConfigured()).isFalse();
        assertThat(s.pixel(PRIMARY).testEventCode()).isNull();
        assertThat(s.enabledPixels()).hasSize(3);
    }

    @Test
    void shouldReadPerPixelKeysFromTheEnvironment() {
        env.put("META_PIXEL_ID", PRIMARY);
        env.put("META_PIXELS_ADDITIONAL", SECOND);
        env.put("META_PIXEL_" + SECOND + "_ACCESS_TOKEN", TOKEN_2);
        env.put("META_PIXEL_" + SECOND + "_ENABLED", "false");

        MetaSettings s = resolve();

        assertThat(s.pixel(SECOND).credentials().accessToken()).isEqualTo(TOKEN_2);
        assertThat(s.pixel(SECOND).enabled()).isFalse();
        assertThat(s.enabledPixels()).extracting(PixelSettings::pixelId).containsExactly(PRIMARY);
        ResolvedSetting token = s.setting(pixelKey(SECOND, PIXEL_SUFFIX_ACCESS_TOKEN));
        assertThat(token.sourceName()).isEqualTo("environment variable META_PIXEL_" + SECOND + "_ACCESS_TOKEN");
        assertThat(token.isSecret()).isTrue();
        assertThat(token.isSet()).isTrue();
        assertThat(token.value()).isNull();
    }

    @Test
    void shouldNeverShowPerPixelSecrets() {
        admin.put(PIXEL_ID, PRIMARY);
        admin.put(PIXELS_ADDITIONAL, SECOND);
        admin.put(pixelKey(SECOND, PIXEL_SUFFIX_ACCESS_TOKEN), TOKEN_2);
        admin.put(pixelKey(SECOND, PIXEL_SUFFIX_APP_SECRET), SECRET_2);
        MetaSettings s = resolve();
        assertThat(s.toString()).doesNotContain(TOKEN_2).doesNotContain(SECRET_2).contains(SECOND);
        assertThat(s.setting(pixelKey(SECOND, PIXEL_SUFFIX_APP_SECRET)).value()).isNull();
        assertThat(s.setting(pixelKey(SECOND, PIXEL_SUFFIX_APP_SECRET)).toString()).doesNotContain(SECRET_2);
        for (ResolvedSetting r : s.settings()) {
            assertThat(r.toString()).doesNotContain(TOKEN_2).doesNotContain(SECRET_2);
        }

        admin.put(pixelKey(SECOND, PIXEL_SUFFIX_ACCESS_TOKEN), "EAAG with blanks " + TOKEN_2);
        MetaSettings bad = resolve();
        assertThat(bad.pixel(SECOND).credentials().accessToken()).isNull();
        assertThat(bad.problems()).anySatisfy(p -> assertThat(p).contains(pixelKey(SECOND, "accessToken")));
        assertThat(String.join("\n", bad.problems())).doesNotContain(TOKEN_2);
    }

    @Test
    void shouldTurnEveryPixelOffWithTheMasterSwitch() {
        admin.put(PIXEL_ID, PRIMARY);
        admin.put(PIXEL_ENABLED, "false");
        admin.put(PIXELS_ADDITIONAL, SECOND);
        MetaSettings s = resolve();
        assertThat(s.isActive()).isFalse();
        assertThat(s.pixels()).extracting(PixelSettings::enabled).containsExactly(false, false);
        assertThat(s.enabledPixels()).isEmpty();
    }

    @Test
    void shouldRefuseInvalidOrDuplicateIdsWithClearMessages() {
        admin.put(PIXEL_ID, PRIMARY);
        admin.put(PIXELS_ADDITIONAL, SECOND + ",12ab5");
        MetaSettings s = resolve();
        assertThat(s.additionalPixelIds()).isEmpty();
        assertThat(s.problems()).singleElement().asString().contains(PIXELS_ADDITIONAL)
                .contains("digits only");

        assertThat(SettingsResolver.validate(PIXELS_ADDITIONAL, SECOND + " " + SECOND)).contains("twice");
        assertThat(SettingsResolver.validate(PIXELS_ADDITIONAL, "1234")).contains("5 to 20 digits");
        assertThat(SettingsResolver.validate(PIXELS_ADDITIONAL, SECOND + "," + THIRD)).isNull();

        admin.put(PIXELS_ADDITIONAL, PRIMARY + "," + SECOND);
        MetaSettings dup = resolve();
        assertThat(dup.pixels()).extracting(PixelSettings::pixelId).containsExactly(PRIMARY, SECOND);
        assertThat(dup.problems()).singleElement().asString().contains("already the primary pixel");
    }

    @Test
    void shouldIgnoreAdditionalPixelsWithoutPrimary() {
        admin.put(PIXELS_ADDITIONAL, SECOND);
        MetaSettings s = resolve();
        assertThat(s.pixels()).isEmpty();
        assertThat(s.isActive()).isFalse();
        assertThat(s.problems()).singleElement().asString().contains("need the primary pixel");
    }

    @Test
    void shouldExpireOnePixelsTestCode() {
        admin.put(PIXEL_ID, PRIMARY);
        admin.put(PIXELS_ADDITIONAL, SECOND);
        admin.put(pixelKey(SECOND, PIXEL_SUFFIX_TEST_EVENT_CODE), "TEST9");
        admin.put(pixelKey(SECOND, PIXEL_SUFFIX_TEST_EVENT_CODE_EXPIRES_AT), "2025-06-15T11:00:00Z");
        MetaSettings s = resolve();
        assertThat(s.pixel(SECOND).testEventCode()).isNull();
        assertThat(s.problems()).singleElement().asString().contains("expired");
    }

    @Test
    void shouldValidatePerPixelKeys() {
        assertThat(SettingsResolver.validate(pixelKey(SECOND, PIXEL_SUFFIX_ENABLED), "maybe")).contains("true/false");
        assertThat(SettingsResolver.validate(pixelKey(SECOND, PIXEL_SUFFIX_TEST_EVENT_CODE), "a b")).isNotNull();
        assertThat(SettingsResolver.validate(pixelKey(SECOND, PIXEL_SUFFIX_ACCESS_TOKEN), TOKEN_2)).isNull();
        assertThat(SettingsResolver.validate(pixelKey(SECOND, "color"), "red")).startsWith("unknown setting");
        assertThat(SettingsResolver.isSecret(pixelKey(SECOND, PIXEL_SUFFIX_APP_SECRET))).isTrue();
        assertThat(SettingsResolver.pixelKeys(SECOND)).containsExactly("meta.pixel." + SECOND + ".enabled",
                "meta.pixel." + SECOND + ".accessToken", "meta.pixel." + SECOND + ".appSecret",
                "meta.pixel." + SECOND + ".testEventCode", "meta.pixel." + SECOND + ".testEventCodeExpiresAt");
        assertThat(SystemEnvironmentSettingsSource.envName(pixelKey(SECOND, PIXEL_SUFFIX_TEST_EVENT_CODE_EXPIRES_AT)))
                .isEqualTo("META_PIXEL_" + SECOND + "_TEST_EVENT_CODE_EXPIRES_AT");
    }
}
