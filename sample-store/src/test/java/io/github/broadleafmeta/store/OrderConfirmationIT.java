package io.github.broadleafmeta.store;

import io.github.broadleafmeta.core.broadleaf31.config.OrderStatusConfirmationCheck;
import io.github.broadleafmeta.core.dispatch.Confirmation;
import io.github.broadleafmeta.core.outbox.JdbcOutbox;
import io.github.broadleafmeta.core.outbox.OutboxConfig;
import io.github.broadleafmeta.core.outbox.OutboxEntry;
import io.github.broadleafmeta.store.launcher.StoreSettings;
import org.hsqldb.jdbc.JDBCDataSource;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The confirmation gate on the running store: its own dispatcher (the real one, the Graph API a WireMock stub)
 * sends a Purchase for an order Broadleaf submitted, and never one whose order is cancelled; the check it uses
 * reads Broadleaf's own order table.
 */
class OrderConfirmationIT {

    @Test
    void shouldSendThePurchaseOfASubmittedOrderAndHoldBackOneWhoseOrderWasCancelled() throws Exception {
        String submitted = placeOrder("confirm@example.com");
        assertThat(GraphApiEvents.sent("order." + submitted).get("event_name").asText()).isEqualTo("Purchase");

        // A Purchase row that is still waiting when its order is cancelled (as after a refund or a crash between
        // the row and the order's commit): the dispatcher must ask the order table and not send it.
        String cancelled = placeOrder("cancel@example.com");
        GraphApiEvents.sent("order." + cancelled);
        MetaSettingsFixture.execute("UPDATE BLC_ORDER SET ORDER_STATUS = 'CANCELLED' WHERE ORDER_NUMBER = '"
                + cancelled + "'");
        String waitingId = "order." + cancelled + ".replayed";
        long now = Instant.now().getEpochSecond();
        JdbcOutbox outbox = new JdbcOutbox(storeDatabase(), OutboxConfig.ofDefaults(), Clock.systemUTC());
        outbox.initialize();
        outbox.enqueue(OutboxEntry.builder()
                .pixelId(RunningStore.PIXEL_ID).eventName("Purchase").eventId(waitingId).eventTime(now)
                .payloadJson("{\"event_name\":\"Purchase\",\"event_id\":\"" + waitingId + "\",\"event_time\":" + now
                        + ",\"action_source\":\"website\"}")
                .confirmationKey(cancelled).orderNumber(cancelled).build());

        OutboxRows.awaitStatus(waitingId, "NOT_CONFIRMED");
        assertThat(GraphApiEvents.journal(RunningStore.graphApi()))
                .as("requests carrying the Purchase of the cancelled order")
                .noneMatch(r -> r.eventIds().contains(waitingId));
    }

    @Test
    void shouldReadSubmittedCancelledAndUnknownOrdersFromBroadleafsOrderTable() throws Exception {
        String orderNumber = placeOrder("gate@example.com");
        OrderStatusConfirmationCheck check = new OrderStatusConfirmationCheck(storeDatabase());

        assertThat(check.check(orderNumber)).isEqualTo(Confirmation.CONFIRMED);
        assertThat(check.check("no-such-order")).isEqualTo(Confirmation.PENDING);

        MetaSettingsFixture.execute("UPDATE BLC_ORDER SET ORDER_STATUS = 'CANCELLED' WHERE ORDER_NUMBER = '"
                + orderNumber + "'");
        assertThat(check.check(orderNumber)).isEqualTo(Confirmation.CANCELLED);
    }

    private static String placeOrder(String email) throws Exception {
        Shopper guest = new Shopper(RunningStore.storefront());
        guest.addToCart("/beans/sumatra-mandheling", 1);
        return guest.checkout(Shopper.address(email, "Conny", "Firm"));
    }

    private static JDBCDataSource storeDatabase() {
        StoreSettings settings = RunningStore.get().settings();
        JDBCDataSource db = new JDBCDataSource();
        db.setUrl(settings.jdbcUrl());
        db.setUser(settings.jdbcUser());
        db.setPassword(settings.jdbcPassword());
        return db;
    }
}
