package io.github.broadleafmeta.store;

import io.github.broadleafmeta.store.StoreClient.Page;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14: on the shopper's requests the plugin adds no commit and borrows no connection of its own. Each request
 * kind of one journey (product page, add to cart, checkout submit, confirmation page) is counted by the store's
 * bench-mode JDBC proxy with the plugin off and on. The host's occasional extra work (an id-generator block, a
 * cold cache) makes single counts wobble, so each configuration runs three journeys and the smallest count of each
 * is compared: a cost the plugin adds to every request survives the minimum.
 */
class RequestPathWritesIT {

    private static final String PRODUCT = "/gear/french-press";
    private static final int JOURNEYS = 3;

    enum Kind { PRODUCT_PAGE, ADD_TO_CART, CHECKOUT_SUBMIT, CONFIRMATION }

    @Test
    void shouldAddNoCommitAndNoConnectionToAnyRequestOfAJourney() throws Exception {
        journey(); // warm-up: the store's caches, the plugin's normalizers
        List<Map<Kind, RequestCounts>> off = new ArrayList<>();
        List<Map<Kind, RequestCounts>> on = new ArrayList<>();
        for (int i = 0; i < JOURNEYS; i++) {
            pluginEnabled(false);
            off.add(journey());
            pluginEnabled(true);
            on.add(journey());
        }

        for (Kind kind : Kind.values()) {
            for (String what : new String[] {"commits", "connections"}) {
                assertThat(min(on, kind, what))
                        .as("%s %s with the plugin on vs off; on: %s; off: %s", kind, what, on, off)
                        .isEqualTo(min(off, kind, what));
            }
            for (Map<Kind, RequestCounts> journey : on) {
                RequestCounts counts = journey.get(kind);
                assertThat(counts.count("plugin", "commits")).as("%s: %s", kind, counts).isZero();
                assertThat(counts.count("plugin", "connections")).as("%s: %s", kind, counts).isZero();
            }
        }
        for (Map<Kind, RequestCounts> journey : on) {
            // AddToCart: written on the request thread, in the cart's transaction (not by the background writer).
            assertThat(journey.get(Kind.ADD_TO_CART).count("plugin", "writes")).as("%s", journey).isPositive();
            // AddPaymentInfo and Purchase: queued when the checkout's request ends, so no write on the request thread
            // (the mapping of the order may load a lazy association the host would load later anyway: a read).
            assertThat(journey.get(Kind.CHECKOUT_SUBMIT).count("plugin", "writes")).as("%s", journey).isZero();
        }
    }

    @Test
    void shouldQueueThePurchaseWhenTheCheckoutEndsWithoutAWriteInItsRequest() throws Exception {
        pluginEnabled(true);
        Shopper shopper = new Shopper(RunningStore.storefront());
        shopper.addToCart(PRODUCT, 1);
        Page cart = shopper.client.get("/cart");
        Page checkout = shopper.client.get(cart.one("a[data-test=checkout]").attr("href"));
        String id = "purchase-" + UUID.randomUUID();

        Page placed = shopper.client.benchId(id).submit(checkout.one("form[data-test=checkout]"),
                Shopper.address("queued@example.com", "Quinn", "Queued"));

        String orderNumber = placed.location().replaceAll(".*/confirmation/", "").replaceAll("[?#].*", "");
        RequestCounts counts = RequestCounts.of(id);
        assertThat(counts.count("plugin", "writes")).as("%s", counts).isZero();
        assertThat(counts.count("plugin", "commits")).as("%s", counts).isZero();
        assertThat(counts.count("plugin", "connections")).as("%s", counts).isZero();
        // The background writer inserts it moments later; the sweep did not have to (no origin noted).
        OutboxRows.Row purchase = OutboxRows.byEventId("order." + orderNumber);
        assertThat(purchase).as("the Purchase row").isNotNull();
        assertThat(purchase.payload.path("custom_data").path("order_id").asText()).isEqualTo(orderNumber);
        assertThat(PurchaseOrigins.of("order." + orderNumber)).as("rebuilt by the sweep?").isNull();
    }

    @AfterAll
    static void restoreSettings() throws Exception {
        MetaSettingsFixture.clear("meta.pixel.enabled");
    }

    /** One journey; the counts of its four measured requests. */
    private static Map<Kind, RequestCounts> journey() throws Exception {
        Map<Kind, RequestCounts> counts = new EnumMap<>(Kind.class);
        Shopper shopper = new Shopper(RunningStore.storefront());
        StoreClient client = shopper.client;
        client.get("/");

        String productId = measureId(Kind.PRODUCT_PAGE);
        Page product = client.benchId(productId).get(PRODUCT);
        assertThat(product.status).isEqualTo(200);
        counts.put(Kind.PRODUCT_PAGE, RequestCounts.of(productId));

        String addId = measureId(Kind.ADD_TO_CART);
        Page added = client.benchId(addId).submit(product.one("form[data-test=add-to-cart]"), Map.of("quantity", "1"));
        assertThat(added.isRedirect()).isTrue();
        counts.put(Kind.ADD_TO_CART, RequestCounts.of(addId));

        Page cart = client.get("/cart");
        Page checkout = client.get(cart.one("a[data-test=checkout]").attr("href"));
        String submitId = measureId(Kind.CHECKOUT_SUBMIT);
        Page placed = client.benchId(submitId).submit(checkout.one("form[data-test=checkout]"),
                Shopper.address("counted@example.com", "Cora", "Counted"));
        assertThat(placed.isRedirect()).as("placing the order redirects; page was:\n%s", placed.body).isTrue();
        counts.put(Kind.CHECKOUT_SUBMIT, RequestCounts.of(submitId));

        String confirmationId = measureId(Kind.CONFIRMATION);
        Page confirmation = client.benchId(confirmationId).get(placed.location());
        assertThat(confirmation.status).isEqualTo(200);
        counts.put(Kind.CONFIRMATION, RequestCounts.of(confirmationId));
        return counts;
    }

    private static String measureId(Kind kind) {
        return kind.name().toLowerCase() + "-" + UUID.randomUUID();
    }

    private static int min(List<Map<Kind, RequestCounts>> journeys, Kind kind, String what) {
        int min = Integer.MAX_VALUE;
        for (Map<Kind, RequestCounts> journey : journeys) {
            RequestCounts c = journey.get(kind);
            min = Math.min(min, c.count("host", what) + c.count("plugin", what));
        }
        return min;
    }

    /** Switches the plugin as the admin does (META_SETTINGS), and waits until the storefront sees it. */
    private static void pluginEnabled(boolean enabled) throws Exception {
        MetaSettingsFixture.save(Map.of("meta.pixel.enabled", String.valueOf(enabled)));
        MetaSettingsFixture.awaitSettingsExpiry();
    }
}
