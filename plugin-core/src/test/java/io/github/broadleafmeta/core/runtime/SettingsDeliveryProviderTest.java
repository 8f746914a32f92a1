package io.github.broadleafmeta.core.runtime;

import static io.github.broadleafmeta.core.settings.MetaSettingKeys.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.broadleafmeta.core.dispatch.PixelDeliverySettings;
import io.github.broadleafmeta.core.settings.SettingsResolver;
import io.github.broadleafmeta.core.settings.SettingsSource;
import io.github.broadleafmeta.core.settings.SystemEnvironmentSettingsSource;
import io.github.broadleafmeta.core.tracking.SettingsSnapshots;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsDeliveryProviderTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-15T12:00:00Z"), ZoneOffset.UTC);
    private final Map<String, String> admin = new HashMap<>();
    private final Map<String, String> env = new HashMap<>();
    private final SettingsDeliveryProvider provider = new SettingsDeliveryProvider(new SettingsSnapshots(
            new SettingsResolver(List.<SettingsSource>of(new SettingsSource() {
                @Override
                public String get(String key) {
                    return admin.get(key);
                }

                @Override
                public String name() {
                    return "admin";
                }
            }, SystemEnvironmentSettingsSource.of(Map.of(), env)), CLOCK), CLOCK,
            Duration.ZERO));

    @Test
    void shouldServeEachPixelsOwnCredentials() {
        admin.put(PIXEL_ID, "1111111111");
        admin.put(CAPI_ACCESS_TOKEN, "tokenOne");
        admin.put(PIXELS_ADDITIONAL, "2222222222,3333333333");
        admin.put(pixelKey("2222222222", PIXEL_SUFFIX_ACCESS_TOKEN), "tokenTwo");
        admin.put(pixelKey("2222222222", PIXEL_SUFFIX_TEST_EVENT_CODE), "TEST2");
        admin.put(pixelKey("3333333333", PIXEL_SUFFIX_ENABLED), "false");
        env.put("META_CAPI_GRAPH_URL", "http://localhost:9999/");

        PixelDeliverySettings one = provider.forPixel("1111111111");
        PixelDeliverySettings two = provider.forPixel("2222222222");
        PixelDeliverySettings three = provider.forPixel("3333333333");

        assertThat(one.credentials().accessToken()).isEqualTo("tokenOne");
        assertThat(one.testEventCode()).isNull();
        assertThat(two.credentials().accessToken()).isEqualTo("tokenTwo");
        assertThat(two.testEventCode()).isEqualTo("TEST2");
        assertThat(two.graphUrl()).isEqualTo("http://localhost:9999");
        assertThat(two.enabled()).isTrue();
        assertThat(three.enabled()).isFalse();
        assertThat(three.credentials().accessToken()).isNull();

        // A removed pixel is unknown: its outbox rows wait instead of being sent with another pixel's token.
        admin.put(PIXELS_ADDITIONAL, "3333333333");
        assertThat(provider.forPixel("2222222222")).isNull();
    }
}
