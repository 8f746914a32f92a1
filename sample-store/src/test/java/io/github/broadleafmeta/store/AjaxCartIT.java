package io.github.broadleafmeta.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.broadleafmeta.store.StoreClient.Page;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample store's AJAX add to cart over HTTP: the product form posted with {@code Accept: application/json}
 * answers the new cart count and the AddToCart browser copy, whose eventID is the server copy's event_id.
 */
class AjaxCartIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldAnswerCartCountAndAddToCartWithServerEventIdWhenFormIsPostedForJson() throws Exception {
        StoreClient client = RunningStore.storefront();
        Page product = client.get("/beans/kenya-aa");

        Page added = client.submitForJson(product.one("form[data-test=add-to-cart]"), Map.of("quantity", "2"));

        assertThat(added.status).as("body: %s", added.body).isEqualTo(200);
        assertThat(added.contentType).startsWith("application/json");
        JsonNode json = JSON.readTree(added.body);
        assertThat(json.get("cartCount").asInt()).isEqualTo(2);
        assertThat(json.get("metaEvents")).hasSize(1);
        JsonNode event = json.get("metaEvents").get(0);
        assertThat(event.get("name").asText()).isEqualTo("AddToCart");
        assertThat(event.get("custom").asBoolean()).isFalse();
        assertThat(event.get("params").get("value").decimalValue()).isEqualByComparingTo("37.80");
        assertThat(event.get("params").get("currency").asText()).isEqualTo("USD");
        String eventId = event.get("eventID").asText();

        OutboxRows.Row row = OutboxRows.awaitStatus(eventId, "SENT");
        assertThat(row.eventName).isEqualTo("AddToCart");
        assertThat(row.eventId).isEqualTo(eventId);
        assertThat(row.payload.get("custom_data")).isEqualTo(event.get("params"));
        assertThat(GraphApiEvents.sent(eventId).get("event_name").asText()).isEqualTo("AddToCart");

        Page cart = client.get("/cart");
        assertThat(PixelCall.count(cart.body, "AddToCart")).as("the AJAX response drained the event").isZero();
        assertThat(cart.text("[data-test=cart-count]")).isEqualTo("2");
    }

    @Test
    void shouldStillRedirectToCartWhenFormIsPostedByBrowserWithoutScript() throws Exception {
        StoreClient client = RunningStore.storefront();
        Page product = client.get("/gear/pour-over-dripper");

        Page added = client.submit(product.one("form[data-test=add-to-cart]"), Map.of("quantity", "1"));

        assertThat(added.isRedirect()).isTrue();
        assertThat(added.location()).endsWith("/cart");
        assertThat(PixelCall.count(client.get("/cart").body, "AddToCart")).isEqualTo(1);
    }

    @Test
    void shouldServeThePluginHelperScriptAndTheStoreScript() throws Exception {
        StoreClient client = RunningStore.storefront();
        Page layout = client.get("/");
        assertThat(layout.html.select("script[src*=/meta_pixel/js/meta-pixel-events.js]")).hasSize(1);
        assertThat(layout.html.select("script[src*=/js/store-cart.js]")).hasSize(1);

        Page helper = client.get("/meta_pixel/js/meta-pixel-events.js");
        assertThat(helper.status).isEqualTo(200);
        assertThat(helper.body).contains("window.MetaPixelEvents = {track: track};");
        Page store = client.get("/js/store-cart.js");
        assertThat(store.status).isEqualTo(200);
        assertThat(store.body).contains("MetaPixelEvents.track(json)");
    }
}
