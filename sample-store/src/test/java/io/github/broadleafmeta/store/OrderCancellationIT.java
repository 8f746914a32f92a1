package io.github.broadleafmeta.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.broadleafmeta.store.StoreClient.Page;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cancelled order sends OrderCancelled (server only) referring to its sent Purchase, whichever way it was
 * cancelled; an order cancelled before its Purchase was sent sends neither, and the delivery log says why.
 */
class OrderCancellationIT {

    @BeforeAll
    static void scanEverySecond() throws Exception {
        MetaSettingsFixture.save(Map.of("meta.cancellation.scanSeconds", "1"));
        MetaSettingsFixture.awaitSettingsExpiry();
    }

    @AfterAll
    static void forgetSettings() throws Exception {
        MetaSettingsFixture.clear("meta.cancellation.scanSeconds", "meta.dispatch.enabled");
    }

    @Test
    void shouldSendCancellationReferringToSentPurchaseWhenOrderRowIsUpdatedToCancelledInSql() throws Exception {
        Shopper guest = new Shopper(RunningStore.storefront());
        guest.addToCart("/beans/colombia-huila", 2);
        String orderNumber = guest.checkout(Shopper.address("cancel.sql@example.com", "Cora", "Cancel"));
        JsonNode purchase = GraphApiEvents.sent("order." + orderNumber);

        MetaSettingsFixture.execute("UPDATE BLC_ORDER SET ORDER_STATUS = 'CANCELLED' WHERE ORDER_NUMBER = '"
                + orderNumber + "'");

        JsonNode cancelled = GraphApiEvents.sent("order." + orderNumber + ".cancelled");
        assertThat(cancelled.get("event_name").asText()).isEqualTo("OrderCancelled");
        assertThat(cancelled.get("action_source").asText()).isEqualTo("system_generated");
        assertThat(cancelled.get("custom_data").get("original_event_id").asText()).isEqualTo("order." + orderNumber);
        assertThat(cancelled.get("custom_data").get("order_id").asText()).isEqualTo(orderNumber);
        assertThat(cancelled.get("custom_data").get("value").decimalValue())
                .isEqualByComparingTo(purchase.get("custom_data").get("value").decimalValue());
        assertThat(cancelled.get("custom_data").get("currency").asText()).isEqualTo("USD");
        assertThat(cancelled.get("user_data").get("em")).isEqualTo(purchase.get("user_data").get("em"));
    }

    @Test
    void shouldSendCancellationWhenCustomerCancelsThroughOrderServiceCancelOrder() throws Exception {
        String email = "cancel.hook." + System.nanoTime() + "@example.com";
        Shopper sam = new Shopper(RunningStore.storefront());
        Page register = sam.client.get("/register");
        Page registered = sam.client.submit(register.one("form[data-test=register]"), Map.of(
                "customer.emailAddress", email, "customer.firstName", "Hugo", "customer.lastName", "Hook",
                "password", "beans42", "passwordConfirm", "beans42"));
        assertThat(registered.isRedirect()).as("registration succeeded:\n%s", registered.body).isTrue();
        sam.addToCart("/beans/house-espresso", 1);
        String orderNumber = sam.checkout(Shopper.address(email, "Hugo", "Hook"));
        GraphApiEvents.sent("order." + orderNumber);

        Page details = sam.client.get("/account/orders/" + orderNumber);
        Page cancelled = sam.client.submit(details.one("form[data-test=cancel-order]"), Map.of());

        assertThat(cancelled.isRedirect()).as("cancelling redirects; page was:\n%s", cancelled.body).isTrue();
        // Broadleaf 3.1's cancelOrder deletes the order: no scan can see it, only the hook.
        assertThat(orderStatus(orderNumber)).isNull();
        JsonNode event = GraphApiEvents.sent("order." + orderNumber + ".cancelled");
        assertThat(event.get("event_name").asText()).isEqualTo("OrderCancelled");
        assertThat(event.get("custom_data").get("original_event_id").asText()).isEqualTo("order." + orderNumber);
    }

    @Test
    void shouldSendNothingAndExplainInDeliveryLogWhenOrderIsCancelledBeforePurchaseWasSent() throws Exception {
        int stops = occurrences(RunningStore.log(), "stopping the dispatcher");
        MetaSettingsFixture.save(Map.of("meta.dispatch.enabled", "false"));
        awaitDispatcherStops(stops);
        Shopper guest = new Shopper(RunningStore.storefront());
        guest.addToCart("/gear/french-press", 1);
        String orderNumber = guest.checkout(Shopper.address("cancel.early@example.com", "Eli", "Early"));
        assertThat(OutboxRows.byEventId("order." + orderNumber).status).isEqualTo("PENDING");

        MetaSettingsFixture.execute("UPDATE BLC_ORDER SET ORDER_STATUS = 'CANCELLED' WHERE ORDER_NUMBER = '"
                + orderNumber + "'");
        MetaSettingsFixture.clear("meta.dispatch.enabled");

        OutboxRows.awaitStatus("order." + orderNumber, "NOT_CONFIRMED");
        Thread.sleep(3000); // a few scans (every second)
        assertThat(OutboxRows.byEventId("order." + orderNumber + ".cancelled")).isNull();
        assertThat(RunningStore.graphApi().getAllServeEvents()).noneMatch(e -> e.getRequest().getBodyAsString()
                .contains("\"order." + orderNumber + "\""));
        StoreClient admin = RunningStore.admin();
        Page login = admin.get("/admin/login");
        admin.submitLikeBrowser(login.one("form"), Map.of("j_username", "admin", "j_password", "admin"));
        Page detail = admin.browse("/admin/meta-pixel/events/" + rowId("order." + orderNumber));
        assertThat(detail.text("[data-test=status]")).isEqualTo("NOT_CONFIRMED");
        assertThat(detail.text("[data-test=error]")).contains("order cancelled before the Purchase was sent");
    }

    private static String orderStatus(String orderNumber) throws Exception {
        try (Connection db = RunningStore.database();
                PreparedStatement q = db.prepareStatement("SELECT ORDER_STATUS FROM BLC_ORDER WHERE ORDER_NUMBER = ?")) {
            q.setString(1, orderNumber);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static long rowId(String eventId) throws Exception {
        try (Connection db = RunningStore.database();
                PreparedStatement q = db.prepareStatement("SELECT id FROM META_EVENT_OUTBOX WHERE event_id = ?")) {
            q.setString(1, eventId);
            try (ResultSet rs = q.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getLong(1);
            }
        }
    }

    private static void awaitDispatcherStops(int stopsBefore) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (occurrences(RunningStore.log(), "stopping the dispatcher") <= stopsBefore) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("the dispatcher did not stop after meta.dispatch.enabled=false");
            }
            Thread.sleep(250);
        }
    }

    private static int occurrences(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
