package io.github.broadleafmeta.admin.settings;

import static io.github.broadleafmeta.core.settings.MetaSettingKeys.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.broadleafmeta.core.settings.MetaSettings;
import io.github.broadleafmeta.core.settings.SettingsResolver;
import io.github.broadleafmeta.core.settings.SettingsSource;
import io.github.broadleafmeta.core.settings.SystemEnvironmentSettingsSource;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsPageTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-01T12:00:00Z"), ZoneOffset.UTC);

    private static SettingsPage.FieldView field(SettingsPage page, String key) {
        return page.getGroups().stream().flatMap(g -> g.getFields().stream()).filter(f -> f.getKey().equals(key))
                .findFirst().orElseThrow();
    }

    private static MetaSettings resolve(Map<String, String> admin, Map<String, String> env) {
        return new SettingsResolver(List.of(new NamedAdmin(admin),
                SystemEnvironmentSettingsSource.of(Map.of(), env)), CLOCK).resolve();
    }

    /** Like JdbcSettingsStore: describes its values as saved in the admin. */
    private static final class NamedAdmin implements SettingsSource {
        private final Map<String, String> values;

        NamedAdmin(Map<String, String> values) {
            this.values = values;
        }

        @Override
        public String get(String key) {
            return values.get(key);
        }

        @Override
        public String name() {
            return "admin";
        }

        @Override
        public String describe(String key) {
            return "saved in the admin";
        }
    }

    @Test
    void shouldShowEnvironmentValueMarkedAsFromTheEnvironment() {
        SettingsPage page = SettingsPage.of(resolve(Map.of(), Map.of("META_PIXEL_ID", "1234567890123456")),
                Map.of(), Map.of());

        SettingsPage.FieldView pixel = field(page, PIXEL_ID);
        assertThat(pixel.getInputValue()).isEqualTo("1234567890123456");
        assertThat(pixel.isFromEnvironment()).isTrue();
        assertThat(pixel.getSource()).isEqualTo("environment variable META_PIXEL_ID");
    }

    @Test
    void shouldPreferTheAdminValueOverTheEnvironment() {
        SettingsPage page = SettingsPage.of(resolve(Map.of(PIXEL_ID, "55555555"),
                Map.of("META_PIXEL_ID", "1234567890123456")), Map.of(), Map.of());

        SettingsPage.FieldView pixel = field(page, PIXEL_ID);
        assertThat(pixel.getInputValue()).isEqualTo("55555555");
        assertThat(pixel.getSourceKind()).isEqualTo("admin");
    }

    @Test
    void shouldNeverPutASecretIntoThePage() {
        SettingsPage page = SettingsPage.of(resolve(Map.of(CAPI_ACCESS_TOKEN, "EAAGsecret"),
                Map.of("META_CAPI_APP_SECRET", "appsecret")), Map.of(), Map.of());

        SettingsPage.FieldView token = field(page, CAPI_ACCESS_TOKEN);
        assertThat(token.getInputValue()).isEmpty();
        assertThat(token.getSecretStatus()).isEqualTo("set");
        assertThat(token.isClearable()).isTrue();
        SettingsPage.FieldView secret = field(page, CAPI_APP_SECRET);
        assertThat(secret.getSecretStatus()).isEqualTo("set");
        assertThat(secret.isClearable()).isFalse();
        assertThat(secret.isFromEnvironment()).isTrue();
    }

    @Test
    void shouldShowTestModeWhileTheCodeIsValid() {
        SettingsPage page = SettingsPage.of(resolve(Map.of(CAPI_TEST_EVENT_CODE, "TEST1",
                CAPI_TEST_EVENT_CODE_EXPIRES_AT, "2025-06-02T00:00:00Z"), Map.of()), Map.of(), Map.of());

        assertThat(page.getTestModeUntil()).isEqualTo("2025-06-02T00:00:00Z");
        assertThat(page.isTestModeExpired()).isFalse();
    }

    @Test
    void shouldSayWhenTestModeExpired() {
        SettingsPage page = SettingsPage.of(resolve(Map.of(CAPI_TEST_EVENT_CODE, "TEST1",
                CAPI_TEST_EVENT_CODE_EXPIRES_AT, "2025-05-02T00:00:00Z"), Map.of()), Map.of(), Map.of());

        assertThat(page.getTestModeUntil()).isNull();
        assertThat(page.isTestModeExpired()).isTrue();
    }

    @Test
    void shouldShowWhatTheUserTypedWithTheError() {
        SettingsPage page = SettingsPage.of(resolve(Map.of(), Map.of()), Map.of(PIXEL_ID, "abc"),
                Map.of(PIXEL_ID, "Pixel ID must contain digits only"));

        SettingsPage.FieldView pixel = field(page, PIXEL_ID);
        assertThat(pixel.getInputValue()).isEqualTo("abc");
        assertThat(pixel.getError()).isEqualTo("Pixel ID must contain digits only");
    }

    @Test
    void shouldCheckTheEffectiveEvents() {
        SettingsPage page = SettingsPage.of(resolve(Map.of(EVENTS_BROWSER, "PageView,Purchase,Subscribe"),
                Map.of()), Map.of(), Map.of());

        SettingsPage.FieldView events = field(page, EVENTS_BROWSER);
        assertThat(events.getEvents()).filteredOn(SettingsPage.EventBox::isChecked)
                .extracting(SettingsPage.EventBox::getName).containsExactly("PageView", "Purchase");
        assertThat(events.getExtraEvents()).isEqualTo("Subscribe");
    }

    @Test
    void shouldListEveryResolverKeyOnceAsAFieldOrAsEnvironmentOnly() {
        List<String> listed = new java.util.ArrayList<>(SettingsCatalog.environmentOnlyKeys());
        SettingsCatalog.fields().forEach(f -> listed.add(f.key()));
        assertThat(listed).containsExactlyInAnyOrderElementsOf(SettingsResolver.keys());
    }

    @Test
    void shouldOfferNoInputForEnvironmentOnlyKeysAndShowTheEffectiveDestinationReadOnly() {
        SettingsPage page = SettingsPage.of(resolve(Map.of(CAPI_GRAPH_URL, "https://attacker.example"),
                Map.of("META_CAPI_GRAPH_URL", "http://127.0.0.1:8089")), Map.of(), Map.of());

        assertThat(page.getGroups().stream().flatMap(g -> g.getFields().stream()).map(SettingsPage.FieldView::getKey))
                .doesNotContain(CAPI_GRAPH_URL, REQUEST_TRUSTED_PROXIES);
        assertThat(SettingsCatalog.field(CAPI_GRAPH_URL)).isNull();
        assertThat(page.getEnvironmentSettings()).extracting(SettingsPage.EnvironmentSettingView::getKey)
                .containsExactly(CAPI_GRAPH_URL, REQUEST_TRUSTED_PROXIES, CATALOG_FEED_FILE);
        SettingsPage.EnvironmentSettingView graph = page.getEnvironmentSettings().get(0);
        assertThat(graph.getValue()).isEqualTo("http://127.0.0.1:8089");
        assertThat(graph.getSource()).isEqualTo("environment variable META_CAPI_GRAPH_URL");
        assertThat(graph.getEnvironmentVariable()).isEqualTo("META_CAPI_GRAPH_URL");
        assertThat(page.getProblems()).anySatisfy(p -> assertThat(p).contains(CAPI_GRAPH_URL, "ignored"));
    }

    @Test
    void shouldIgnoreAPostedGraphUrlWhenSavingTheForm() {
        SettingsForm.Result result = SettingsForm.apply(Map.of(CAPI_GRAPH_URL, List.of("https://attacker.example"),
                PIXEL_ID, List.of("1234567890123456")), Map.of(), resolve(Map.of(), Map.of()), CLOCK.instant());

        assertThat(result.changes()).doesNotContainKey(CAPI_GRAPH_URL);
    }
}
