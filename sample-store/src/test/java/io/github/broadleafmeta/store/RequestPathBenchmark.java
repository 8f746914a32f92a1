package io.github.broadleafmeta.store;

import io.github.broadleafmeta.store.StoreClient.Page;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * Benchmark (issue 7, item 1), not a test: what the plugin adds to the storefront's request path. One store, one
 * run: add-to-cart and checkout-submit latency with the plugin disabled, enabled, enabled with the Graph API down
 * (connection refused) and enabled with it hanging 10 s per request. Configurations alternate in rounds so drift
 * hits all of them alike. Prints nothing it asserts; run it with {@code ./bench.sh request-path}.
 */
class RequestPathBenchmark {

    private static final String[] PRODUCTS = {"/beans/ethiopia-yirgacheffe", "/beans/colombia-huila",
        "/beans/sumatra-mandheling", "/beans/house-espresso", "/beans/decaf-swiss-water", "/beans/kenya-aa",
        "/gear/pour-over-dripper", "/gear/hand-burr-grinder", "/gear/gooseneck-kettle", "/gear/french-press",
        "/gifts/tasting-flight", "/gifts/barista-starter-kit"};

    private final int perConfig = Integer.getInteger("bench.requests", 500);
    private final int rounds = Integer.getInteger("bench.rounds", 5);
    private final int warmup = Integer.getInteger("bench.warmup", 100);

    enum Config { DISABLED, ENABLED, GRAPH_DOWN, GRAPH_HANGING }

    /** Per configuration: what the dispatcher had to do in the background while it was measured. */
    private static final class Background {
        long backlogAtStart;
        long graphRequests;
    }

    @Test
    void measure() throws Exception {
        RunningStore.get();
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        List<Config> configs = configs();
        Map<Config, List<Long>> add = new LinkedHashMap<>();
        Map<Config, List<Long>> checkout = new LinkedHashMap<>();
        Map<Config, Background> background = new LinkedHashMap<>();
        for (Config c : configs) {
            add.put(c, new ArrayList<>());
            checkout.put(c, new ArrayList<>());
            background.put(c, new Background());
        }
        apply(Config.ENABLED, closedPort);
        runRound(warmup, new ArrayList<>(), new ArrayList<>());
        int perRound = Math.max(1, perConfig / rounds);
        for (int round = 0; round < rounds; round++) {
            for (Config c : configs) {
                apply(c, closedPort);
                background.get(c).backlogAtStart += backlog();
                runRound(perRound, add.get(c), checkout.get(c));
                background.get(c).graphRequests += RunningStore.graphApi().getAllServeEvents().size();
            }
        }
        apply(Config.ENABLED, closedPort);
        report(add, checkout, background);
    }

    /** {@code -Dbench.configs=ENABLED,GRAPH_DOWN} measures some configurations; DISABLED, the baseline, always runs. */
    private static List<Config> configs() {
        String wanted = System.getProperty("bench.configs", "").trim();
        List<String> names = Arrays.asList(wanted.toUpperCase(Locale.ROOT).split("\\s*,\\s*"));
        List<Config> configs = new ArrayList<>();
        configs.add(Config.DISABLED);
        for (Config c : Config.values()) {
            if (c != Config.DISABLED && (wanted.isEmpty() || names.contains(c.name()))) {
                configs.add(c);
            }
        }
        if (configs.size() == 1 && !wanted.isEmpty()) {
            throw new IllegalArgumentException("bench.configs names no configuration of "
                    + Arrays.toString(Config.values()) + ": " + wanted);
        }
        return configs;
    }

    /** Outbox rows waiting to be delivered (the dispatcher's work left over from earlier rounds). */
    private static long backlog() throws Exception {
        try (Connection c = RunningStore.database();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT COUNT(*) FROM META_EVENT_OUTBOX WHERE status IN ('PENDING','IN_FLIGHT')")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void apply(Config config, int closedPort) throws Exception {
        RunningStore.acceptEvents();
        MetaSettingsFixture.clear("meta.pixel.enabled");
        // The Graph API URL is environment-only: the in-process store reads the system property at every resolve.
        System.setProperty("meta.capi.graphUrl", RunningStore.graphApi().baseUrl());
        switch (config) {
            case DISABLED:
                MetaSettingsFixture.save(Map.of("meta.pixel.enabled", "false"));
                break;
            case GRAPH_DOWN:
                System.setProperty("meta.capi.graphUrl", "http://127.0.0.1:" + closedPort);
                break;
            case GRAPH_HANGING:
                RunningStore.graphApi().stubFor(post(urlPathMatching("/v[0-9.]+/[0-9]+/events")).atPriority(1)
                        .willReturn(aResponse().withFixedDelay(10_000).withStatus(200)
                                .withBody("{\"events_received\":1}")));
                break;
            default:
                break;
        }
        Thread.sleep(3_500); // settings snapshots expire
    }

    private void runRound(int n, List<Long> addNanos, List<Long> checkoutNanos) throws Exception {
        StoreClient client = null;
        for (int i = 0; i < n; i++) {
            if (i % 10 == 0) {
                client = RunningStore.storefront();
            }
            addNanos.add(timedAdd(client, PRODUCTS[i % PRODUCTS.length]));
        }
        for (int i = 0; i < n; i++) {
            StoreClient shopper = RunningStore.storefront();
            timedAdd(shopper, PRODUCTS[i % PRODUCTS.length]);
            Page form = shopper.get("/checkout");
            Map<String, String> details = Shopper.address("bench" + i + "@example.com", "Bench", "Mark");
            long start = System.nanoTime();
            Page placed = shopper.submit(form.one("form[data-test=checkout]"), details);
            checkoutNanos.add(System.nanoTime() - start);
            if (!placed.isRedirect() || !placed.location().contains("/confirmation/")) {
                throw new IllegalStateException("checkout failed during the benchmark: HTTP " + placed.status);
            }
        }
    }

    private static long timedAdd(StoreClient client, String productPath) throws Exception {
        Page product = client.get(productPath);
        long start = System.nanoTime();
        Page added = client.submit(product.one("form[data-test=add-to-cart]"), Map.of("quantity", "1"));
        long elapsed = System.nanoTime() - start;
        if (!added.isRedirect()) {
            throw new IllegalStateException("add to cart failed during the benchmark: HTTP " + added.status);
        }
        return elapsed;
    }

    private static void report(Map<Config, List<Long>> add, Map<Config, List<Long>> checkout,
            Map<Config, Background> background) throws Exception {
        StringBuilder md = new StringBuilder();
        md.append("# Request-path overhead (").append(Instant.now()).append(")\n\n");
        md.append("Sequential requests over loopback to one store; milliseconds; overhead = configuration minus "
                + "DISABLED in the same run.\n\n");
        md.append("| configuration | add-to-cart n | median | p99 | checkout n | median | p99 "
                + "| add overhead median / p99 | checkout overhead median / p99 |\n");
        md.append("|---|---|---|---|---|---|---|---|---|\n");
        double addBaseMedian = percentile(add.get(Config.DISABLED), 50);
        double addBaseP99 = percentile(add.get(Config.DISABLED), 99);
        double coBaseMedian = percentile(checkout.get(Config.DISABLED), 50);
        double coBaseP99 = percentile(checkout.get(Config.DISABLED), 99);
        for (Config c : add.keySet()) {
            double am = percentile(add.get(c), 50);
            double a99 = percentile(add.get(c), 99);
            double cm = percentile(checkout.get(c), 50);
            double c99 = percentile(checkout.get(c), 99);
            md.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f | %d | %.2f | %.2f | %+.2f / %+.2f | %+.2f / %+.2f |%n",
                    c, add.get(c).size(), am, a99, checkout.get(c).size(), cm, c99,
                    am - addBaseMedian, a99 - addBaseP99, cm - coBaseMedian, c99 - coBaseP99));
        }
        md.append("\nBackground work of the dispatcher in the same JVM while each configuration was measured "
                + "(summed over its rounds): rows pending or in flight when its rounds started, and requests the "
                + "Graph API stub logged during them.\n\n"
                + "| configuration | backlog at round starts | Graph API requests |\n|---|---|---|\n");
        for (Map.Entry<Config, Background> e : background.entrySet()) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %d |%n", e.getKey(), e.getValue().backlogAtStart,
                    e.getValue().graphRequests));
        }
        md.append(String.format(Locale.ROOT, "%nMachine: %d cores, load average %s, JDK %s.%n",
                Runtime.getRuntime().availableProcessors(), loadAverage(), System.getProperty("java.version")));
        File out = new File(System.getProperty("bench.out", "../bench-results"));
        out.mkdirs();
        Files.writeString(new File(out, "request-path-latest.md").toPath(), md.toString(), StandardCharsets.UTF_8);
        System.out.println(md);
    }

    private static String loadAverage() {
        try {
            return Files.readString(new File("/proc/loadavg").toPath()).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }

    static double percentile(List<Long> nanos, double p) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1_000_000.0;
    }
}
