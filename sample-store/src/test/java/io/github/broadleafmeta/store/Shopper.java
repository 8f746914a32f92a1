package io.github.broadleafmeta.store;

import io.github.broadleafmeta.store.StoreClient.Page;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Shopper actions through the store's documented test hooks, shared by the integration tests. */
final class Shopper {

    final StoreClient client;
    /** The confirmation page of the last checkout, as first shown (the Purchase renders only there). */
    Page confirmation;

    Shopper(StoreClient client) {
        this.client = client;
    }

    /** Opens a product page from the home page and adds it to the cart with the product form. */
    Page addToCart(String productPath, int quantity) throws Exception {
        Page product = client.get(productPath);
        assertThat(product.status).isEqualTo(200);
        Page added = client.submit(product.one("form[data-test=add-to-cart]"), Map.of("quantity", String.valueOf(quantity)));
        assertThat(added.isRedirect()).as("add to cart redirects").isTrue();
        assertThat(added.location()).endsWith("/cart");
        return client.get("/cart");
    }

    /** Follows the cart's checkout link, fills the checkout form and places the order; returns the order number. */
    String checkout(Map<String, String> details) throws Exception {
        Page cart = client.get("/cart");
        Page checkout = client.get(cart.one("a[data-test=checkout]").attr("href"));
        assertThat(checkout.status).isEqualTo(200);
        Page placed = client.submit(checkout.one("form[data-test=checkout]"), details);
        assertThat(placed.isRedirect()).as("placing the order redirects; page was:\n%s", placed.body).isTrue();
        assertThat(placed.location()).contains("/confirmation/");
        confirmation = client.get(placed.location());
        assertThat(confirmation.status).isEqualTo(200);
        return confirmation.text("[data-test=order-number]");
    }

    static Map<String, String> address(String email, String first, String last) {
        Map<String, String> values = new HashMap<>();
        values.put("emailAddress", email);
        values.put("firstName", first);
        values.put("lastName", last);
        values.put("phone", "(650) 555-1212");
        values.put("addressLine1", "1 Hacker Way");
        values.put("city", "Menlo Park");
        values.put("state", "CA");
        values.put("postalCode", "94025");
        values.put("country", "US");
        return values;
    }
}
