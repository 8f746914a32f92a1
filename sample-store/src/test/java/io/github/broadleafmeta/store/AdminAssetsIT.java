package io.github.broadleafmeta.store;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin's own images and icon fonts (Broadleaf's open_admin_style and common_style jars) are served: without
 * them the menu icons render as empty boxes and the logo as a broken image.
 */
class AdminAssetsIT {

    private static final Pattern CSS_URL = Pattern.compile("url\\(\\s*['\"]?([^'\")]+)['\"]?\\s*\\)");

    private final HttpClient http = HttpClient.newHttpClient();

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "img/admin/blc-logo-header.png, image/png, 5364",
        "img/admin/blc-logo-150.png, image/png, 11698",
        "fonts/fontawesome-webfont.woff, , 43572",
        "fonts/fontawesome-webfont.ttf, , 79076",
    })
    void shouldServeTheAdminAssetWithItsBytes(String path, String contentType, int bytes) throws Exception {
        HttpResponse<byte[]> response = get(URI.create(RunningStore.get().adminUrl()).resolve(path));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).hasSize(bytes);
        if (contentType != null) {
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith(contentType));
        }
    }

    /** What a browser loads for the login page: its images, and every font its stylesheets point at. */
    @Test
    void shouldServeEveryImageAndFontTheLoginPageLoads() throws Exception {
        URI loginPage = URI.create(RunningStore.get().adminUrl()).resolve("login");
        HttpResponse<byte[]> login = get(loginPage);
        Document html = Jsoup.parse(new String(login.body(), StandardCharsets.UTF_8), loginPage.toString());
        List<URI> assets = new ArrayList<>();
        html.select("img[src]").forEach(img -> assets.add(URI.create(img.absUrl("src"))));
        List<String> stylesheets = html.select("link[rel=stylesheet][href]").eachAttr("abs:href");
        for (String stylesheet : stylesheets) {
            HttpResponse<byte[]> css = get(URI.create(stylesheet));
            assertThat(css.statusCode()).as(stylesheet).isEqualTo(200);
            Matcher url = CSS_URL.matcher(new String(css.body(), StandardCharsets.UTF_8));
            while (url.find()) {
                if (url.group(1).contains("fonts/")) {
                    assets.add(URI.create(stylesheet).resolve(url.group(1).replaceAll("[?#].*", "")));
                }
            }
        }

        assertThat(stylesheets).isNotEmpty();
        assertThat(assets).anyMatch(a -> a.getPath().endsWith(".woff")).anyMatch(a -> a.getPath().contains(".png"));
        for (URI asset : assets) {
            HttpResponse<byte[]> response = get(asset);
            assertThat(response.statusCode()).as(asset.toString()).isEqualTo(200);
            assertThat(response.body()).as(asset.toString()).isNotEmpty();
        }
    }

    private HttpResponse<byte[]> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
