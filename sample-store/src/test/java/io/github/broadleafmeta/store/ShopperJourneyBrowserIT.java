package io.github.broadleafmeta.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.broadleafmeta.store.Browser.Track;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A shopper's journey in headless Chromium: every page's pixel calls as the browser made them (read from
 * {@code fbq.queue}), with the eventIDs the server copies reached the stub Graph API with.
 */
class ShopperJourneyBrowserIT {

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
    void shouldInitPixelAndTrackOnePageViewWhenAnyPageIsShown() {
        for (String path : List.of("/", "/beans", "/beans/kenya-aa", "/search?q=kenya", "/cart", "/login",
                "/register")) {
            browser.get(path);

            Track pageView = browser.only("PageView");
            assertThat(pageView.eventId).as("PageView eventID on %s", path).isNotBlank();
            int init = browser.indexOf("init", RunningStore.PIXEL_ID);
            assertThat(init).as("init on %s", path).isGreaterThanOrEqualTo(0);
            assertThat(init).isLessThan(browser.indexOf("track", "PageView"));
        }
    }

    @Test
    void shouldTrackViewContentWhenProductPageIsShown() throws Exception {
        browser.get("/beans/kenya-aa");

        Track viewContent = browser.only("ViewContent");
        assertThat(viewContent.eventId).isNotBlank();
        assertThat(viewContent.params.get("content_name")).isEqualTo(browser.one("[data-test=product-name]").getText());
        assertThat(viewContent.params.get("currency")).isEqualTo("USD");
        assertThat(viewContent.value()).isEqualByComparingTo("18.90");
        assertThat((List<?>) viewContent.params.get("content_ids")).hasSize(1);
        JsonNode server = GraphApiEvents.sent(viewContent.eventId);
        assertThat(server.get("event_name").asText()).isEqualTo("ViewContent");
        assertThat(server.get("custom_data").get("content_ids").get(0).asText())
                .isEqualTo(((List<?>) viewContent.params.get("content_ids")).get(0));
        browser.screenshot("product-page.png");
    }

    @Test
    void shouldTrackAddToCartWithServerEventIdWhenFormIsPostedWithoutScript() throws Exception {
        browser.get("/gear/pour-over-dripper");
        // form.submit() posts the form as a browser without JavaScript would: no submit event, no fetch.
        browser.script("document.querySelector('form[data-test=add-to-cart]').submit();");
        browser.await(b -> b.path().startsWith("/cart"), "the redirect to the cart page");

        Track addToCart = browser.only("AddToCart");
        assertThat(browser.one("[data-test=cart-count]").getText()).isEqualTo("1");
        JsonNode server = GraphApiEvents.sent(addToCart.eventId);
        assertThat(server.get("event_name").asText()).isEqualTo("AddToCart");
        assertThat(server.get("event_id").asText()).isEqualTo(addToCart.eventId);
        assertThat(new BigDecimal(server.get("custom_data").get("value").asText())).isEqualByComparingTo(addToCart.value());

        browser.get("/cart");
        assertThat(browser.tracks("AddToCart")).as("rendered once").isEmpty();
    }

    @Test
    void shouldTrackAddToCartWithServerEventIdWhenFormIsPostedByAjax() throws Exception {
        browser.get("/beans/kenya-aa");
        assertThat(browser.one("form[data-test=add-to-cart]").getAttribute("data-ajax")).isEqualTo("enabled");
        WebElement quantity = browser.one("form[data-test=add-to-cart] input[name=quantity]");
        quantity.clear();
        quantity.sendKeys("2");

        browser.one("form[data-test=add-to-cart] button[type=submit]").click();
        browser.await(b -> !b.tracks("AddToCart").isEmpty(), "the AddToCart of the AJAX response");

        assertThat(browser.path()).as("no navigation").isEqualTo("/beans/kenya-aa");
        assertThat(browser.one("[data-test=cart-count]").getText()).isEqualTo("2");
        assertThat(browser.one("[data-test=add-to-cart-status]").getText()).isEqualTo("Added to your cart.");
        Track addToCart = browser.only("AddToCart");
        assertThat(addToCart.method).isEqualTo("track");
        assertThat(addToCart.value()).isEqualByComparingTo("37.80");
        assertThat(browser.tracks("PageView")).hasSize(1);
        JsonNode server = GraphApiEvents.sent(addToCart.eventId);
        assertThat(server.get("event_name").asText()).isEqualTo("AddToCart");
        assertThat(server.get("event_id").asText()).isEqualTo(addToCart.eventId);

        browser.get("/cart");
        assertThat(browser.tracks("AddToCart")).as("the AJAX response drained it").isEmpty();
        assertThat(browser.one("[data-test=cart-count]").getText()).isEqualTo("2");
    }

    @Test
    void shouldTrackInitiateCheckoutAndPurchaseOnceWithOrderEventIdWhenShopperBuys() throws Exception {
        browser.get("/beans/kenya-aa");
        browser.one("form[data-test=add-to-cart] button[type=submit]").click();
        browser.await(b -> "1".equals(b.one("[data-test=cart-count]").getText()), "the AJAX add to cart");
        browser.get("/cart");
        browser.one("a[data-test=checkout]").click();
        browser.await(b -> b.path().startsWith("/checkout"), "the checkout page");

        Track initiateCheckout = browser.only("InitiateCheckout");
        assertThat(initiateCheckout.value()).isEqualByComparingTo("18.90");
        assertThat(initiateCheckout.params.get("currency")).isEqualTo("USD");
        fill(Shopper.address("browser.buyer@example.com", "Bea", "Browser"));
        browser.one("[data-test=place-order]").click();
        browser.await(b -> b.path().startsWith("/confirmation/"), "the confirmation page");

        String orderNumber = browser.one("[data-test=order-number]").getText();
        BigDecimal total = new BigDecimal(browser.one("[data-test=order-total]").getText().replace("$", ""));
        Track purchase = browser.only("Purchase");
        assertThat(purchase.eventId).isEqualTo("order." + orderNumber);
        assertThat(purchase.value()).isEqualByComparingTo(total);
        assertThat(purchase.params.get("currency")).isEqualTo("USD");
        assertThat(purchase.params.get("order_id")).isEqualTo(orderNumber);
        JsonNode server = GraphApiEvents.sent(purchase.eventId);
        assertThat(server.get("event_name").asText()).isEqualTo("Purchase");
        assertThat(new BigDecimal(server.get("custom_data").get("value").asText())).isEqualByComparingTo(total);
        assertThat(server.get("custom_data").get("currency").asText()).isEqualTo("USD");
        browser.screenshot("confirmation-page.png");

        browser.driver.navigate().refresh();
        assertThat(browser.one("[data-test=order-number]").getText()).isEqualTo(orderNumber);
        assertThat(browser.tracks("Purchase")).as("a reload renders no second Purchase").isEmpty();
        assertThat(browser.tracks("PageView")).hasSize(1);
    }

    private static void fill(Map<String, String> values) {
        WebElement form = browser.one("form[data-test=checkout]");
        values.forEach((name, value) -> {
            WebElement field = form.findElement(By.name(name));
            if (field.getTagName().equals("select")) {
                new org.openqa.selenium.support.ui.Select(field).selectByValue(value);
            } else {
                field.clear();
                field.sendKeys(value);
            }
        });
    }
}
