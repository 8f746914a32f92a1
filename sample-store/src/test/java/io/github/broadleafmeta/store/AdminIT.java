package io.github.broadleafmeta.store;

import io.github.broadleafmeta.store.StoreClient.Page;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AdminIT {

    @Test
    void shouldShowStorefrontOrderWhenAdminLogsIn() throws Exception {
        Shopper guest = new Shopper(RunningStore.storefront());
        guest.addToCart("/gifts/tasting-flight", 1);
        String orderNumber = guest.checkout(Shopper.address("gift@example.com", "Gina", "Gifts"));

        StoreClient admin = RunningStore.admin();
        Page login = admin.get("/admin/login");
        assertThat(login.status).isEqualTo(200);
        Page loggedIn = admin.submit(login.one("form"), Map.of("j_username", "admin", "j_password", "admin"));
        assertThat(loggedIn.isRedirect()).isTrue();
        assertThat(loggedIn.location()).doesNotContain("login");

        // The order's own admin page: other tests in this JVM place hundreds of orders, more than the list's page.
        Page order = admin.browse("/admin/order/" + orderId(orderNumber));
        assertThat(order.status).isEqualTo(200);
        assertThat(order.body).contains(orderNumber);
    }

    @Test
    void shouldRefuseAdminWhenPasswordIsWrong() throws Exception {
        StoreClient admin = RunningStore.admin();
        Page login = admin.get("/admin/login");

        Page result = admin.submit(login.one("form"), Map.of("j_username", "admin", "j_password", "nope"));

        assertThat(result.location()).contains("login");
        Page orders = admin.get("/admin/order");
        assertThat(orders.isRedirect()).isTrue();
        assertThat(orders.location()).contains("/admin/login");
    }

    private static long orderId(String orderNumber) throws Exception {
        try (Connection db = RunningStore.database();
                PreparedStatement q = db.prepareStatement("SELECT ORDER_ID FROM BLC_ORDER WHERE ORDER_NUMBER = ?")) {
            q.setString(1, orderNumber);
            try (ResultSet rs = q.executeQuery()) {
                assertThat(rs.next()).as("order %s in BLC_ORDER", orderNumber).isTrue();
                return rs.getLong(1);
            }
        }
    }
}
