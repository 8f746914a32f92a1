package io.github.broadleafmeta.core.settings;

import io.github.broadleafmeta.core.capi.Credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PixelSettingsTest {

    private final PixelSettings base = PixelSettings.builder().pixelId("1234567890123456")
            .credentials(Credentials.of("tok-A", "sec-A")).build();

    @Test
    void shouldHideSecretsWhenPrinted() {
        assertThat(base.toString()).doesNotContain("tok-A", "sec-A").contains("accessToken=set", "1234567890123456");
    }

    @Test
    void shouldNameTheFieldWhenBuildFails() {
        assertThatThrownBy(() -> PixelSettings.builder().pixelId("abc").build()).hasMessageStartingWith("pixelId");
        assertThatThrownBy(() -> PixelSettings.builder().pixelId("12345").apiVersion("26").build())
                .hasMessageStartingWith("apiVersion");
        assertThatThrownBy(() -> PixelSettings.builder().pixelId("12345").graphUrl("graph.facebook.com").build())
                .hasMessageStartingWith("graphUrl");
    }

    @Test
    void shouldReportCapiConfiguredOnlyWhenEnabledWithToken() {
        assertThat(base.capiConfigured()).isTrue();
        assertThat(base.toBuilder().enabled(false).build().capiConfigured()).isFalse();
        assertThat(base.toBuilder().credentials(Credentials.of(" ", null)).build().capiConfigured()).isFalse();
    }
}
