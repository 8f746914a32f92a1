package io.github.broadleafmeta.core.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SystemEnvironmentSettingsSourceTest {

    @ParameterizedTest
    @CsvSource({
            "meta.pixel.id, META_PIXEL_ID",
            "meta.capi.accessToken, META_CAPI_ACCESS_TOKEN",
            "meta.capi.graphUrl, META_CAPI_GRAPH_URL",
            "meta.capi.apiVersion, META_CAPI_API_VERSION",
            "meta.capi.testEventCode, META_CAPI_TEST_EVENT_CODE",
            "meta.capi.testEventCodeExpiresAt, META_CAPI_TEST_EVENT_CODE_EXPIRES_AT",
            "meta.outbox.retentionDays, META_OUTBOX_RETENTION_DAYS",
            "meta.store.defaultCountry, META_STORE_DEFAULT_COUNTRY",
    })
    void shouldDeriveEnvironmentNameFromKey(String key, String env) {
        assertThat(SystemEnvironmentSettingsSource.envName(key)).isEqualTo(env);
    }

    @Test
    void shouldPreferDottedSystemPropertyThenUpperSystemPropertyThenEnvironment() {
        SystemEnvironmentSettingsSource s = SystemEnvironmentSettingsSource.of(
                Map.of("meta.pixel.id", "111111", "META_CAPI_API_VERSION", "v25.0"),
                Map.of("META_PIXEL_ID", "222222", "META_CAPI_API_VERSION", "v24.0", "META_CAPI_GRAPH_URL",
                        "http://localhost:8089"));
        assertThat(s.get("meta.pixel.id")).isEqualTo("111111");
        assertThat(s.describe("meta.pixel.id")).isEqualTo("system property meta.pixel.id");
        assertThat(s.get("meta.capi.apiVersion")).isEqualTo("v25.0");
        assertThat(s.describe("meta.capi.apiVersion")).isEqualTo("system property META_CAPI_API_VERSION");
        assertThat(s.get("meta.capi.graphUrl")).isEqualTo("http://localhost:8089");
        assertThat(s.describe("meta.capi.graphUrl")).isEqualTo("environment variable META_CAPI_GRAPH_URL");
        assertThat(s.get("meta.capi.testEventCode")).isNull();
    }

    @Test
    void shouldTreatBlankAsUnsetWhenLookingUp() {
        SystemEnvironmentSettingsSource s = SystemEnvironmentSettingsSource.of(Map.of("meta.pixel.id", "  "),
                Map.of("META_PIXEL_ID", "333333"));
        assertThat(s.get("meta.pixel.id")).isEqualTo("333333");
    }
}
