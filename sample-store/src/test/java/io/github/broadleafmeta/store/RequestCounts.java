package io.github.broadleafmeta.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the store's bench mode counted for one request (failsafe runs the store with {@code store.bench=true}):
 * send the request after {@code client.benchId(id)}, then {@code RequestCounts.of(id)}.
 * Fields as in {@code io.github.broadleafmeta.store.bench.JdbcCounts}.
 */
final class RequestCounts {

    private static final ObjectMapper JSON = new ObjectMapper();

    final JsonNode json;

    private RequestCounts(JsonNode json) {
        this.json = json;
    }

    static RequestCounts of(String id) throws Exception {
        StoreClient.Page page = RunningStore.storefront().get("/bench/request-counts?id=" + id);
        if (page.status != 200) {
            throw new AssertionError("No counts for request " + id + " (HTTP " + page.status + "): " + page.body);
        }
        return new RequestCounts(JSON.readTree(page.body));
    }

    /** {@code side} is "plugin" or "host"; {@code what} is statements, writes, commits, rollbacks or connections. */
    int count(String side, String what) {
        return json.get(side).get(what).asInt();
    }

    int maxConnectionsHeld() {
        return json.get("maxConnectionsHeld").asInt();
    }

    @Override
    public String toString() {
        return json.toString();
    }
}
