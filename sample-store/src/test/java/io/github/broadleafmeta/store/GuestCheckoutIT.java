package io.github.broadleafmeta.store;

import io.github.broadleafmeta.store.StoreClient.Page;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class GuestCheckoutIT {

    @Test
    void shouldPlaceSubmittedOrderWhenGuestBuysFromProductPage() throws Exception {
        Shopper guest = new Shopper(RunningStore.storefront());
        Page home = guest.client.get("/");
        assertThat(home.status).isEqualTo(200);
        assertThat(home.html.select("[data-test=product-link]")).hasSizeGreaterThanOrEqualTo(10);
        String productPath = home.html.select("[data-test=product-link]").stream()
                .filter(a -> a.text().startsWith("Kenya AA")).findFirst().orElseThrow().attr("href");

        Page cart = guest.addToCart(productPath, 2);
        assertThat(cart.text("[data-test=cart-count]")).isEqualTo("2");
        assertThat(cart.text("[data-test=cart-subtotal]")).isEqualTo("$37.80");

        String orderNumber = guest.checkout(Shopper.address("Jane.Doe@example.com", "Jane", "Doe"));

        Page confirmation = guest.client.get("/confirmation/" + orderNumber);
        assertThat(confirmation.text("[data-test=order-status]")).isEqualTo("SUBMITTED");
        assertThat(confirmation.text("[data-test=order-total]")).isEqualTo("$42.75"); // 2 x 18.90 + 4.95 shipping
        try (Connection db = RunningStore.database();
                PreparedStatement q = db.prepareStatement(
                        "SELECT ORDER_STATUS, EMAIL_ADDRESS, ORDER_TOTAL FROM BLC_ORDER WHERE ORDER_NUMBER = ?")) {
            q.setString(1, orderNumber);
            try (ResultSet rs = q.executeQuery()) {
                assertThat(rs.next()).as("order %s is in the database", orderNumber).isTrue();
                assertThat(rs.getString(1)).isEqualTo("SUBMITTED");
                assertThat(rs.getString(2)).isEqualTo("Jane.Doe@example.com");
                assertThat(rs.getBigDecimal(3)).isEqualByComparingTo("42.75");
            }
        }
        assertThat(guest.client.get("/cart").html.select("[data-test=cart-empty]")).hasSize(1);
    }

    @Test
    void shouldHideConfirmationWhenAnotherShopperAsksForIt() throws Exception {
        Shopper guest = new Shopper(RunningStore.storefront());
        guest.addToCart("/gear/french-press", 1);
        String orderNumber = guest.checkout(Shopper.address("owner@example.com", "Olive", "Owner"));

        Page stranger = RunningStore.storefront().get("/confirmation/" + orderNumber);

        assertThat(stranger.status).isEqualTo(404);
        assertThat(stranger.body).doesNotContain("owner@example.com");
    }

    @Test
    void shouldShowFieldErrorsAndPlaceNoOrderWhenCheckoutFormIsInvalid() throws Exception {
        Shopper guest = new Shopper(RunningStore.storefront());
        guest.addToCart("/beans/colombia-huila", 1);
        Page checkout = guest.client.get("/checkout");
        Map<String, String> bad = Shopper.address("not-an-email", "", "Doe");

        Page result = guest.client.submit(checkout.one("form[data-test=checkout]"), bad);

        assertThat(result.status).isEqualTo(200);
        assertThat(result.html.select("[data-test=checkout-errors] [data-field=emailAddress]").text())
                .contains("name@example.com");
        assertThat(result.html.select("[data-test=checkout-errors] [data-field=firstName]")).hasSize(1);
        assertThat(guest.client.get("/cart").text("[data-test=cart-count]")).isEqualTo("1");
    }

    @Test
    void shouldFindProductsWhenSearching() throws Exception {
        Page results = RunningStore.storefront().get("/search?q=Mandheling");

        assertThat(results.status).isEqualTo(200);
        assertThat(results.html.select("[data-test=product-link]").eachText())
                .containsExactly("Sumatra Mandheling, 250 g");
    }
}
