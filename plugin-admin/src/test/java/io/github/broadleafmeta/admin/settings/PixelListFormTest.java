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

/** Adding, editing and removing additional pixels in the settings form. */
class PixelListFormTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final String PRIMARY = "1111111111111111";
    private static final String SECOND = "2222222222222222";
    private static final String TOKEN = "EAAGsecondTOKEN987";

    private final Map<String, String> env = new HashMap<>();
    private final Map<String, String> admin = new HashMap<>();
    private final Map<String, List<String>> params = new LinkedHashMap<>();

    private MetaSettings inherited() {
        return new SettingsResolver(List.<SettingsSource>of(new MapSettingsSource("env", env)),
                Clock.fixed(NOW, ZoneOffset.UTC)).resolve();
    }

    private MetaSettings effective() {
        return new SettingsResolver(List.<SettingsSource>of(new MapSettingsSource("admin", admin),
                new MapSettingsSource("env", env)), Clock.fixed(NOW, ZoneOffset.UTC)).resolve();
    }

    private void put(String name, String... values) {
        params.put(name, new ArrayList<>(List.of(values)));
    }

    private SettingsForm.Result add() {
        return SettingsForm.addPixel(params, admin, inherited(), NOW);
    }

    private void save(SettingsForm.Result r) {
        r.changes().forEach((k, v) -> {
            if (v == null) {
                admin.remove(k);
            } else {
                admin.put(k, v);
            }
        });
    }

    @Test
    void shouldAddAPixelWithItsTokenAndNeverEchoTheToken() {
        admin.put(PIXEL_ID, PRIMARY);
        put("add.pixelId", " " + SECOND + " ");
        put("add.accessToken", TOKEN);
        put("add.appSecret", "");
        put("add.testEventCode", "");

        SettingsForm.Result r = add();

        assertThat(r.errors()).isEmpty();
        assertThat(r.changes()).containsEntry(PIXELS_ADDITIONAL, SECOND)
                .containsEntry(pixelKey(SECOND, PIXEL_SUFFIX_ACCESS_TOKEN), TOKEN)
                .doesNotContainKey(pixelKey(SECOND, PIXEL_SUFFIX_APP_SECRET));
        assertThat(r.submitted().toString()).doesNotContain(TOKEN);
        save(r);

        SettingsPage page = SettingsPage.of(effective(), Map.of(), Map.of());
        assertThat(page.getAdditionalPixels()).singleElement().satisfies(p -> {
            assertThat(p.getPixelId()).isEqualTo(SECOND);
            assertThat(p.getTokenStatus()).isEqualTo("set");
            assertThat(p.getFields()).allSatisfy(f -> assertThat(f.getInputValue()).doesNotContain(TOKEN));
        });
    }

    @Test
    void shouldRefuseBadDuplicateOrPrimaryIds() {
        put("add.pixelId", SECOND);
        assertThat(add().errors().get("add.pixelId")).contains("primary Pixel ID first");

        admin.put(PIXEL_ID, PRIMARY);
        put("add.pixelId", "12ab");
        assertThat(add().errors().get("add.pixelId")).contains("digits only");
        put("add.pixelId", PRIMARY);
        assertThat(add().errors().get("add.pixelId")).contains("already the primary pixel");
        admin.put(PIXELS_ADDITIONAL, SECOND);
        put("add.pixelId", SECOND);
        SettingsForm.Result dup = add();
        assertThat(dup.errors().get("add.pixelId")).contains("already listed");
        assertThat(dup.changes()).isEmpty();
    }

    @Test
    void shouldRequireAnEndForATestCodeOfANewPixel() {
        admin.put(PIXEL_ID, PRIMARY);
        put("add.pixelId", SECOND);
        put("add.testEventCode", "TEST42");
        SettingsForm.Result r = add();
        assertThat(r.errors().get("add.testEventCodeExpiresAt")).contains("required");
        assertThat(r.changes()).isEmpty();
    }

    @Test
    void shouldReplaceAndClearAPixelsTokenInTheMainForm() {
        admin.put(PIXEL_ID, PRIMARY);
        admin.put(PIXELS_ADDITIONAL, SECOND);
        admin.put(pixelKey(SECOND, PIXEL_SUFFIX_ACCESS_TOKEN), TOKEN);
        String key = pixelKey(SECOND, PIXEL_SUFFIX_ACCESS_TOKEN);

        put(key, "EAAGnewTOKEN");
        assertThat(SettingsForm.apply(params, admin, inherited(), NOW).changes()).containsEntry(key, "EAAGnewTOKEN");

        params.clear();
        put(key, "");
        put("clear." + key, "on");
        SettingsForm.Result cleared = SettingsForm.apply(params, admin, inherited(), NOW);
        assertThat(cleared.changes()).containsEntry(key, null).hasSize(1);

        params.clear();
        put(pixelKey(SECOND, PIXEL_SUFFIX_ENABLED), "maybe");
        assertThat(SettingsForm.apply(params, admin, inherited(), NOW).errors()).containsKey(
                pixelKey(SECOND, PIXEL_SUFFIX_ENABLED));
    }

    @Test
    void shouldRemoveAPixelAndItsKeys() {
        admin.put(PIXEL_ID, PRIMARY);
        admin.put(PIXELS_ADDITIONAL, SECOND + ",3333333333");
        admin.put(pixelKey(SECOND, PIXEL_SUFFIX_ACCESS_TOKEN), TOKEN);

        SettingsForm.Result r = SettingsForm.removePixel(SECOND, admin, inherited());

        assertThat(r.errors()).isEmpty();
        assertThat(r.changes()).containsEntry(PIXELS_ADDITIONAL, "3333333333")
                .containsEntry(pixelKey(SECOND, PIXEL_SUFFIX_ACCESS_TOKEN), null);
        save(r);
        SettingsForm.Result last = SettingsForm.removePixel("3333333333", admin, inherited());
        assertThat(last.changes()).containsEntry(PIXELS_ADDITIONAL, null);
        assertThat(SettingsForm.removePixel("4444444444", admin, inherited()).errors()).containsKey("remove.pixelId");
    }

    @Test
    void shouldNotRemoveAPixelThatOnlyTheEnvironmentLists() {
        env.put(PIXEL_ID, PRIMARY);
        env.put(PIXELS_ADDITIONAL, SECOND);
        SettingsForm.Result r = SettingsForm.removePixel(SECOND, admin, inherited());
        assertThat(r.errors().get("remove.pixelId")).contains("META_PIXELS_ADDITIONAL");
    }
}
