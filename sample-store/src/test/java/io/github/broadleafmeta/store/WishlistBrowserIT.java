package io.github.broadleafmeta.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.broadleafmeta.store.Browser.Track;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** In Chromium: the wishlist page's AddToWishlist pixel call carries the server copy's event_id. */
class WishlistBrowserIT {

    @Test
    void shouldTrackAddToWishlistWithServerEventIdWhenRegisteredCustomerAddsProduct() throws Exception {
        try (Browser browser = Browser.open()) {
            browser.get("/register");
            browser.one("input[name='customer.emailAddress']").sendKeys("wish." + System.nanoTime() + "@example.com");
            browser.one("input[name='customer.firstName']").sendKeys("Wanda");
            browser.one("input[name='customer.lastName']").sendKeys("Browser");
            browser.one("input[name=password]").sendKeys("beans42");
            browser.one("input[name=passwordConfirm]").sendKeys("beans42");
            browser.script("document.querySelector('form[data-test=register]').submit();");
            browser.await(b -> !b.path().startsWith("/register"), "the redirect after registering");

            browser.get("/beans/kenya-aa");
            browser.script("document.querySelector('form[data-test=add-to-wishlist]').submit();");
            browser.await(b -> b.path().startsWith("/account/wishlist"), "the redirect to the wishlist page");

            assertThat(browser.driver.findElements(org.openqa.selenium.By.cssSelector("[data-test=wishlist-item]")))
                    .hasSize(1);
            Track track = browser.only("AddToWishlist");
            assertThat(browser.tracks("AddToCart")).isEmpty();
            JsonNode server = GraphApiEvents.sent(track.eventId);
            assertThat(server.get("event_name").asText()).isEqualTo("AddToWishlist");
            assertThat(server.get("event_id").asText()).isEqualTo(track.eventId);
            assertThat(track.value()).isEqualByComparingTo(server.get("custom_data").get("value").decimalValue());
        }
    }
}
