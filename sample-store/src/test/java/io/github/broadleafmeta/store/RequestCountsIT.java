package io.github.broadleafmeta.store;

import io.github.broadleafmeta.store.StoreClient.Page;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class RequestCountsIT {

    @Test
    void shouldCountHostAndPluginStatementsOfAnAddToCart() throws Exception {
        Shopper guest = new Shopper(RunningStore.storefront());
        Page product = guest.client.get("/gear/french-press");
        String id = "add-" + UUID.randomUUID();

        Page added = guest.client.benchId(id)
                .submit(product.one("form[data-test=add-to-cart]"), Map.of("quantity", "1"));

        assertThat(added.isRedirect()).isTrue();
        RequestCounts counts = RequestCounts.of(id);
        assertThat(counts.json.get("method").asText()).isEqualTo("POST");
        assertThat(counts.json.get("status").asInt()).isEqualTo(302);
        assertThat(counts.count("host", "statements")).as("%s", counts).isPositive();
        assertThat(counts.count("host", "writes")).as("the cart's rows; %s", counts).isPositive();
        assertThat(counts.count("host", "connections")).as("%s", counts).isPositive();
        assertThat(counts.count("host", "commits")).as("%s", counts).isPositive();
        // The plugin records AddToCart on the request thread (outbox write or settings read): its frames are there.
        assertThat(counts.count("plugin", "statements")).as("%s", counts).isPositive();
    }

    @Test
    void shouldAnswerNotFoundForARequestThatWasNotMeasured() throws Exception {
        String id = "unmeasured-" + UUID.randomUUID();
        RunningStore.storefront().get("/");

        Page answer = RunningStore.storefront().get("/bench/request-counts?id=" + id);

        assertThat(answer.status).isEqualTo(404);
    }
}
