package io.github.broadleafmeta.core.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.broadleafmeta.core.event.LduOptions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SettingsResolverTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-15T12:00:00Z"), ZoneOffset.UTC);
    private static final String TOKEN = "EAAGtokenSECRETvalue123";
    private static final String APP_SECRET = "appsecretXYZ987";

    private final Map<String, String> admin = new HashMap<>();
    private final Map<String, String> sysProps = new HashMap<>();
    private final Map<String, String> env = new HashMap<>();

    private MetaSettings resolve() {
        return new SettingsResolver(List.of(new MapSettingsSource("admin", admin),
                SystemEnvironmentSettingsSource.of(sysProps, env)), CLOCK).resolve();
    }

    @Test
    void shouldBeInertWhenNoPixelIdIsConfigured() {
        MetaSettings s = resolve();
        assertThat(s.isActive()).isFalse();
        assertThat(s.pixels()).isEmpty();
        assertThat(s.problems()).isEmpty();
        assertThat(s.graphUrl()).isEqualTo("https://graph.facebook.com");
        assertThat(s.apiVersion()).isEqualTo("v26.0");
        assertThat(s.setting(MetaSettingKeys.CAPI_API_VERSION).sourceName()).isEqualTo("default");
    }

    @Test
    void shouldPreferAdminOverEnvironmentOverDefault() {
        admin.put(MetaSettingKeys.PIXEL_ID, "1234567890123456");
        env.put("META_PIXEL_ID", "9999999999999999");
        env.put("META_CAPI_API_VERSION", "v25.0");
        MetaSettings s = resolve();
        assertThat(s.pixelId()).isEqualTo("1234567890123456");
        assertThat(s.setting(MetaSettingKeys.PIXEL_ID).sourceName()).isEqualTo("admin");
        assertThat(s.apiVersion()).isEqualTo("v25.0");
        assertThat(s.setting(MetaSettingKeys.CAPI_API_VERSION).sourceName())
                .isEqualTo("environment variable META_CAPI_API_VERSION");
        assertThat(s.setting(MetaSettingKeys.CAPI_GRAPH_URL).isDefault()).isTrue();
        assertThat(s.isActive()).isTrue();
    }

    @Test
    void shouldInheritFromLowerSourceWhenAdminValueIsBlank() {
        admin.put(MetaSettingKeys.PIXEL_ID, "  ");
        env.put("META_PIXEL_ID", "1234567890123456");
        assertThat(resolve().pixelId()).isEqualTo("1234567890123456");
    }

    @Test
    void shouldFallBackToDefaultAndReportWhenTypedValueIsInvalid() {
        env.put("META_CAPI_CONNECT_TIMEOUT_MILLIS", "fast");
        admin.put(MetaSettingKeys.DISPATCH_BATCH_SIZE, "5000");
        MetaSettings s = resolve();
        assertThat(s.connectTimeoutMillis()).isEqualTo(5000);
        assertThat(s.dispatchBatchSize()).isEqualTo(500);
        assertThat(s.setting(MetaSettingKeys.CAPI_CONNECT_TIMEOUT_MILLIS).sourceName()).isEqualTo("default");
        assertThat(s.problems()).anySatisfy(p -> assertThat(p)
                .contains("meta.capi.connectTimeoutMillis", "environment variable META_CAPI_CONNECT_TIMEOUT_MILLIS",
                        "'fast'", "default 5000"));
        assertThat(s.problems()).anySatisfy(p -> assertThat(p).contains("meta.dispatch.batchSize", "admin", "'5000'"));
    }

    @Test
    void shouldNeverRevealSecretsWhenReportingOrPrinting() {
        admin.put(MetaSettingKeys.PIXEL_ID, "1234567890123456");
        admin.put(MetaSettingKeys.CAPI_ACCESS_TOKEN, TOKEN);
        env.put("META_CAPI_APP_SECRET", "bad secret " + APP_SECRET);
        MetaSettings s = resolve();
        assertThat(s.accessTokenPresent()).isTrue();
        assertThat(s.pixels().get(0).credentials().accessToken()).isEqualTo(TOKEN);
        assertThat(s.pixels().get(0).credentials().appSecret()).isNull();
        ResolvedSetting token = s.setting(MetaSettingKeys.CAPI_ACCESS_TOKEN);
        assertThat(token.value()).isNull();
        assertThat(token.isSet()).isTrue();
        assertThat(token.displayValue()).isEqualTo("set");
        assertThat(s.setting(MetaSettingKeys.CAPI_APP_SECRET).displayValue()).isEqualTo("not set");
        assertThat(s.problems()).anySatisfy(p -> assertThat(p).contains("meta.capi.appSecret"));
        String everything = s + " " + s.problems() + " " + s.settings() + " " + s.pixels();
        assertThat(everything).doesNotContain(TOKEN).doesNotContain(APP_SECRET);
    }

    @Test
    void shouldDropTestEventCodeWhenExpired() {
        admin.put(MetaSettingKeys.PIXEL_ID, "1234567890123456");
        admin.put(MetaSettingKeys.CAPI_TEST_EVENT_CODE, "TEST123");
        admin.put(MetaSettingKeys.CAPI_TEST_EVENT_CODE_EXPIRES_AT, "2025-06-15T11:59:59Z");
        MetaSettings s = resolve();
        assertThat(s.testEventCode()).isNull();
        assertThat(s.testEventCodeExpired()).isTrue();
        assertThat(s.pixels().get(0).testEventCode()).isNull();
        assertThat(s.problems()).anySatisfy(p -> assertThat(p).contains("expired"));
    }

    @Test
    void shouldKeepTestEventCodeWhenNotYetExpired() {
        admin.put(MetaSettingKeys.PIXEL_ID, "1234567890123456");
        admin.put(MetaSettingKeys.CAPI_TEST_EVENT_CODE, "TEST123");
        admin.put(MetaSettingKeys.CAPI_TEST_EVENT_CODE_EXPIRES_AT,
                String.valueOf(Instant.parse("2025-06-16T00:00:00Z").toEpochMilli()));
        MetaSettings s = resolve();
        assertThat(s.testEventCode()).isEqualTo("TEST123");
        assertThat(s.pixels().get(0).testEventCode()).isEqualTo("TEST123");
    }

    @Test
    void shouldSkipSourceAndReportWhenSourceThrows() {
        SettingsSource broken = new SettingsSource() {
            @Override
            public String get(String key) {
                throw new IllegalStateException("db down");
            }

            @Override
            public String name() {
                return "admin";
            }
        };
        env.put("META_PIXEL_ID", "1234567890123456");
        MetaSettings s = new SettingsResolver(List.of(broken, SystemEnvironmentSettingsSource.of(sysProps, env)),
                CLOCK).resolve();
        assertThat(s.pixelId()).isEqualTo("1234567890123456");
        assertThat(s.problems()).anySatisfy(p -> assertThat(p).contains("admin", "failed"));
    }

    @Test
    void shouldParseTypedValuesWhenValid() {
        admin.put(MetaSettingKeys.PIXEL_ID, "1234567890123456");
        admin.put(MetaSettingKeys.PIXEL_ENABLED, "off");
        admin.put(MetaSettingKeys.LDU_MODE, "Explicit");
        admin.put(MetaSettingKeys.PURCHASE_VALUE, "subtotal");
        admin.put(MetaSettingKeys.EVENTS_SERVER, "Purchase, AddToCart\nPurchase");
        env.put("META_REQUEST_TRUSTED_PROXIES", "10.0.0.0/8");
        admin.put(MetaSettingKeys.BOT_RULES, "statuscake");
        admin.put(MetaSettingKeys.STORE_DEFAULT_COUNTRY, "gb");
        sysProps.put(MetaSettingKeys.CAPI_GRAPH_URL, "http://localhost:8089/");
        MetaSettings s = resolve();
        assertThat(s.isActive()).isFalse();
        assertThat(s.lduMode()).isEqualTo(LduMode.EXPLICIT);
        assertThat(s.lduCountry()).isEqualTo(1);
        assertThat(s.lduState()).isEqualTo(1000);
        assertThat(s.lduOptions()).isEqualTo(LduOptions.of(1, 1000));
        assertThat(s.purchaseValue()).isEqualTo(PurchaseValue.SUBTOTAL);
        assertThat(s.serverEvents()).containsExactly("Purchase", "AddToCart");
        assertThat(s.browserEvents()).contains("PageView", "Purchase");
        assertThat(s.clientIpResolver().isTrustedProxy("10.1.2.3")).isTrue();
        assertThat(s.botFilter().isBot("StatusCake agent")).isTrue();
        assertThat(s.botFilter().isBot("Googlebot")).isFalse();
        assertThat(s.storeDefaultCountry()).isEqualTo("GB");
        assertThat(s.graphUrl()).isEqualTo("http://localhost:8089");
        assertThat(s.problems()).isEmpty();
    }

    @Test
    void shouldReportInvalidBotRuleWithItsTextWhenRegexIsBroken() {
        admin.put(MetaSettingKeys.BOT_RULES, "regex:([");
        MetaSettings s = resolve();
        assertThat(s.botFilter().isBot("Googlebot/2.1")).isTrue();
        assertThat(s.problems()).anySatisfy(p -> assertThat(p).contains("meta.bot.rules", "regex:(["));
    }

    @Test
    void shouldListEveryKeyWithSourceWhenResolved() {
        MetaSettings s = resolve();
        assertThat(s.settings()).extracting(ResolvedSetting::key).containsExactlyElementsOf(SettingsResolver.keys());
        assertThat(SettingsResolver.keys()).contains("meta.pixel.id", "meta.capi.accessToken",
                "meta.capi.testEventCodeExpiresAt", "meta.ldu.mode", "meta.dispatch.batchSize",
                "meta.request.trustedProxies", "meta.store.defaultCountry");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "12 34", "https://facebook.com/123", "1234", "123456789012345678901"})
    void shouldReportPixelIdProblemWhenMalformed(String id) {
        assertThat(PixelIdValidator.problem(id)).startsWith("Pixel ID");
        admin.put(MetaSettingKeys.PIXEL_ID, id);
        MetaSettings s = resolve();
        assertThat(s.isActive()).isFalse();
        assertThat(s.problems()).singleElement().asString().contains("meta.pixel.id");
    }

    @Test
    void shouldAcceptPixelIdWhenDigitsWithinRange() {
        assertThat(PixelIdValidator.isValid("12345")).isTrue();
        assertThat(PixelIdValidator.isValid(" 1234567890123456 ")).isTrue();
        assertThat(PixelIdValidator.problem(null)).isEqualTo("Pixel ID is required");
    }

    @Test
    void shouldValidateAdminFormValuesWhenAsked() {
        assertThat(SettingsResolver.validate(MetaSettingKeys.CAPI_API_VERSION, "v26.0")).isNull();
        assertThat(SettingsResolver.validate(MetaSettingKeys.CAPI_API_VERSION, "26")).contains("v26.0");
        assertThat(SettingsResolver.validate(MetaSettingKeys.CAPI_GRAPH_URL, "ftp://x")).isNotNull();
        assertThat(SettingsResolver.validate(MetaSettingKeys.REQUEST_TRUSTED_PROXIES, "10.0.0.0/99"))
                .contains("10.0.0.0/99");
        assertThat(SettingsResolver.validate(MetaSettingKeys.LDU_MODE, "")).isNull();
        assertThat(SettingsResolver.validate("meta.unknown", "x")).contains("unknown");
        assertThat(SettingsResolver.defaultValue(MetaSettingKeys.CAPI_API_VERSION)).isEqualTo("v26.0");
    }

    @Test
    void shouldRejectNullSourcesWhenConstructed() {
        assertThatThrownBy(() -> new SettingsResolver(null, CLOCK)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldIgnoreGraphUrlAndTrustedProxiesWhenSavedInTheAdmin() {
        admin.put(MetaSettingKeys.PIXEL_ID, "1234567890123456");
        admin.put(MetaSettingKeys.CAPI_GRAPH_URL, "https://attacker.example");
        admin.put(MetaSettingKeys.REQUEST_TRUSTED_PROXIES, "0.0.0.0/0");

        MetaSettings s = resolve();

        assertThat(s.graphUrl()).isEqualTo("https://graph.facebook.com");
        assertThat(s.pixels().get(0).graphUrl()).isEqualTo("https://graph.facebook.com");
        assertThat(s.setting(MetaSettingKeys.CAPI_GRAPH_URL).isDefault()).isTrue();
        assertThat(s.clientIpResolver().isTrustedProxy("203.0.113.9")).isFalse();
        assertThat(s.problems()).anySatisfy(p -> assertThat(p).startsWith("meta.capi.graphUrl")
                .contains("saved in the admin is ignored").doesNotContain("attacker"));
        assertThat(s.problems()).anySatisfy(p -> assertThat(p).startsWith("meta.request.trustedProxies")
                .contains("ignored"));
        assertThat(SettingsResolver.isEnvironmentOnly(MetaSettingKeys.CAPI_GRAPH_URL)).isTrue();
        assertThat(SettingsResolver.isEnvironmentOnly(MetaSettingKeys.CAPI_ACCESS_TOKEN)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://graph.facebook.com", "https://graph-proxy.corp.example:8443/meta",
            "http://127.0.0.1:8089", "http://127.9.8.7", "http://localhost:9999/", "http://LOCALHOST",
            "http://[::1]:8089"})
    void shouldAcceptGraphUrlFromTheEnvironmentWhenHttpsOrLoopback(String url) {
        env.put("META_CAPI_GRAPH_URL", url);
        MetaSettings s = resolve();
        assertThat(s.problems()).isEmpty();
        assertThat(s.setting(MetaSettingKeys.CAPI_GRAPH_URL).sourceName())
                .isEqualTo("environment variable META_CAPI_GRAPH_URL");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://graph.facebook.com", "http://10.0.0.5:8080", "http://127.0.0.1.evil.example",
            "http://localhost.evil.example", "http://[::2]", "http://128.0.0.1", "ftp://127.0.0.1"})
    void shouldRefuseGraphUrlWhenPlainHttpToANonLoopbackHost(String url) {
        sysProps.put(MetaSettingKeys.CAPI_GRAPH_URL, url);
        MetaSettings s = resolve();
        assertThat(s.graphUrl()).isEqualTo("https://graph.facebook.com");
        assertThat(s.problems()).singleElement().asString().startsWith("meta.capi.graphUrl");
    }

    @Test
    void shouldEndTestModeTwentyFourHoursAfterStartWhenTheEnvironmentGivesNoExpiry() {
        MutableClock clock = new MutableClock(Instant.parse("2025-06-15T12:00:00Z"));
        env.put("META_PIXEL_ID", "1234567890123456");
        env.put("META_CAPI_TEST_EVENT_CODE", "TEST123");
        sysProps.put(MetaSettingKeys.pixelKey("2222222222", MetaSettingKeys.PIXEL_SUFFIX_TEST_EVENT_CODE), "TEST2");
        env.put("META_PIXELS_ADDITIONAL", "2222222222");
        SettingsResolver resolver = new SettingsResolver(List.of(new MapSettingsSource("admin", admin),
                SystemEnvironmentSettingsSource.of(sysProps, env)), clock);

        clock.set(Instant.parse("2025-06-16T11:59:59Z"));
        MetaSettings before = resolver.resolve();
        clock.set(Instant.parse("2025-06-16T12:00:00Z"));
        MetaSettings after = resolver.resolve();

        assertThat(before.testEventCode()).isEqualTo("TEST123");
        assertThat(before.pixel("2222222222").testEventCode()).isEqualTo("TEST2");
        assertThat(before.testEventCodeExpiresAt()).isEqualTo(Instant.parse("2025-06-16T12:00:00Z"));
        assertThat(after.testEventCode()).isNull();
        assertThat(after.testEventCodeExpired()).isTrue();
        assertThat(after.pixels().get(0).testEventCode()).isNull();
        assertThat(after.pixel("2222222222").testEventCode()).isNull();
    }

    @Test
    void shouldKeepTestModeUntilTheExplicitExpiryWhenOneIsGiven() {
        MutableClock clock = new MutableClock(Instant.parse("2025-06-15T12:00:00Z"));
        env.put("META_PIXEL_ID", "1234567890123456");
        env.put("META_CAPI_TEST_EVENT_CODE", "TEST123");
        env.put("META_CAPI_TEST_EVENT_CODE_EXPIRES_AT", "2025-06-20T00:00:00Z");
        SettingsResolver resolver = new SettingsResolver(List.of(SystemEnvironmentSettingsSource.of(sysProps, env)),
                clock);

        clock.set(Instant.parse("2025-06-19T23:59:59Z"));
        assertThat(resolver.resolve().testEventCode()).isEqualTo("TEST123");
        clock.set(Instant.parse("2025-06-20T00:00:00Z"));
        assertThat(resolver.resolve().testEventCode()).isNull();
    }

    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void shouldDeriveTheEventListsCatalogAndAlertSettingsOncePerSnapshot() {
        admin.put(MetaSettingKeys.PIXEL_ID, "123456789012345");
        admin.put(MetaSettingKeys.EVENTS_SERVER, "Purchase, AddToCart");
        MetaSettings s = resolve();

        assertThat(s.serverEvents()).containsExactly("Purchase", "AddToCart").isSameAs(s.serverEvents());
        assertThat(s.browserEvents()).isSameAs(s.browserEvents());
        assertThat(s.catalog()).isSameAs(s.catalog());
        assertThat(s.alerts()).isSameAs(s.alerts());
        assertThat(resolve().serverEvents()).as("a new snapshot derives its own").isNotSameAs(s.serverEvents());
    }
}
