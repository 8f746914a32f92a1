package io.github.broadleafmeta.store;

import io.github.broadleafmeta.store.StoreClient.Page;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Cookie;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consent required: what the page asks of the network and of {@code fbq} before and after the shopper's choice, in
 * both consent modes, read from Chromium's DevTools network log, the page's script and image sources, resource
 * timing entries and {@code fbq.queue}.
 */
class ConsentBrowserIT {

    static final String PRODUCT = "/beans/decaf-swiss-water";
    static final String FBEVENTS_URL = "https://connect.facebook.net/en_US/fbevents.js";
    static final String REQUIRED = "meta.consent.required";
    static final String COOKIE = "meta.consent.cookieName";
    static final String GRANTED_VALUE = "meta.consent.grantedValue";
    static final String MODE = "meta.consent.mode";

    @AfterEach
    void clearConsentSettings() throws Exception {
        MetaSettingsFixture.clear(REQUIRED, COOKIE, GRANTED_VALUE, MODE);
    }

    @Test
    void shouldRevokeConsentBeforeInitWhenConsentIsRequiredAndCookieIsAbsent() throws Exception {
        MetaSettingsFixture.save(Map.of(REQUIRED, "true", COOKIE, "cookie_ok", GRANTED_VALUE, "yes"));
        try (Browser browser = Browser.open()) {
            MetaSettingsFixture.awaitPage(RunningStore.storefront(), PRODUCT,
                    p -> p.body.contains("fbq(\"consent\",\"revoke\")"));

            browser.get(PRODUCT);

            int revoke = browser.indexOf("consent", "revoke");
            int init = browser.indexOf("init", RunningStore.PIXEL_ID);
            assertThat(revoke).as("consent revoke in %s", browser.fbqQueue()).isGreaterThanOrEqualTo(0);
            assertThat(revoke).isLessThan(init);
            assertThat(browser.only("ViewContent").eventId).isNotBlank();
            assertThat(browser.driver.manage().getCookieNamed("_fbp")).as("no tracking cookie from the server").isNull();

            browser.driver.manage().addCookie(new Cookie("cookie_ok", "yes", "/"));
            browser.get(PRODUCT);
            assertThat(browser.indexOf("consent", "revoke")).as("granted: no revoke").isEqualTo(-1);
            assertThat(browser.indexOf("init", RunningStore.PIXEL_ID)).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void shouldRequestOnlyMetasLibraryBeforeGrantAndReleaseThePageViewOnGrantInRevokeMode() throws Exception {
        MetaSettingsFixture.save(Map.of(REQUIRED, "true", COOKIE, "cookie_ok", GRANTED_VALUE, "yes", MODE, "revoke"));
        try (Browser browser = Browser.open()) {
            MetaSettingsFixture.awaitPage(RunningStore.storefront(), PRODUCT,
                    p -> p.body.contains("fbq(\"consent\",\"revoke\")"));

            browser.get(PRODUCT);
            String html = pageHtml(browser);
            String pageViewId = PixelCall.only(html, "PageView").eventId;
            String viewContentId = PixelCall.only(html, "ViewContent").eventId;

            assertThat(metaHosts(browser.requestedUrls())).as("before grant: Meta's library, no event, no image")
                    .containsOnly(FBEVENTS_URL);
            assertThat(metaHosts(browser.pageResourceUrls())).containsOnly(FBEVENTS_URL);
            assertThat(html).doesNotContain("facebook.com/tr", "<noscript");
            int revoke = browser.indexOf("consent", "revoke");
            int init = browser.indexOf("init", RunningStore.PIXEL_ID);
            assertThat(revoke).as("consent revoke in %s", browser.fbqQueue()).isGreaterThanOrEqualTo(0);
            assertThat(init).isGreaterThan(revoke);
            assertThat(browser.fbqQueue().get(init)).as("init without advanced matching").hasSize(2);
            assertThat(OutboxRows.byEventId(viewContentId)).as("no server copy without consent").isNull();
            assertThat(browser.driver.manage().getCookieNamed("_fbp")).isNull();
            assertThat(browser.script("return window.metaPixelConsent.granted();")).isEqualTo(false);

            assertThat(browser.script("return window.metaPixelConsent.grant();")).isEqualTo(true);

            int grant = browser.indexOf("consent", "grant");
            assertThat(browser.only("PageView").eventId).as("the page's server-made id").isEqualTo(pageViewId);
            assertThat(grant).as("grant releases what fbq held").isGreaterThan(browser.indexOf("track", "PageView"));
            assertThat(browser.driver.manage().getCookieNamed("cookie_ok").getValue()).isEqualTo("yes");

            browser.get(PRODUCT);
            String granted = pageHtml(browser);
            assertThat(browser.indexOf("consent", "revoke")).isEqualTo(-1);
            assertThat(OutboxRows.byEventId(PixelCall.only(granted, "ViewContent").eventId))
                    .as("the server reads the cookie the API set").isNotNull();
            assertThat(granted).contains("facebook.com/tr?id=" + RunningStore.PIXEL_ID);

            assertThat(browser.script("return window.metaPixelConsent.revoke();")).isEqualTo(true);

            List<List<Object>> queue = browser.fbqQueue();
            assertThat(queue.get(queue.size() - 1)).isEqualTo(List.of("consent", "revoke"));
            assertThat(browser.driver.manage().getCookieNamed("cookie_ok")).isNull();
        }
    }

    @Test
    void shouldRequestNothingFromMetaBeforeGrantAndLoadThePixelWithTheHeldEventsOnGrantInStrictMode()
            throws Exception {
        MetaSettingsFixture.save(Map.of(REQUIRED, "true", COOKIE, "cookie_ok", GRANTED_VALUE, "yes", MODE, "strict"));
        try (Browser browser = Browser.open()) {
            // Consent required (the page state is there) and not revoke mode: the strict setting has arrived.
            MetaSettingsFixture.awaitPage(RunningStore.storefront(), PRODUCT,
                    p -> p.body.contains("window.metaPixelConsentPage=")
                            && !p.body.contains("fbq(\"consent\",\"revoke\")"));

            browser.get(PRODUCT);
            String html = pageHtml(browser);
            String pageViewId = PixelCall.only(html, "PageView").eventId;
            String viewContentId = PixelCall.only(html, "ViewContent").eventId;

            assertThat(metaHosts(browser.requestedUrls())).as("before grant: nothing to Meta").isEmpty();
            assertThat(metaHosts(browser.pageResourceUrls())).isEmpty();
            assertThat(html).doesNotContain("connect.facebook.net", "facebook.com/tr", "<noscript", "fbq(\"init\"");
            assertThat(browser.script("return typeof window.fbq;")).isEqualTo("undefined");
            assertThat(OutboxRows.byEventId(viewContentId)).as("no server copy without consent").isNull();
            assertThat(browser.driver.manage().getCookieNamed("_fbp")).isNull();

            assertThat(browser.script("return window.metaPixelConsent.grant();")).isEqualTo(true);

            assertThat(browser.requestedUrls()).as("the grant loads Meta's library").contains(FBEVENTS_URL);
            int init = browser.indexOf("init", RunningStore.PIXEL_ID);
            assertThat(init).as("init in %s", browser.fbqQueue()).isGreaterThanOrEqualTo(0);
            assertThat(browser.only("PageView").eventId).as("the page's server-made id").isEqualTo(pageViewId);
            assertThat(browser.only("ViewContent").eventId).isEqualTo(viewContentId);
            assertThat(browser.indexOf("track", "PageView")).isGreaterThan(init);
            assertThat(browser.driver.manage().getCookieNamed("cookie_ok").getValue()).isEqualTo("yes");

            assertThat(browser.script("return window.metaPixelConsent.revoke();")).isEqualTo(true);

            List<List<Object>> queue = browser.fbqQueue();
            assertThat(queue.get(queue.size() - 1)).isEqualTo(List.of("consent", "revoke"));
            assertThat(browser.driver.manage().getCookieNamed("cookie_ok")).isNull();
        }
    }

    @Test
    void shouldPrintNoHashedCustomerDataForALoggedInShopperWithoutConsent() throws Exception {
        MetaSettingsFixture.save(Map.of(REQUIRED, "true", COOKIE, "cookie_ok", GRANTED_VALUE, "yes"));
        String email = "consent." + System.nanoTime() + "@example.com";
        StoreClient client = RunningStore.storefront();
        Page register = client.get("/register");
        Page registered = client.submit(register.one("form[data-test=register]"), Map.of(
                "customer.emailAddress", email, "customer.firstName", "Cora", "customer.lastName", "Sent",
                "password", "beans42", "passwordConfirm", "beans42"));
        assertThat(registered.isRedirect()).as("registration succeeded:\n%s", registered.body).isTrue();
        Page withoutConsent = MetaSettingsFixture.awaitPage(client, PRODUCT,
                p -> p.body.contains("fbq(\"consent\",\"revoke\")"));

        assertThat(withoutConsent.body).contains("fbq(\"init\",\"" + RunningStore.PIXEL_ID + "\");")
                .doesNotContain("\"em\":", "<noscript");

        client.setCookie("cookie_ok", "yes");
        assertThat(client.get(PRODUCT).body).contains("fbq(\"init\",\"" + RunningStore.PIXEL_ID + "\",{\"em\":\"");
    }

    /**
     * The page's HTML once the parser is done with it ({@link Browser#awaitCompletePage}).
     */
    static String pageHtml(Browser browser) {
        browser.awaitCompletePage();
        return (String) browser.script("return document.documentElement.outerHTML;");
    }

    /** The URLs on a Meta host (facebook.com, facebook.net and their subdomains). */
    static List<String> metaHosts(List<String> urls) {
        return urls.stream().filter(ConsentBrowserIT::isMetaHost).collect(Collectors.toList());
    }

    static boolean isMetaHost(String url) {
        String host;
        try {
            host = URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return url.contains("facebook.");
        }
        return host != null && (host.equals("facebook.com") || host.endsWith(".facebook.com")
                || host.equals("facebook.net") || host.endsWith(".facebook.net"));
    }
}
