package io.github.broadleafmeta.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CatalogSettingsTest {

    private static final String TOKEN = "feed-token-0123456789";

    @Test
    void shouldAllowOnlyTheConfiguredTokenWhenFeedHasToken() {
        CatalogSettings s = CatalogSettings.builder().feedToken(TOKEN).build();
        assertThat(s.accessAllowed(TOKEN, null)).isTrue();
        assertThat(s.accessAllowed(TOKEN + "x", null)).isFalse();
        assertThat(s.accessAllowed(null, null)).isFalse();
        assertThat(s.accessAllowed("", basic("a", "b"))).isFalse();
    }

    @Test
    void shouldAllowMatchingBasicAuthWhenFeedHasUserAndPassword() {
        CatalogSettings s = CatalogSettings.builder().feedBasicAuth("meta", "s3cret-password").build();
        assertThat(s.accessAllowed(null, basic("meta", "s3cret-password"))).isTrue();
        assertThat(s.accessAllowed(null, basic("meta", "wrong-password"))).isFalse();
        assertThat(s.accessAllowed(null, "Bearer x")).isFalse();
    }

    @Test
    void shouldAllowEveryRequestWhenFeedHasNoProtection() {
        assertThat(CatalogSettings.ofDefaults().accessAllowed(null, null)).isTrue();
        assertThat(CatalogSettings.ofDefaults().feedProtected()).isFalse();
    }

    @Test
    void shouldNameNoSecretWhenPrinted() {
        CatalogSettings s = CatalogSettings.builder().feedToken(TOKEN).feedBasicAuth("meta", "s3cret-password").build();
        assertThat(s.toString()).doesNotContain(TOKEN).doesNotContain("s3cret-password").contains("token=set");
    }

    @Test
    void shouldRejectFeedPathWhenItIsNotAPlainPath() {
        assertThat(CatalogSettings.pathProblem("/meta/catalog-feed")).isNull();
        assertThat(CatalogSettings.pathProblem("meta")).isNotNull();
        assertThat(CatalogSettings.pathProblem("/a/../b")).isNotNull();
        assertThat(CatalogSettings.pathProblem("/a?b")).isNotNull();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
