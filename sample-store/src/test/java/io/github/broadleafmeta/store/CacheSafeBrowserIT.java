package io.github.broadleafmeta.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.broadleafmeta.core.settings.MetaSettingKeys;
import io.github.broadleafmeta.store.Browser.Track;
import io.github.broadleafmeta.store.StoreClient.Page;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cache-safe mode ({@code meta.cache.safeMode=true}) behind a full-page cache: a product page fetched once, then
 * served as those exact bytes to two fresh Chromium sessions by a tiny cache in front of the store (every other
 * path, the loader script and {@code /meta/pixel-state} included, passes through to the store). Each shopper gets
 * its own PageView and ViewContent ids, and each id is the event_id of its own server copy at the stub Graph API.
 */
class CacheSafeBrowserIT {

    static final String PRODUCT = "/beans/kenya-aa";

    @AfterEach
    void clearCacheSafeMode() throws Exception {
        MetaSettingsFixture.clear(MetaSettingKeys.CACHE_SAFE_MODE, MetaSettingKeys.CONSENT_REQUIRED,
                MetaSettingKeys.CONSENT_COOKIE_NAME, MetaSettingKeys.CONSENT_GRANTED_VALUE,
                MetaSettingKeys.CONSENT_MODE);
    }

    @Test
    void shouldGiveEachShopperOfOneCachedPageItsOwnIdsMatchedByItsServerCopies() throws Exception {
        MetaSettingsFixture.save(Map.of(MetaSettingKeys.CACHE_SAFE_MODE, "true"));
        Page cached = MetaSettingsFixture.awaitPage(RunningStore.storefront(), PRODUCT,
                p -> p.body.contains("data-meta-event"));

        assertThat(cached.body).as("nothing of a shopper in the cached page")
                .doesNotContain(RunningStore.PIXEL_ID, "eventID", "fbq(")
                .contains("meta-pixel-cache-safe.js", "data-meta-state=\"/meta/pixel-state\"");

        List<Track> pageViews = new ArrayList<>();
        List<Track> viewContents = new ArrayList<>();
        try (PageCache cache = new PageCache(RunningStore.get().siteUrl(), PRODUCT, cached.body)) {
            for (int shopper = 0; shopper < 2; shopper++) {
                try (Browser browser = Browser.open()) {
                    browser.get(cache.url(PRODUCT));
                    browser.await(b -> Boolean.TRUE.equals(b.script("return !!(window.fbq && window.fbq.queue"
                            + " && window.fbq.queue.some(a => a[1] === 'ViewContent'));")), "the pixel state");

                    assertThat(browser.indexOf("init", RunningStore.PIXEL_ID)).as("init first in %s",
                            browser.fbqQueue()).isZero();
                    pageViews.add(browser.only("PageView"));
                    viewContents.add(browser.only("ViewContent"));
                }
            }
            assertThat(cache.cachedHits).as("both shoppers got the cached bytes").isEqualTo(2);
        }

        assertThat(pageViews.get(0).eventId).isNotEqualTo(pageViews.get(1).eventId);
        assertThat(viewContents.get(0).eventId).isNotEqualTo(viewContents.get(1).eventId);
        for (Track viewContent : viewContents) {
            JsonNode server = GraphApiEvents.sent(viewContent.eventId);
            assertThat(server.get("event_name").asText()).isEqualTo("ViewContent");
            assertThat(server.get("custom_data").get("content_ids").get(0).asText())
                    .isEqualTo(((List<?>) viewContent.params.get("content_ids")).get(0));
            assertThat(server.get("event_source_url").asText()).as("the page, not the endpoint").endsWith(PRODUCT);
        }
    }

    @Test
    void shouldAnswerThePixelStateUncacheableToThisSiteAndRefuseAnotherSite() throws Exception {
        MetaSettingsFixture.save(Map.of(MetaSettingKeys.CACHE_SAFE_MODE, "true"));
        MetaSettingsFixture.awaitPage(RunningStore.storefront(), PRODUCT, p -> p.body.contains("data-meta-event"));
        URI endpoint = URI.create(RunningStore.get().siteUrl() + "meta/pixel-state");

        HttpResponse<String> state = HttpClient.newHttpClient().send(HttpRequest.newBuilder(endpoint)
                .header("User-Agent", StoreClient.BROWSER_USER_AGENT).header("Sec-Fetch-Site", "same-origin").build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> foreign = HttpClient.newHttpClient().send(HttpRequest.newBuilder(endpoint)
                .header("User-Agent", StoreClient.BROWSER_USER_AGENT).header("Sec-Fetch-Site", "cross-site").build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(state.statusCode()).isEqualTo(200);
        assertThat(state.headers().firstValue("Cache-Control")).hasValue("no-store, private");
        assertThat(state.body()).contains("\"id\":\"" + RunningStore.PIXEL_ID + "\"", "\"name\":\"PageView\"");
    }

    @Test
    void shouldMintViewCategoryAndSearchFromTheirCatalogReferences() throws Exception {
        MetaSettingsFixture.save(Map.of(MetaSettingKeys.CACHE_SAFE_MODE, "true"));
        Page category = MetaSettingsFixture.awaitPage(RunningStore.storefront(), "/gifts",
                p -> p.body.contains("data-meta-event"));
        assertThat(category.body).contains("\"event\":\"ViewCategory\"").doesNotContain("eventID");
        try (Browser browser = Browser.open()) {
            browser.get("/gifts");
            awaitTrack(browser, "ViewCategory");
            assertThat((List<?>) browser.only("ViewCategory").params.get("content_ids"))
                    .hasSize(browser.driver.findElements(By.cssSelector("[data-test=category-product]")).size())
                    .isNotEmpty();

            browser.get("/search?q=Mandheling");
            awaitTrack(browser, "Search");
            Track search = browser.only("Search");
            assertThat(search.params.get("search_string")).isEqualTo("Mandheling");
            JsonNode server = GraphApiEvents.sent(search.eventId);
            assertThat(server.get("event_name").asText()).isEqualTo("Search");
            assertThat(server.get("custom_data").get("search_string").asText()).isEqualTo("Mandheling");
        }
    }

    private static void awaitTrack(Browser browser, String name) {
        browser.await(b -> Boolean.TRUE.equals(b.script("return !!(window.fbq && window.fbq.queue"
                + " && window.fbq.queue.some(a => a[1] === arguments[0]));", name)), name + " from the pixel state");
    }

    @Test
    void shouldHoldTheEventsWithTheirServerIdsUntilGrantInStrictConsentMode() throws Exception {
        MetaSettingsFixture.save(Map.of(MetaSettingKeys.CACHE_SAFE_MODE, "true",
                MetaSettingKeys.CONSENT_REQUIRED, "true", MetaSettingKeys.CONSENT_COOKIE_NAME, "cookie_ok",
                MetaSettingKeys.CONSENT_GRANTED_VALUE, "yes", MetaSettingKeys.CONSENT_MODE, "strict"));
        MetaSettingsFixture.awaitPage(RunningStore.storefront(), PRODUCT, p -> p.body.contains("data-meta-event"));
        MetaSettingsFixture.awaitSettingsExpiry();
        try (Browser browser = Browser.open()) {
            browser.get(PRODUCT);
            browser.await(b -> Boolean.TRUE.equals(b.script("var p = window.metaPixelConsentPage;"
                    + " return !!(p && p.held.some(a => a[1] === 'ViewContent'));")), "the held events");

            assertThat(browser.script("return typeof window.fbq;")).isEqualTo("undefined");
            assertThat(ConsentBrowserIT.metaHosts(browser.requestedUrls())).as("before grant: nothing to Meta")
                    .isEmpty();
            String heldViewContentId = (String) browser.script("return window.metaPixelConsentPage.held"
                    + ".find(a => a[1] === 'ViewContent')[3].eventID;");
            assertThat(OutboxRows.byEventId(heldViewContentId)).as("no server copy without consent").isNull();

            assertThat(browser.script("return window.metaPixelConsent.grant();")).isEqualTo(true);

            assertThat(browser.indexOf("init", RunningStore.PIXEL_ID)).isZero();
            assertThat(browser.only("ViewContent").eventId).isEqualTo(heldViewContentId);
            assertThat(browser.only("PageView").eventId).isNotBlank();
        }
    }

    /** A full-page cache in miniature: one path answered from stored bytes, everything else passed through. */
    static final class PageCache implements AutoCloseable {
        private static final Set<String> PASSED_RESPONSE_HEADERS = Set.of("content-type", "set-cookie",
                "cache-control", "location");

        private final HttpServer server;
        private final HttpClient store = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        private final String storeUrl;
        private final String host;
        volatile int cachedHits;

        PageCache(String storeUrl, String cachedPath, String cachedHtml) throws IOException {
            this.storeUrl = storeUrl.endsWith("/") ? storeUrl.substring(0, storeUrl.length() - 1) : storeUrl;
            byte[] cachedBytes = cachedHtml.getBytes(StandardCharsets.UTF_8);
            // The store's host name, so the page's Referer is same-host for the store (event_source_url).
            host = URI.create(storeUrl).getHost();
            server = HttpServer.create(new InetSocketAddress(host, 0), 0);
            server.createContext("/", exchange -> {
                try {
                    if (exchange.getRequestURI().getPath().equals(cachedPath)) {
                        cachedHits++;
                        exchange.getResponseHeaders().add("Content-Type", "text/html;charset=UTF-8");
                        send(exchange, 200, cachedBytes);
                    } else {
                        passThrough(exchange);
                    }
                } catch (Exception e) {
                    send(exchange, 502, e.toString().getBytes(StandardCharsets.UTF_8));
                }
            });
            server.start();
        }

        String url(String path) {
            return "http://" + host + ":" + server.getAddress().getPort() + path;
        }

        private void passThrough(HttpExchange exchange) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(storeUrl + exchange.getRequestURI()));
            for (String header : List.of("Cookie", "Referer", "Accept", "User-Agent")) {
                String value = exchange.getRequestHeaders().getFirst(header);
                if (value != null) {
                    request.header(header, value);
                }
            }
            HttpResponse<byte[]> response = store.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            response.headers().map().forEach((name, values) -> {
                if (PASSED_RESPONSE_HEADERS.contains(name.toLowerCase())) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            send(exchange, response.statusCode(), response.body());
        }

        private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
