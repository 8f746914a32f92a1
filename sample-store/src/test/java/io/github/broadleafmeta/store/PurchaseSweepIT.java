package io.github.broadleafmeta.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.broadleafmeta.store.StoreClient.Page;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order is the source of truth for Purchase: an order whose Purchase the checkout never wrote (the test hook
 * takes the write away, as a failure or a kill would) gets it rebuilt by the sweep from the order's stored request
 * fields; denied consent stays without one; orders of a switched-off period are caught up; orders placed before the
 * pixel was first configured wait for the admin's backfill.
 */
class PurchaseSweepIT {

    private static final String HOOK = "meta.test.purchaseWrite";
    private static final String USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) PurchaseSweepIT/1.0";

    @BeforeAll
    static void sweepEverySecondWithTheTestHookAvailable() throws Exception {
        RunningStore.get();
        System.setProperty("meta.test.mode", "true");
        MetaSettingsFixture.save(Map.of("meta.purchase.sweepSeconds", "1"));
        MetaSettingsFixture.awaitSettingsExpiry();
    }

    @AfterEach
    void writeAgain() {
        System.clearProperty(HOOK);
    }

    @AfterAll
    static void forget() throws Exception {
        System.clearProperty("meta.test.mode");
        MetaSettingsFixture.clear("meta.purchase.sweepSeconds", "meta.pixel.enabled", "meta.consent.required",
                "meta.consent.cookieName", "meta.consent.grantedValue");
    }

    @Test
    void shouldRebuildPurchaseWithOriginalTimeAndStoredRequestWhenCheckoutWriteWasLost() throws Exception {
        System.setProperty(HOOK, "skip");
        String orderNumber = checkout("sweep.lost@example.com", null);
        System.clearProperty(HOOK);
        Map<String, String> stored = attributes(orderNumber);
        assertThat(stored).containsKeys("meta_event_time", "meta_client_ip", "meta_user_agent", "meta_consent",
                "meta_ldu", "meta_bot");
        assertThat(stored.get("meta_user_agent")).isEqualTo(USER_AGENT);

        JsonNode purchase = GraphApiEvents.sent("order." + orderNumber);

        assertThat(purchase.get("event_name").asText()).isEqualTo("Purchase");
        assertThat(purchase.get("event_time").asLong()).isEqualTo(Long.parseLong(stored.get("meta_event_time")));
        assertThat(purchase.get("user_data").get("client_ip_address").asText()).isEqualTo(stored.get("meta_client_ip"));
        assertThat(purchase.get("user_data").get("client_user_agent").asText()).isEqualTo(USER_AGENT);
        assertThat(purchase.get("custom_data").get("order_id").asText()).isEqualTo(orderNumber);
        assertThat(PurchaseOrigins.of("order." + orderNumber)).isEqualTo("SWEEP");
        Page log = admin().browse("/admin/meta-pixel/events?eventId=order." + orderNumber);
        assertThat(log.one("[data-test=event-origin]").attr("data-origin")).isEqualTo("SWEEP");
    }

    @Test
    void shouldNotRebuildPurchaseWhenShopperDeniedConsent() throws Exception {
        MetaSettingsFixture.save(Map.of("meta.consent.required", "true", "meta.consent.cookieName", "sweep_ok",
                "meta.consent.grantedValue", "yes"));
        MetaSettingsFixture.awaitSettingsExpiry();
        try {
            System.setProperty(HOOK, "skip");
            String denied = checkout("sweep.denied@example.com", null);
            String granted = checkout("sweep.granted@example.com", "yes");
            assertThat(attributes(denied)).containsEntry("meta_consent", "denied");

            // The sweep looks at orders oldest first: once the later one is rebuilt, the denied one was passed over.
            GraphApiEvents.sent("order." + granted);
            Thread.sleep(2000);

            assertThat(OutboxRows.byEventId("order." + denied)).isNull();
        } finally {
            MetaSettingsFixture.clear("meta.consent.required", "meta.consent.cookieName", "meta.consent.grantedValue");
        }
    }

    @Test
    void shouldSendPurchaseOfOrderPlacedWhilePluginWasOffWhenSwitchedOnAgain() throws Exception {
        MetaSettingsFixture.save(Map.of("meta.pixel.enabled", "false"));
        MetaSettingsFixture.awaitSettingsExpiry();
        String orderNumber = checkout("sweep.off@example.com", null);
        Thread.sleep(2000);
        assertThat(OutboxRows.byEventId("order." + orderNumber)).as("nothing recorded while off").isNull();
        Map<String, String> stored = attributes(orderNumber);

        MetaSettingsFixture.clear("meta.pixel.enabled");

        JsonNode purchase = GraphApiEvents.sent("order." + orderNumber);
        assertThat(purchase.get("event_time").asLong()).isEqualTo(Long.parseLong(stored.get("meta_event_time")));
        assertThat(PurchaseOrigins.of("order." + orderNumber)).isEqualTo("SWEEP");
    }

    @Test
    void shouldLeaveOrderBeforeFirstConfiguredMomentToBackfillAndSendItWhenAdminAsks() throws Exception {
        String firstConfigured = firstConfigured();
        try {
            // As if the pixel were configured only after this order: the moment moves ahead of it for the test.
            MetaSettingsFixture.execute("UPDATE META_PIXEL_FIRST_CONFIGURED SET first_configured_at = "
                    + (System.currentTimeMillis() + 3_600_000L) + " WHERE pixel_id = '" + RunningStore.PIXEL_ID + "'");
            System.setProperty(HOOK, "skip");
            String orderNumber = checkout("sweep.before@example.com", null);
            System.clearProperty(HOOK);
            MetaSettingsFixture.execute("UPDATE META_PIXEL_FIRST_CONFIGURED SET first_configured_at = "
                    + System.currentTimeMillis() + " WHERE pixel_id = '" + RunningStore.PIXEL_ID + "'");
            Thread.sleep(15_000); // past the sweep's 10-second grace, several runs
            assertThat(OutboxRows.byEventId("order." + orderNumber)).as("not swept automatically").isNull();

            StoreClient admin = admin();
            Page preview = admin.browse("/admin/meta-pixel/backfill");
            String pixel = "[data-test=backfill-pixel][data-pixel=" + RunningStore.PIXEL_ID + "] ";
            assertThat(Integer.parseInt(preview.text(pixel + "[data-test=backfill-rebuildable]"))).isPositive();
            assertThat(preview.one(pixel + "[data-test=backfill-total][data-currency=USD]").text()).isNotEmpty();
            Page requested = admin.submitLikeBrowser(preview.one(pixel + "form[data-test=backfill-form]"), Map.of());
            assertThat(requested.isRedirect()).as("the backfill form redirects; page was:\n%s", requested.body)
                    .isTrue();

            JsonNode purchase = GraphApiEvents.sent("order." + orderNumber);
            assertThat(purchase.get("event_time").asLong())
                    .isEqualTo(Long.parseLong(attributes(orderNumber).get("meta_event_time")));
            assertThat(PurchaseOrigins.of("order." + orderNumber)).isEqualTo("BACKFILL");
            Page log = admin.browse("/admin/meta-pixel/events?eventId=order." + orderNumber);
            assertThat(log.one("[data-test=event-origin]").attr("data-origin")).isEqualTo("BACKFILL");
        } finally {
            MetaSettingsFixture.execute("UPDATE META_PIXEL_FIRST_CONFIGURED SET first_configured_at = "
                    + firstConfigured + " WHERE pixel_id = '" + RunningStore.PIXEL_ID + "'");
        }
    }

    @Test
    void shouldRemoveRawRequestValuesFromOrderEightDaysAfterSubmission() throws Exception {
        String orderNumber = checkout("sweep.retention@example.com", null);
        GraphApiEvents.sent("order." + orderNumber);
        MetaSettingsFixture.execute("UPDATE BLC_ORDER SET SUBMIT_DATE = DATEADD('DAY', -9, CURRENT_TIMESTAMP)"
                + " WHERE ORDER_NUMBER = '" + orderNumber + "'");

        // Retention runs every 60 sweep intervals: every minute here.
        long deadline = System.currentTimeMillis() + 90_000;
        Map<String, String> stored = attributes(orderNumber);
        while (stored.containsKey("meta_client_ip") && System.currentTimeMillis() < deadline) {
            Thread.sleep(1000);
            stored = attributes(orderNumber);
        }

        assertThat(stored).doesNotContainKeys("meta_client_ip", "meta_user_agent", "meta_fbp", "meta_fbc",
                "meta_source_url");
        assertThat(stored).containsKeys("meta_consent", "meta_ldu", "meta_bot", "meta_event_time");
    }

    private static String checkout(String email, String consentCookie) throws Exception {
        StoreClient client = RunningStore.storefront().userAgent(USER_AGENT);
        if (consentCookie != null) {
            client.setCookie("sweep_ok", consentCookie);
        }
        Shopper shopper = new Shopper(client);
        shopper.addToCart("/beans/kenya-aa", 1);
        return shopper.checkout(Shopper.address(email, "Sam", "Sweep"));
    }

    private static StoreClient admin() throws Exception {
        StoreClient admin = RunningStore.admin();
        Page login = admin.get("/admin/login");
        admin.submitLikeBrowser(login.one("form"), Map.of("j_username", "admin", "j_password", "admin"));
        return admin;
    }

    private static Map<String, String> attributes(String orderNumber) throws Exception {
        Map<String, String> values = new HashMap<>();
        try (Connection db = RunningStore.database(); PreparedStatement q = db.prepareStatement(
                "SELECT a.NAME, a.VALUE FROM BLC_ORDER_ATTRIBUTE a JOIN BLC_ORDER o ON o.ORDER_ID = a.ORDER_ID"
                        + " WHERE o.ORDER_NUMBER = ?")) {
            q.setString(1, orderNumber);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    values.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return values;
    }

    private static String firstConfigured() throws Exception {
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline) {
            try (Connection db = RunningStore.database(); PreparedStatement q = db.prepareStatement(
                    "SELECT first_configured_at FROM META_PIXEL_FIRST_CONFIGURED WHERE pixel_id = ?")) {
                q.setString(1, RunningStore.PIXEL_ID);
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) {
                        return String.valueOf(rs.getLong(1));
                    }
                }
            } catch (java.sql.SQLException e) {
                // the table appears with the sweep's first run
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the store never recorded when the pixel was first configured");
    }
}
