package io.github.broadleafmeta.core.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.broadleafmeta.core.settings.MapSettingsSource;
import io.github.broadleafmeta.core.settings.MetaSettingKeys;
import io.github.broadleafmeta.core.settings.MetaSettings;
import io.github.broadleafmeta.core.settings.SettingsResolver;
import io.github.broadleafmeta.core.settings.SettingsSource;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OrderRequestFieldsTest {

    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");
    private static final String UA = "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0";

    @Test
    void shouldStoreEveryFieldUnderItsAttributeName() {
        ShopperRequest request = new ShopperRequest("203.0.113.9", UA, "fb.1.1.2", "fb.1.1.abc",
                "https://shop.example/checkout", true);

        Map<String, String> values = OrderRequestFields.of(request, settings(false, "off"), AT).values();

        assertThat(values).containsEntry("meta_client_ip", "203.0.113.9").containsEntry("meta_user_agent", UA)
                .containsEntry("meta_fbp", "fb.1.1.2").containsEntry("meta_fbc", "fb.1.1.abc")
                .containsEntry("meta_consent", "not_required").containsEntry("meta_ldu", "false")
                .containsEntry("meta_bot", "false").containsEntry("meta_event_time", "1796119200")
                .containsEntry("meta_source_url", "https://shop.example/checkout");
    }

    @Test
    void shouldRecordDeniedConsentAndLduWhenStoreRequiresConsentAndLimitsDataUse() {
        ShopperRequest request = new ShopperRequest("203.0.113.9", UA, null, null, "https://shop.example/c", false);

        OrderRequestFields fields = OrderRequestFields.from(
                OrderRequestFields.of(request, settings(true, "geolocate"), AT).values());

        assertThat(fields.values()).containsEntry("meta_consent", "denied").containsEntry("meta_ldu", "true");
        assertThat(fields.consentGranted()).isFalse();
        assertThat(fields.lduApplied()).isTrue();
    }

    @Test
    void shouldRecordBotVerdictWhenUserAgentIsACrawler() {
        ShopperRequest request = new ShopperRequest("203.0.113.9", "Googlebot/2.1 (+http://www.google.com/bot.html)",
                null, null, "https://shop.example/c", true);

        assertThat(OrderRequestFields.of(request, settings(false, "off"), AT).bot()).isTrue();
    }

    @Test
    void shouldCutUserAgentToTheAttributeColumnWhenLonger() {
        String longUa = UA + " " + String.join("", Collections.nCopies(60, "Extension/1.0 "));
        ShopperRequest request = new ShopperRequest("203.0.113.9", longUa, null, null, "https://shop.example/c", true);

        String stored = OrderRequestFields.of(request, settings(false, "off"), AT).values().get("meta_user_agent");

        assertThat(stored).hasSize(OrderRequestFields.MAX_VALUE_LENGTH).isEqualTo(longUa.substring(0, 255));
    }

    @Test
    void shouldKeepOnlyTheOriginWhenSourceUrlIsLongerThanTheColumn() {
        String url = "https://shop.example/checkout/" + String.join("", Collections.nCopies(30, "segment/"));

        assertThat(OrderRequestFields.sourceUrl(url)).isEqualTo("https://shop.example/");
    }

    @Test
    void shouldGiveBackTheCheckoutRequestAndTimeWhenReadFromAttributes() {
        ShopperRequest original = new ShopperRequest("2001:db8::1", UA, "fb.1.1.2", null,
                "https://shop.example/checkout", true);
        Map<String, String> attributes = new HashMap<>(
                OrderRequestFields.of(original, settings(true, "off"), AT).values());
        attributes.put("unrelated", "x");

        OrderRequestFields fields = OrderRequestFields.from(attributes);
        ShopperRequest rebuilt = fields.request();

        assertThat(fields.eventTime()).isEqualTo(AT);
        assertThat(rebuilt.clientIp()).isEqualTo("2001:db8::1");
        assertThat(rebuilt.userAgent()).isEqualTo(UA);
        assertThat(rebuilt.fbp()).isEqualTo("fb.1.1.2");
        assertThat(rebuilt.fbc()).isNull();
        assertThat(rebuilt.sourceUrl()).isEqualTo("https://shop.example/checkout");
        assertThat(rebuilt.consentGranted()).isTrue();
    }

    @Test
    void shouldHaveNoEventTimeWhenOrderCarriesNoFields() {
        assertThat(OrderRequestFields.from(new HashMap<>()).eventTime()).isNull();
    }

    static MetaSettings settings(boolean consentRequired, String lduMode) {
        Map<String, String> admin = new HashMap<>();
        admin.put(MetaSettingKeys.PIXEL_ID, "123456789012345");
        admin.put(MetaSettingKeys.CONSENT_REQUIRED, String.valueOf(consentRequired));
        admin.put(MetaSettingKeys.LDU_MODE, lduMode);
        return new SettingsResolver(List.<SettingsSource>of(new MapSettingsSource("admin", admin)),
                Clock.systemUTC()).resolve();
    }
}
