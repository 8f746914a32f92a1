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
        assertThat(counts.json.get("cpuNanos").asLong()).as("request thread CPU").isPositive();
        assertThat(counts.json.get("allocatedBytes").asLong()).as("request thread allocation").isPositive();
        assertThat(counts.count("host", "statements")).as("%s", counts).isPositive();
        assertThat(counts.count("host", "writes")).as("the cart's rows; %s", counts).isPositive();
        assertThat(counts.count("host", "connections")).as("%s", counts).isPositive();
        assertThat(counts.count("host", "commits")).as("%s", counts).isPositive();
        // The plugin records AddToCart on the request thread (outbox write or settings read): its frames are there.
        assertThat(counts.count("plugin", "statements")).as("%s", counts).isPositive();
        // With JDBC counting on, the plugin's CPU is reported too (its counting's stack walks included).
        assertThat(counts.json.get("pluginCpuNanos").asLong()).as("%s", counts).isPositive();
        assertThat(counts.json.get("pluginEntries").asLong()).as("%s", counts).isPositive();
    }

    @Test
    void shouldMeasureThePluginsOwnCpuOfAnAddToCartInsideTheRequestsCpu() throws Exception {
        Shopper guest = new Shopper(RunningStore.storefront());
        Page product = guest.client.get("/gear/french-press");
        String id = "plugin-cpu-" + UUID.randomUUID();

        Page added = guest.client.benchId(id).benchJdbcOff()
                .submit(product.one("form[data-test=add-to-cart]"), Map.of("quantity", "1"));

        assertThat(added.isRedirect()).isTrue();
        RequestCounts counts = RequestCounts.of(id);
        long pluginCpu = counts.json.get("pluginCpuNanos").asLong();
        // The AddToCart activity ran on the request thread: entered at least once, and it cost CPU.
        assertThat(counts.json.get("pluginEntries").asLong()).as("%s", counts).isPositive();
        assertThat(pluginCpu).as("%s", counts).isPositive();
        assertThat(pluginCpu).as("a part of the request's CPU; %s", counts)
                .isLessThanOrEqualTo(counts.json.get("cpuNanos").asLong());
    }

    @Test
    void shouldReportNoPluginEntryForARequestThePluginNeverSees() throws Exception {
        String id = "no-plugin-" + UUID.randomUUID();
        StoreClient guest = RunningStore.storefront();
        for (int i = 0; i < 10; i++) {
            // Pages that enter the plugin, served by the pool's threads before: what they metered is not counted
            // for the next request a thread serves.
            assertThat(guest.get("/").status).isEqualTo(200);
        }

        // A guest's account page: Spring Security redirects to the login page before the DispatcherServlet, so
        // neither the plugin's handler mappings nor its tags or hooks run.
        Page account = guest.benchId(id).benchJdbcOff().get("/account");

        assertThat(account.isRedirect()).as("HTTP %s", account.status).isTrue();
        assertThat(account.location()).contains("/login");
        RequestCounts counts = RequestCounts.of(id);
        assertThat(counts.json.get("pluginEntries").asLong()).as("%s", counts).isZero();
        assertThat(counts.json.get("pluginCpuNanos").asLong()).as("%s", counts).isZero();
        assertThat(counts.json.get("cpuNanos").asLong()).as("%s", counts).isPositive();
    }

    @Test
    void shouldMeasureCpuWithoutJdbcCountsWhenAskedToSkipThem() throws Exception {
        String id = "cpu-" + UUID.randomUUID();
        Page home = RunningStore.storefront().benchId(id).benchJdbcOff().get("/");

        assertThat(home.status).isEqualTo(200);
        RequestCounts counts = RequestCounts.of(id);
        assertThat(counts.json.get("cpuNanos").asLong()).isPositive();
        assertThat(counts.json.has("host")).as("%s", counts).isFalse();
    }

    @Test
    void shouldSetAMetaSystemPropertyOfTheStoreJvmFromLoopback() throws Exception {
        String name = "meta.bench.probe";
        String value = UUID.randomUUID().toString();

        Page set = RunningStore.storefront().post("/bench/property?name=" + name + "&value=" + value, Map.of());
        Page refused = RunningStore.storefront().post("/bench/property?name=java.home&value=x", Map.of());

        assertThat(set.status).isEqualTo(204);
        assertThat(System.getProperty(name)).as("the store runs in this JVM").isEqualTo(value);
        assertThat(refused.status).isEqualTo(400);
        assertThat(System.getProperty("java.home")).isNotEqualTo("x");
        System.clearProperty(name);
    }

    @Test
    void shouldReportTheJitCompilationTimeOfTheStoreJvm() throws Exception {
        long before = java.lang.management.ManagementFactory.getCompilationMXBean().getTotalCompilationTime();

        Page answer = RunningStore.storefront().get("/bench/jit");

        assertThat(answer.status).isEqualTo(200);
        long reported = new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer.body)
                .get("compilationMillis").asLong();
        // The store runs in this JVM: its compilers' total so far, never less than what was read before.
        assertThat(reported).isGreaterThanOrEqualTo(before).isPositive();
    }

    @Test
    void shouldAnswerNotFoundForARequestThatWasNotMeasured() throws Exception {
        String id = "unmeasured-" + UUID.randomUUID();
        RunningStore.storefront().get("/");

        Page answer = RunningStore.storefront().get("/bench/request-counts?id=" + id);

        assertThat(answer.status).isEqualTo(404);
    }
}
