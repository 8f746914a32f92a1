package io.github.broadleafmeta.core.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PixelSettingsTest {

    private final PixelSettings base = PixelSettings.builder().pixelId("1234567890123456").accessToken("tok-A")
            .appSecret("sec-A").build();

    @Test
    void shouldChangeFingerprintWhenAnyCredentialChanges() {
        String fp = base.credentialsFingerprint();
        assertThat(fp).matches("[0-9a-f]{64}");
        assertThat(base.toBuilder().build().credentialsFingerprint()).isEqualTo(fp);
        assertThat(base.toBuilder().accessToken("tok-B").build().credentialsFingerprint()).isNotEqualTo(fp);
        assertThat(base.toBuilder().appSecret(null).build().credentialsFingerprint()).isNotEqualTo(fp);
        assertThat(base.toBuilder().pixelId("1234567890123457").build().credentialsFingerprint()).isNotEqualTo(fp);
        assertThat(base.toBuilder().apiVersion("v25.0").build().credentialsFingerprint()).isEqualTo(fp);
    }

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
        assertThat(base.toBuilder().accessToken(" ").build().capiConfigured()).isFalse();
    }
}
