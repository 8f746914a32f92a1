package io.github.broadleafmeta.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.broadleafmeta.store.StoreClient.Page;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plugin in the running store: every shopper action produces one event id shared by the pixel call in the
 * page and the server copy in the outbox, which the dispatcher delivers to the (stub) Graph API.
 */
class TrackingIT {


    @Test
    void shouldShareOneEventIdBetweenPixelAndServerWhenItemIsAddedToCart() throws Exception {
        Shopper shopper = new Shopper(RunningStore.storefront());

        Page cart = shopper.addToCart("/beans/kenya-aa", 2);

        PixelCall browser = PixelCall.only(cart.body, "AddToCart");
        assertThat(browser.params.get("value").decimalValue()).isEqualByComparingTo("37.80");
        assertThat(browser.params.get("currency").asText()).isEqualTo("USD");
        assertThat(browser.params.get("contents").get(0).get("quantity").asInt()).isEqualTo(2);
        OutboxRows.Row server = OutboxRows.awaitStatus(browser.eventId, "SENT");
        assertThat(server.eventName).isEqualTo("AddToCart");
        assertThat(server.browserRendered).as("the cart page rendered the browser copy").isTrue();
        JsonNode customData = server.payload.get("custom_data");
        assertThat(customData).isEqualTo(browser.params);
        assertThat(customData.get("content_ids").get(0).asText())
                .isEqualTo(browser.params.get("content_ids").get(0).asText());
        assertThat(PixelCall.count(shopper.client.get("/cart").body, "AddToCart"))
                .as("a pending browser event renders once").isZero();
    }

    @Test
    void shouldReportAddedUnitsOnlyWhenQuantityChanges() throws Exception {
        Shopper shopper = new Shopper(RunningStore.storefront());
        Page cart = shopper.addToCart("/gear/pour-over-dripper", 1);
        PixelCall first = PixelCall.only(cart.body, "AddToCart");
        long before = OutboxRows.count("AddToCart");

        Page increased = shopper.client.browse(submitQuantity(shopper, "3"));
        PixelCall added = PixelCall.only(increased.body, "AddToCart");
        assertThat(added.eventId).isNotEqualTo(first.eventId);
        assertThat(added.params.get("contents").get(0).get("quantity").asInt()).isEqualTo(2);
        assertThat(added.params.get("value").decimalValue()).isEqualByComparingTo("48.00");

        Page decreased = shopper.client.browse(submitQuantity(shopper, "1"));
        assertThat(PixelCall.count(decreased.body, "AddToCart")).isZero();
        Page removed = shopper.client.browse(shopper.client.submit(
                shopper.client.get("/cart").one("form[data-test=remove-item]"), Map.of()).location());
        assertThat(removed.html.select("[data-test=cart-empty]")).hasSize(1);
        assertThat(OutboxRows.count("AddToCart")).isEqualTo(before + 1);
    }

    private static String submitQuantity(Shopper shopper, String quantity) throws Exception {
        Page cart = shopper.client.get("/cart");
        Page result = shopper.client.submit(cart.one("form[data-test=update-quantity]"), Map.of("quantity", quantity));
        assertThat(result.isRedirect()).isTrue();
        return result.location();
    }

    @Test
    void shouldDeliverHashedPurchaseWithConfirmationEventIdWhenGuestBuys() throws Exception {
        StoreClient client = RunningStore.storefront();
        Page landing = client.get("/?fbclid=IwAR0landingClickId");
        assertThat(landing.status).isEqualTo(200);
        Shopper guest = new Shopper(client);
        guest.addToCart("/beans/kenya-aa", 2);
        Map<String, String> address = Shopper.address("Jane.Doe@Example.com", "Jane", "Doe");

        String orderNumber = guest.checkout(address);

        PixelCall browser = PixelCall.only(guest.confirmation.body, "Purchase");
        assertThat(browser.eventId).isEqualTo("order." + orderNumber);
        assertThat(browser.params.get("value").decimalValue()).isEqualByComparingTo("42.75");
        assertThat(browser.params.get("order_id").asText()).isEqualTo(orderNumber);
        assertThat(PixelCall.count(client.get("/confirmation/" + orderNumber).body, "Purchase"))
                .as("a reload renders no second Purchase").isZero();

        OutboxRows.awaitStatus(browser.eventId, "SENT");
        JsonNode sent = GraphApiEvents.sent(browser.eventId);
        assertThat(sent.get("event_name").asText()).isEqualTo("Purchase");
        assertThat(sent.get("action_source").asText()).isEqualTo("website");
        assertThat(sent.get("custom_data").get("value").decimalValue()).isEqualByComparingTo("42.75");
        assertThat(sent.get("custom_data").get("currency").asText()).isEqualTo("USD");
        JsonNode user = sent.get("user_data");
        assertThat(user.get("em").get(0).asText()).isEqualTo(sha256("jane.doe@example.com"));
        assertThat(user.get("ph").get(0).asText()).isEqualTo(sha256("16505551212"));
        assertThat(user.get("fn").get(0).asText()).isEqualTo(sha256("jane"));
        assertThat(user.get("ln").get(0).asText()).isEqualTo(sha256("doe"));
        assertThat(user.get("ct").get(0).asText()).isEqualTo(sha256("menlopark"));
        assertThat(user.get("st").get(0).asText()).isEqualTo(sha256("ca"));
        assertThat(user.get("zp").get(0).asText()).isEqualTo(sha256("94025"));
        assertThat(user.get("country").get(0).asText()).isEqualTo(sha256("us"));
        assertThat(user.get("client_user_agent").asText()).isEqualTo(StoreClient.BROWSER_USER_AGENT);
        assertThat(user.get("client_ip_address").asText()).isEqualTo("127.0.0.1");
        assertThat(user.get("fbp").asText()).isEqualTo(client.cookie("_fbp")).startsWith("fb.1.");
        assertThat(user.get("fbc").asText()).matches("fb\\.1\\.\\d{13}\\.IwAR0landingClickId")
                .isEqualTo(client.cookie("_fbc"));
    }

    @Test
    void shouldReportRegistrationWhenCustomerRegisters() throws Exception {
        StoreClient client = RunningStore.storefront();
        String email = "reg." + System.nanoTime() + "@example.com";
        Page form = client.get("/register");
        client.submit(form.one("form[data-test=register]"), Map.of("customer.emailAddress", email,
                "customer.firstName", "Reggie", "customer.lastName", "Stration", "password", "beans42",
                "passwordConfirm", "beans42"));

        Page home = client.get("/");

        PixelCall browser = PixelCall.only(home.body, "CompleteRegistration");
        OutboxRows.Row server = OutboxRows.awaitStatus(browser.eventId, "SENT");
        assertThat(server.payload.get("user_data").get("em").get(0).asText()).isEqualTo(sha256(email));
        assertThat(server.matchKeys).contains("em", "external_id", "ua");
    }

    @Test
    void shouldKeepRawCustomerDataAndTokenOutOfOutboxAndLogs() throws Exception {
        Shopper guest = new Shopper(RunningStore.storefront());
        guest.addToCart("/gifts/tasting-flight", 1);
        guest.checkout(Shopper.address("Private.Person@Example.com", "Privata", "Persona"));

        assertThat(OutboxRows.countPayloadsContaining("@example.com")).isZero();
        assertThat(OutboxRows.countPayloadsContaining("privata")).isZero();
        assertThat(OutboxRows.countPayloadsContaining("555-1212")).isZero();
        assertThat(OutboxRows.countPayloadsContaining(RunningStore.ACCESS_TOKEN)).isZero();
        String log = RunningStore.log();
        assertThat(log).doesNotContain(RunningStore.ACCESS_TOKEN).doesNotContain("Private.Person")
                .doesNotContain("Privata");
    }

    @Test
    void shouldRecordNoServerEventsWhenUserAgentIsACrawler() throws Exception {
        StoreClient crawler = RunningStore.storefront().userAgent("Mozilla/5.0 (compatible; Googlebot/2.1)");
        Page product = crawler.get("/beans/colombia-huila");

        PixelCall viewContent = PixelCall.only(product.body, "ViewContent");

        assertThat(OutboxRows.byEventId(viewContent.eventId)).isNull();
        Page cart = new Shopper(crawler).addToCart("/beans/colombia-huila", 1);
        assertThat(OutboxRows.byEventId(PixelCall.only(cart.body, "AddToCart").eventId)).isNull();
    }

    @Test
    void shouldRevokeConsentAndWithholdServerEventsUntilShopperConsents() throws Exception {
        MetaSettingsFixture.save(Map.of("meta.consent.required", "true", "meta.consent.cookieName", "cookie_ok",
                "meta.consent.grantedValue", "yes"));
        try {
            MetaSettingsFixture.awaitPage(RunningStore.storefront(), "/beans/decaf-swiss-water",
                    p -> p.body.contains("fbq(\"consent\",\"revoke\")"));
            StoreClient shopper = RunningStore.storefront();
            String body = shopper.get("/beans/decaf-swiss-water").body;
            int revoke = body.indexOf("fbq(\"consent\",\"revoke\")");
            int init = body.indexOf("fbq(\"init\"");
            assertThat(revoke).as("position of the consent revoke call").isNotNegative();
            assertThat(init).as("position of the init call").isNotNegative();
            assertThat(revoke).as("revoke comes before init").isLessThan(init);
            assertThat(OutboxRows.byEventId(PixelCall.only(body, "ViewContent").eventId)).isNull();
            assertThat(shopper.cookie("_fbp")).as("no tracking cookie without consent").isNull();

            shopper.setCookie("cookie_ok", "yes");
            Page consented = shopper.get("/beans/decaf-swiss-water");
            assertThat(consented.body).doesNotContain("fbq(\"consent\",\"revoke\")");
            OutboxRows.Row viewContent = OutboxRows.byEventId(PixelCall.only(consented.body, "ViewContent").eventId);
            assertThat(viewContent).isNotNull();
            assertThat(viewContent.browserRendered).as("rendered with the page that recorded it").isTrue();
        } finally {
            MetaSettingsFixture.clear("meta.consent.required", "meta.consent.cookieName", "meta.consent.grantedValue");
        }
    }

    @Test
    void shouldCompleteCheckoutWhenOutboxTableIsGone() throws Exception {
        Shopper guest = new Shopper(RunningStore.storefront());
        guest.addToCart("/gear/french-press", 1);
        MetaSettingsFixture.execute("ALTER TABLE META_EVENT_OUTBOX RENAME TO META_EVENT_OUTBOX_AWAY");
        String orderNumber;
        try {
            orderNumber = guest.checkout(Shopper.address("outage@example.com", "Otto", "Outage"));
            // The checkout's events reach the outbox from the background writer after the request has ended: the
            // table stays away until that write has failed.
            long deadline = System.currentTimeMillis() + 15_000;
            while (!RunningStore.log().contains("Meta event outbox: could not enqueue")
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
        } finally {
            MetaSettingsFixture.execute("ALTER TABLE META_EVENT_OUTBOX_AWAY RENAME TO META_EVENT_OUTBOX");
        }

        assertThat(guest.client.get("/confirmation/" + orderNumber).text("[data-test=order-status]"))
                .isEqualTo("SUBMITTED");
        assertThat(RunningStore.log()).contains("Meta event outbox: could not enqueue");
    }

    static String sha256(String value) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(value.getBytes(StandardCharsets.UTF_8)));
    }
}
