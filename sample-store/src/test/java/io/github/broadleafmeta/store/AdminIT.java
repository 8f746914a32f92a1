package io.github.broadleafmeta.store;

import io.github.broadleafmeta.store.StoreClient.Page;
import org.junit.jupiter.api.Test;

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

        Page orders = admin.browse("/admin/order");
        assertThat(orders.status).isEqualTo(200);
        assertThat(orders.body).contains(orderNumber);
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
}
