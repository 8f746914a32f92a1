package io.github.broadleafmeta.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.broadleafmeta.store.StoreClient.Page;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Broadleaf named-order wishlists: AddToWishlist with one id in browser and server copy, never AddToCart. */
class WishlistIT {

    static Shopper registered(String first) throws Exception {
        Shopper shopper = new Shopper(RunningStore.storefront());
        Page register = shopper.client.get("/register");
        Page done = shopper.client.submit(register.one("form[data-test=register]"), Map.of(
                "customer.emailAddress", first.toLowerCase() + "." + System.nanoTime() + "@example.com",
                "customer.firstName", first, "customer.lastName", "Wisher",
                "password", "beans42", "passwordConfirm", "beans42"));
        assertThat(done.isRedirect()).as("registration succeeded:\n%s", done.body).isTrue();
        return shopper;
    }

    @Test
    void shouldListProductAndReportAddToWishlistWithServerEventIdWhenCustomerAddsToWishlist() throws Exception {
        Shopper wendy = registered("Wendy");
        Page product = wendy.client.get("/beans/kenya-aa");

        Page added = wendy.client.submit(product.one("form[data-test=add-to-wishlist]"), Map.of());

        assertThat(added.isRedirect()).as("adding redirects; page was:\n%s", added.body).isTrue();
        assertThat(added.location()).endsWith("/account/wishlist");
        Page wishlist = wendy.client.get("/account/wishlist");
        assertThat(wishlist.html.select("[data-test=wishlist-item]").eachText()).containsExactly("Kenya AA, 250 g");
        PixelCall browser = PixelCall.only(wishlist.body, "AddToWishlist");
        assertThat(PixelCall.count(wishlist.body, "AddToCart")).isZero();
        JsonNode server = GraphApiEvents.sent(browser.eventId);
        assertThat(server.get("event_name").asText()).isEqualTo("AddToWishlist");
        assertThat(server.get("custom_data").get("value").decimalValue()).isEqualByComparingTo("18.90");
        assertThat(server.get("custom_data").get("content_ids").get(0).asText())
                .isEqualTo(browser.params.get("content_ids").get(0).asText());
        assertThat(wendy.client.get("/cart").html.select("[data-test=cart-empty]")).as("the cart is untouched")
                .hasSize(1);
    }

    @Test
    void shouldReportAddToCartNotAddToWishlistWhenCustomerWithWishlistAddsToCart() throws Exception {
        Shopper carl = registered("Carl");
        Page product = carl.client.get("/gear/french-press");
        carl.client.submit(product.one("form[data-test=add-to-wishlist]"), Map.of());
        carl.client.get("/account/wishlist");

        Page cart = carl.addToCart("/gear/french-press", 1);

        assertThat(PixelCall.only(cart.body, "AddToCart").eventId).isNotBlank();
        assertThat(PixelCall.count(cart.body, "AddToWishlist")).isZero();
        assertThat(carl.client.get("/account/wishlist").html.select("[data-test=wishlist-item]")).hasSize(1);
    }

    @Test
    void shouldPromptGuestToLogInAndRecordNothingWhenGuestAddsToWishlist() throws Exception {
        Shopper guest = new Shopper(RunningStore.storefront());
        Page product = guest.client.get("/beans/house-espresso");
        long before = OutboxRows.count("AddToWishlist");

        Page result = guest.client.submit(product.one("form[data-test=add-to-wishlist]"), Map.of());

        assertThat(result.isRedirect()).isTrue();
        assertThat(result.location()).contains("/login");
        assertThat(guest.client.get(result.location()).html.select("[data-test=login-prompt]")).hasSize(1);
        assertThat(OutboxRows.count("AddToWishlist")).isEqualTo(before);
    }
}
