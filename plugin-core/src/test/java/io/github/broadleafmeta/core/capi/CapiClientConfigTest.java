package io.github.broadleafmeta.core.capi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CapiClientConfigTest {

    @Test
    void shouldExposeDocumentedDefaultsWhenOfDefaults() {
        CapiClientConfig c = CapiClientConfig.ofDefaults();
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.responseTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.totalTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.maxConnectionsTotal()).isEqualTo(32);
        assertThat(c.maxConnectionsPerRoute()).isEqualTo(16);
        assertThat(c.maxResponseBytes()).isEqualTo(1024 * 1024);
        assertThat(c.partnerAgent()).startsWith("broadleafmeta-").hasSizeLessThanOrEqualTo(64);
    }

    @Test
    void shouldKeepOtherValuesWhenDerivedWithFrom() {
        CapiClientConfig base = CapiClientConfig.custom().responseTimeout(Duration.ofSeconds(2)).build();
        CapiClientConfig derived = CapiClientConfig.from(base).maxResponseBytes(4096).totalTimeout(Duration.ofSeconds(7))
                .build();
        assertThat(derived.responseTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(derived.totalTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(derived.maxResponseBytes()).isEqualTo(4096);
        assertThat(base.maxResponseBytes()).isEqualTo(CapiClientConfig.DEFAULT_MAX_RESPONSE_BYTES);
    }

    @Test
    void shouldNameSettingAndValueWhenInvalid() {
        assertThatThrownBy(() -> CapiClientConfig.custom().connectTimeout(Duration.ZERO))
                .hasMessageContaining("connectTimeout").hasMessageContaining("PT0S");
        assertThatThrownBy(() -> CapiClientConfig.custom().responseTimeout(null)).hasMessageContaining("responseTimeout");
        assertThatThrownBy(() -> CapiClientConfig.custom().totalTimeout(Duration.ofMillis(-1)))
                .hasMessageContaining("totalTimeout");
        assertThatThrownBy(() -> CapiClientConfig.custom().maxConnectionsTotal(0))
                .hasMessageContaining("maxConnectionsTotal").hasMessageContaining("0");
        assertThatThrownBy(() -> CapiClientConfig.custom().maxResponseBytes(10)).hasMessageContaining("10");
        assertThatThrownBy(() -> CapiClientConfig.custom().partnerAgent("x".repeat(65)))
                .hasMessageContaining("partnerAgent");
        assertThatThrownBy(() -> CapiClientConfig.custom().userAgent("a\r\nInjected: 1"))
                .hasMessageContaining("userAgent");
    }

    @Test
    void shouldRefuseWhenPerRouteExceedsTotal() {
        assertThatThrownBy(() -> CapiClientConfig.custom().maxConnectionsTotal(4).maxConnectionsPerRoute(8).build())
                .hasMessageContaining("maxConnectionsPerRoute (8)").hasMessageContaining("(4)");
    }

    @Test
    void shouldSendNoPartnerAgentWhenSetEmpty() {
        assertThat(CapiClientConfig.custom().partnerAgent("").build().partnerAgent()).isNull();
    }
}
