package io.github.broadleafmeta.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.broadleafmeta.core.settings.MetaSettingKeys;
import io.github.broadleafmeta.store.Browser.Track;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The newsletter Lead, the category pages' ViewCategory and the Google Tag Manager dataLayer in headless
 * Chromium: pixel calls read from {@code fbq.queue}, dataLayer entries from {@code window.dataLayer}, each eventID
 * matched with the server copy the stub Graph API received.
 */
class StoreMomentsBrowserIT {

    private static Browser browser;

    @BeforeAll
    static void openBrowser() {
        browser = Browser.open();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void newShopper() {
        browser.get("/");
        browser.driver.manage().deleteAllCookies();
    }

    @Test
    void shouldTrackLeadWithTheServerEventIdWhenNewsletterFormIsSubmitted() throws Exception {
        browser.get("/gear");
        browser.one("form[data-test=newsletter] input[name=emailAddress]").sendKeys("bea.browser@example.com");
        browser.one("form[data-test=newsletter] button[type=submit]").click();
        browser.await(b -> b.driver.getCurrentUrl().endsWith("/gear#subscribed"), "the redirect back to /gear");

        Track lead = browser.only("Lead");
        assertThat(lead.method).isEqualTo("track");
        assertThat(browser.one("[data-test=newsletter-thanks]").isDisplayed()).isTrue();
        JsonNode server = GraphApiEvents.sent(lead.eventId);
        assertThat(server.get("event_name").asText()).isEqualTo("Lead");
        assertThat(server.get("event_id").asText()).isEqualTo(lead.eventId);
        assertThat(server.get("user_data").get("em")).hasSize(1);
    }

    @Test
    void shouldTrackViewCategoryWithOneContentIdPerListedProduct() {
        browser.get("/gifts");

        Track viewCategory = browser.only("ViewCategory");
        assertThat(viewCategory.method).isEqualTo("trackCustom");
        assertThat(viewCategory.eventId).isNotBlank();
        assertThat((List<?>) viewCategory.params.get("content_ids"))
                .hasSize(browser.driver.findElements(By.cssSelector("[data-test=category-product]")).size())
                .isNotEmpty();
    }

    @Test
    void shouldPushEveryEventToDataLayerWithThePixelsEventIdWhenGtmSettingIsAlso() throws Exception {
        try {
            MetaSettingsFixture.save(Map.of(MetaSettingKeys.GTM_DATA_LAYER, "also"));
            MetaSettingsFixture.awaitSettingsExpiry();
            browser.get("/beans/kenya-aa");

            Track pageView = browser.only("PageView");
            Track viewContent = browser.only("ViewContent");
            assertThat(dataLayerEventId("meta.PageView")).isEqualTo(pageView.eventId);
            assertThat(dataLayerEventId("meta.ViewContent")).isEqualTo(viewContent.eventId);
            assertThat(browser.script("return window.dataLayer.find(e => e.event === 'meta.ViewContent')"
                    + ".params.content_ids[0];")).isEqualTo(((List<?>) viewContent.params.get("content_ids")).get(0));

            browser.one("form[data-test=add-to-cart] button[type=submit]").click();
            browser.await(b -> !b.tracks("AddToCart").isEmpty(), "the AddToCart of the AJAX response");
            String addToCartId = browser.only("AddToCart").eventId;
            assertThat(dataLayerEventId("meta.AddToCart")).isEqualTo(addToCartId);
            assertThat(GraphApiEvents.sent(addToCartId).get("event_name").asText()).isEqualTo("AddToCart");
        } finally {
            MetaSettingsFixture.clear(MetaSettingKeys.GTM_DATA_LAYER);
        }
    }

    @Test
    void shouldPushToDataLayerInsteadOfPixelTrackCallsWhenGtmSettingIsOnly() throws Exception {
        try {
            MetaSettingsFixture.save(Map.of(MetaSettingKeys.GTM_DATA_LAYER, "only"));
            MetaSettingsFixture.awaitSettingsExpiry();
            browser.get("/beans");

            assertThat(browser.tracks("PageView")).isEmpty();
            assertThat(browser.tracks("ViewCategory")).isEmpty();
            assertThat(browser.indexOf("init", RunningStore.PIXEL_ID)).as("the pixel is still initialized").isZero();
            assertThat(dataLayerEventId("meta.PageView")).isNotBlank();
            assertThat(dataLayerEventId("meta.ViewCategory")).isNotBlank();
        } finally {
            MetaSettingsFixture.clear(MetaSettingKeys.GTM_DATA_LAYER);
        }
    }

    private static String dataLayerEventId(String event) {
        return (String) browser.script("var e = (window.dataLayer || []).filter(x => x.event === arguments[0]);"
                + " return e.length === 1 ? e[0].eventID : 'found ' + e.length;", event);
    }
}
