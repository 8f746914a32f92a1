package io.github.broadleafmeta.store;

import io.github.broadleafmeta.core.broadleaf31.config.OrderStatusConfirmationCheck;
import io.github.broadleafmeta.core.dispatch.Confirmation;
import io.github.broadleafmeta.store.launcher.StoreSettings;
import org.hsqldb.jdbc.JDBCDataSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The dispatcher sends a Purchase only for an order Broadleaf really submitted; checked on the store's database. */
class OrderConfirmationIT {

    @Test
    void shouldConfirmSubmittedOrdersOnlyAndNeverCancelledOnes() throws Exception {
        Shopper guest = new Shopper(RunningStore.storefront());
        guest.addToCart("/beans/sumatra-mandheling", 1);
        String orderNumber = guest.checkout(Shopper.address("confirm@example.com", "Conny", "Firm"));
        StoreSettings settings = RunningStore.get().settings();
        JDBCDataSource db = new JDBCDataSource();
        db.setUrl(settings.jdbcUrl());
        db.setUser(settings.jdbcUser());
        db.setPassword(settings.jdbcPassword());
        OrderStatusConfirmationCheck check = new OrderStatusConfirmationCheck(db);

        assertThat(check.check(orderNumber)).isEqualTo(Confirmation.CONFIRMED);
        assertThat(check.check("no-such-order")).isEqualTo(Confirmation.PENDING);

        MetaSettingsFixture.execute("UPDATE BLC_ORDER SET ORDER_STATUS = 'CANCELLED' WHERE ORDER_NUMBER = '"
                + orderNumber + "'");
        assertThat(check.check(orderNumber)).isEqualTo(Confirmation.CANCELLED);
    }
}
