package io.github.broadleafmeta.admin.settings;

import static io.github.broadleafmeta.core.settings.MetaSettingKeys.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.broadleafmeta.core.settings.MapSettingsSource;
import io.github.broadleafmeta.core.settings.MetaSettings;
import io.github.broadleafmeta.core.settings.SettingsResolver;
import io.github.broadleafmeta.core.settings.SettingsSource;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The catalog settings in the admin form: bad values are explained at the field, good ones stored. */
class CatalogSettingsFormTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    private final Map<String, String> admin = new HashMap<>();
    private final Map<String, List<String>> params = new LinkedHashMap<>();

    private SettingsForm.Result submit() {
        MetaSettings inherited = new SettingsResolver(List.<SettingsSource>of(new MapSettingsSource("env",
                new HashMap<>())), Clock.fixed(NOW, ZoneOffset.UTC)).resolve();
        return SettingsForm.apply(params, admin, inherited, NOW);
    }

    private void put(String name, String value) {
        params.put(name, new ArrayList<>(List.of(value)));
    }

    @Test
    void shouldExplainWhenContentIdPatternHasUnknownPlaceholder() {
        put(CATALOG_CONTENT_ID, "brewbeans_{sku}");

        SettingsForm.Result r = submit();

        assertThat(r.isValid()).isFalse();
        assertThat(r.errors().get(CATALOG_CONTENT_ID)).contains("unknown placeholder {sku}").contains("{skuId}");
    }

    @Test
    void shouldStoreContentIdPatternWhenValid() {
        put(CATALOG_CONTENT_ID, "brewbeans_{skuId}");

        SettingsForm.Result r = submit();

        assertThat(r.isValid()).isTrue();
        assertThat(r.changes()).containsEntry(CATALOG_CONTENT_ID, "brewbeans_{skuId}");
    }

    @Test
    void shouldExplainWhenFeedTokenIsShortOrPathIsNotAPath() {
        put(CATALOG_FEED_TOKEN, "short");
        put(CATALOG_FEED_PATH, "meta feed");

        SettingsForm.Result r = submit();

        assertThat(r.errors().get(CATALOG_FEED_TOKEN)).contains("16 characters");
        assertThat(r.errors().get(CATALOG_FEED_PATH)).contains("/meta/catalog-feed");
        assertThat(r.errors().toString()).doesNotContain("short");
    }

    @Test
    void shouldPlaceEveryCatalogKeyInTheCatalogAdsGroup() {
        assertThat(SettingsCatalog.groups().get("Catalog ads")).extracting(SettingsField::key)
                .contains(CATALOG_CONTENT_ID, CATALOG_FEED_ENABLED, CATALOG_FEED_TOKEN, CATALOG_BASE_URL);
    }
}
