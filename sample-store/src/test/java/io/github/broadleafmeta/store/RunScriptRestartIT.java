package io.github.broadleafmeta.store;

import io.github.broadleafmeta.store.StoreClient.Page;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's front door, for real: {@code ./run.sh} in its own process. An order placed before a
 * {@code kill -9} is still there after the next start, and SIGTERM stops the store cleanly.
 */
class RunScriptRestartIT {

    private StoreProcess store;

    @AfterEach
    void killStore() throws InterruptedException {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void shouldKeepOrdersWhenStoreIsKilledAndRestarted() throws Exception {
        StoreProcess.Starter starter = new StoreProcess.Starter(new File(
                System.getProperty("store.it.dataDir", "target/it-data"), "restart-" + System.currentTimeMillis()));

        store = starter.start("first");
        Shopper guest = new Shopper(new StoreClient(store.siteUrl()));
        guest.addToCart("/beans/kenya-aa", 1);
        String orderNumber = guest.checkout(Shopper.address("crash@example.com", "Casey", "Crash"));

        store.kill();

        store = starter.start("second");
        StoreClient admin = new StoreClient(store.adminUrl());
        Page login = admin.get("/admin/login");
        admin.submit(login.one("form"), Map.of("j_username", "admin", "j_password", "admin"));
        assertThat(admin.browse("/admin/order").body).contains(orderNumber);
        String secondLog = Files.readString(new File(starter.dataDir, "run-second.log").toPath(),
                StandardCharsets.UTF_8);
        assertThat(secondLog).doesNotContain("Seeding the new database failed");

        assertThat(store.stop(60)).as("the store stops on SIGTERM").isTrue();
    }
}
