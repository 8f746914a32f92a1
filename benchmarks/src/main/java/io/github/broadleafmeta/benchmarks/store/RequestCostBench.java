package io.github.broadleafmeta.benchmarks.store;

import io.github.broadleafmeta.benchmarks.FakeGraphApi;
import io.github.broadleafmeta.benchmarks.Report;
import io.github.broadleafmeta.benchmarks.store.Journey.Kind;
import io.github.broadleafmeta.benchmarks.store.StoreSession.Bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 14, "deterministic figures per request kind, plugin on vs off": one store (bench mode), every request kind
 * of {@link Journey}, measured by the store's bench filter. JDBC counts (statements, commits, connections borrowed,
 * and what of them the plugin caused) come from journeys with counting on; request-thread CPU, allocated bytes and
 * the plugin's own CPU (the request thread's CPU inside the plugin's entry points, {@code pluginCpuNanos}) from other
 * journeys with counting off (the counting's stack walks cost CPU). OFF and ON alternate in rounds (ABBA) after a
 * warm-up of both. The CPU targets are judged on the plugin's own CPU: the off → on difference of whole requests
 * (tens of ms, ms of noise) cannot resolve a few hundred µs.
 */
public final class RequestCostBench {

    /** Settings of one run. */
    public record Config(Path repo, String storeCpus, boolean postgres, String storeHeap, int warmupJourneys,
            int cpuJourneys, int countJourneys, int rounds, long settleMillis) {
    }

    /** One measured request. */
    record Sample(long cpuNanos, long allocatedBytes, JsonNode counts) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PluginConfig[] CONFIGS = {PluginConfig.OFF, PluginConfig.ON};
    /** The bench filter's fields kept, per round, from the journeys without JDBC counting. */
    private static final String CPU = "cpuNanos";
    private static final String ALLOCATED = "allocatedBytes";
    private static final String PLUGIN_CPU = "pluginCpuNanos";
    private static final String PLUGIN_ENTRIES = "pluginEntries";
    private static final List<String> CLEAN_FIELDS = List.of(CPU, ALLOCATED, PLUGIN_CPU, PLUGIN_ENTRIES);
    /** After a round's clean journeys: the writer lingers 50 ms, the dispatcher polls every 500 ms. */
    private static final long BACKGROUND_SETTLE_MILLIS = 1500;

    private final Config config;
    /** Per configuration, field and request kind: the samples of each round. */
    private final Map<PluginConfig, Map<String, Map<Kind, List<long[]>>>> clean = new EnumMap<>(PluginConfig.class);
    private final Map<PluginConfig, Map<Kind, List<JsonNode>>> counts = new EnumMap<>(PluginConfig.class);
    /** Per configuration, per round: the store's CPU over the round's clean journeys and the settle after them. */
    private final Map<PluginConfig, List<StoreCpu.Reading>> journeyCpu = new EnumMap<>(PluginConfig.class);
    private int cleanJourneysPerRound;
    /** BENCH_PG_STATEMENTS: pg_stat_statements rows of the plugin's tables over the measured rounds. */
    private List<Object[]> pluginStatements = List.of();
    private int onJourneys;
    private final boolean storeCpu = StoreCpu.available();
    private String database = "";
    private JitWarmup.Result warmup;
    private String trace = "";

    public RequestCostBench(Config config) {
        this.config = config;
        for (PluginConfig c : CONFIGS) {
            clean.put(c, new HashMap<>());
            for (String field : CLEAN_FIELDS) {
                clean.get(c).put(field, new EnumMap<>(Kind.class));
                for (Kind k : Kind.values()) {
                    clean.get(c).get(field).put(k, new ArrayList<>());
                }
            }
            journeyCpu.put(c, new ArrayList<>());
            counts.put(c, new EnumMap<>(Kind.class));
            for (Kind k : Kind.values()) {
                counts.get(c).put(k, new ArrayList<>());
            }
        }
    }

    public Report run() throws Exception {
        String tag = Long.toString(System.currentTimeMillis(), 36);
        AtomicLong ids = new AtomicLong();
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (FakeGraphApi graph = FakeGraphApi.start(2);
                HangingEndpoint hanging = new HangingEndpoint()) {
            PluginConfig.Endpoints endpoints = new PluginConfig.Endpoints(graph.baseUrl(),
                    "http://127.0.0.1:" + closedPort, hanging.baseUrl());
            log("starting the store (" + (config.postgres() ? "PostgreSQL" : "HSQLDB") + ", CPUs "
                    + (config.storeCpus().isEmpty() ? "any" : config.storeCpus()) + ")");
            try (StoreUnderTest store = StoreUnderTest.start(config.repo(), config.storeCpus(), config.postgres(),
                    graph.baseUrl(), config.storeHeap())) {
                database = store.database();
                int[] next = {0};
                warmup = JitWarmup.run(store, List.of(CONFIGS), endpoints, config.settleMillis(),
                        config.warmupJourneys(), count -> {
                            for (int i = 0; i < count; i++) {
                                Journey.run(store.siteUrl(), tag, next[0]++, k -> Bench.NONE, (k, p, b) -> { });
                            }
                        });
                log(warmup.describe());
                if (store.profilesStatements()) {
                    store.resetStatementProfile();
                }
                int journey = next[0];
                int cpuPerRound = Math.max(1, config.cpuJourneys() / config.rounds());
                cleanJourneysPerRound = cpuPerRound;
                int countPerRound = Math.max(1, config.countJourneys() / config.rounds());
                for (int round = 0; round < config.rounds(); round++) {
                    boolean offFirst = round % 4 == 0 || round % 4 == 3; // ABBA
                    for (PluginConfig c : offFirst ? CONFIGS : new PluginConfig[] {CONFIGS[1], CONFIGS[0]}) {
                        c.apply(store, endpoints, config.settleMillis());
                        log("round " + (round + 1) + "/" + config.rounds() + ", " + c.label);
                        Map<String, Map<Kind, List<Long>>> measured = new HashMap<>();
                        StoreCpu.Reading cpuBefore = storeCpu ? store.cpu() : null;
                        for (int i = 0; i < cpuPerRound + countPerRound; i++) {
                            boolean countJdbc = i >= cpuPerRound;
                            if (i == cpuPerRound && cpuBefore != null) {
                                // The clean journeys' background work (the writer's batch, the dispatcher's next
                                // cycle) is done well within this wait; the counted journeys come after.
                                Thread.sleep(BACKGROUND_SETTLE_MILLIS);
                                journeyCpu.get(c).add(store.cpu().minus(cpuBefore));
                            }
                            Journey.run(store.siteUrl(), tag, journey++,
                                    k -> new Bench(tag + "-" + ids.incrementAndGet(), countJdbc),
                                    (kind, page, bench) -> {
                                        JsonNode m = JSON.readTree(store.measured(bench.id()));
                                        if (countJdbc) {
                                            counts.get(c).get(kind).add(m);
                                        } else {
                                            addClean(measured, kind, m);
                                        }
                                    });
                        }
                        keepRound(c, measured);
                    }
                }
                if (store.profilesStatements()) {
                    pluginStatements = store.pluginStatements();
                    onJourneys = (cpuPerRound + countPerRound) * config.rounds();
                }
                // One traced journey with the plugin on: every JDBC operation and who it was charged to.
                PluginConfig.ON.apply(store, endpoints, config.settleMillis());
                StringBuilder trace = new StringBuilder();
                Journey.run(store.siteUrl(), tag, journey++, k -> new Bench(tag + "-t" + ids.incrementAndGet(), true,
                        true), (kind, page, bench) -> {
                            trace.append("## ").append(kind.label).append('\n');
                            for (JsonNode line : JSON.readTree(store.measured(bench.id())).path("trace")) {
                                trace.append(line.asText()).append('\n');
                            }
                        });
                this.trace = trace.toString();
            }
        }
        return report();
    }

    /** Adds the kept fields of one request measured without JDBC counting to a round's samples. */
    static void addClean(Map<String, Map<Kind, List<Long>>> round, Kind kind, JsonNode measured) {
        for (String field : CLEAN_FIELDS) {
            round.computeIfAbsent(field, x -> new EnumMap<>(Kind.class)).computeIfAbsent(kind, x -> new ArrayList<>())
                    .add(measured.path(field).asLong(-1));
        }
    }

    /** Keeps one configuration's round of clean samples (see {@link #addClean}). */
    void keepRound(PluginConfig c, Map<String, Map<Kind, List<Long>>> round) {
        for (String field : CLEAN_FIELDS) {
            for (Kind k : Kind.values()) {
                clean.get(c).get(field).get(k).add(toArray(round.getOrDefault(field, Map.of()).get(k)));
            }
        }
    }

    /** One field's samples of the clean journeys, per round. */
    private List<long[]> rounds(PluginConfig c, String field, Kind k) {
        return clean.get(c).get(field).get(k);
    }

    private double median(PluginConfig c, String field, Kind k) {
        return PairedStats.percentile(PairedStats.flatten(rounds(c, field, k)), 50);
    }

    private static long[] toArray(List<Long> values) {
        return values == null ? new long[0] : values.stream().mapToLong(Long::longValue).toArray();
    }

    /** Median over the counted journeys of one count, summed over plugin and host (or one side). */
    private double medianCount(PluginConfig c, Kind k, String side, String what) {
        long[] values = counts.get(c).get(k).stream().mapToLong(m -> side == null
                ? m.get("plugin").get(what).asLong() + m.get("host").get(what).asLong()
                : m.get(side).get(what).asLong()).toArray();
        return PairedStats.percentile(values, 50);
    }

    private double medianHeld(PluginConfig c, Kind k) {
        return PairedStats.percentile(counts.get(c).get(k).stream().mapToLong(m -> m.get("maxConnectionsHeld")
                .asLong()).toArray(), 50);
    }

    Report report() {
        Report report = new Report("request-cost", "Per-request cost, plugin off vs on (bench-mode counts, "
                + "request-thread CPU and allocation, the plugin's own CPU)");
        report.note("Store: " + database + ", in its own JVM (bench mode), CPUs "
                + (config.storeCpus().isEmpty() ? "not pinned" : config.storeCpus()) + "; the Graph API a local "
                + "stand-in. Counts: median over " + config.countJourneys() + " journeys per configuration with "
                + "JDBC counting on (each operation is the plugin's when a plugin frame is on the request thread's "
                + "stack, else the host's). CPU and allocation: the request thread's, from ThreadMXBean in the "
                + "store's bench filter, medians over " + config.cpuJourneys() + " journeys per configuration "
                + "without JDBC counting, in " + config.rounds() + " ABBA rounds after "
                + (warmup == null ? "no warm-up" : warmup.describe())
                + "; Δ CPU interval = bootstrap 95% over rounds of the paired median "
                + "difference. statements / commits / connections are all of the request's (plugin + host).");
        report.note("Plugin CPU: the request thread's CPU time inside the plugin's code, measured at its entry "
                + "points (PluginCpuMeter: the workflow activities, the registration observer, the advice on "
                + "OrderService.cancelOrder and the transaction callbacks the plugin registers, the server-copy "
                + "writer and its end-of-request hand-off, BroadleafMetaTracker.track, OrderRequestAttributes.store, BroadleafPageEvents, the plugin's handler "
                + "mappings and handlers, the theme's tags, AjaxEventsJson.merge; nested entries count once), "
                + "reported by the bench filter as pluginCpuNanos in the same journeys without JDBC counting; "
                + "median with a bootstrap 95% interval that resamples rounds, then each round's samples. The CPU "
                + "targets are judged on this figure, not on the off → on Δ of whole requests (tens of ms with ms of "
                + "noise, kept for the total effect): met when the interval's high end is at or under the target, "
                + "missed when its low end is above it, else inconclusive. Each entry adds about one clock read of "
                + "its own, so the figure errs high. Plugin off, the hooks return at once: its figure should be "
                + "about 0, and shows any work that leaks into the off configuration.");
        List<List<String>> rows = new ArrayList<>();
        List<List<String>> targets = new ArrayList<>();
        for (Kind k : Kind.values()) {
            PluginConfig off = PluginConfig.OFF;
            PluginConfig on = PluginConfig.ON;
            PairedStats.Interval dCpu = PairedStats.difference(rounds(off, CPU, k), rounds(on, CPU, k), 50, 2000,
                    k.ordinal());
            PairedStats.Interval pluginCpu = PairedStats.percentileInterval(rounds(on, PLUGIN_CPU, k), 50, 2000,
                    100 + k.ordinal());
            long[] pluginCpuSamples = PairedStats.flatten(rounds(on, PLUGIN_CPU, k));
            // -1: the store's JVM cannot read thread CPU time.
            boolean pluginCpuMeasured = pluginCpuSamples.length > 0
                    && Arrays.stream(pluginCpuSamples).allMatch(v -> v >= 0);
            double allocOff = median(off, ALLOCATED, k) / 1024.0;
            double allocOn = median(on, ALLOCATED, k) / 1024.0;
            rows.add(List.of(k.label,
                    pair(medianCount(off, k, null, "statements"), medianCount(on, k, null, "statements")),
                    f0(medianCount(on, k, "plugin", "statements")),
                    pair(medianCount(off, k, null, "commits"), medianCount(on, k, null, "commits")),
                    f0(medianCount(on, k, "plugin", "commits")),
                    pair(medianCount(off, k, null, "connections"), medianCount(on, k, null, "connections")),
                    f0(medianCount(on, k, "plugin", "connections")),
                    pair(medianHeld(off, k), medianHeld(on, k)),
                    String.format(Locale.ROOT, "%.0f → %.0f", median(off, CPU, k) / 1000, median(on, CPU, k) / 1000),
                    String.format(Locale.ROOT, "%+.0f [%+.0f, %+.0f]", dCpu.estimate() / 1000, dCpu.low() / 1000,
                            dCpu.high() / 1000),
                    String.format(Locale.ROOT, "%.0f → %.0f (%+.0f)", allocOff, allocOn, allocOn - allocOff),
                    String.format(Locale.ROOT, "%.0f", median(off, PLUGIN_CPU, k) / 1000),
                    pluginCpuMeasured ? micros(pluginCpu) : "not measured",
                    pair(median(off, PLUGIN_ENTRIES, k), median(on, PLUGIN_ENTRIES, k))));
            double extraCommits = medianCount(on, k, null, "commits") - medianCount(off, k, null, "commits");
            double extraConnections = medianCount(on, k, null, "connections")
                    - medianCount(off, k, null, "connections");
            long target = k == Kind.CHECKOUT_SUBMIT ? 200 : k == Kind.ADD_TO_CART ? 100 : 0;
            String cpuTarget = target == 0 ? "-"
                    : "≤ " + target + " µs: " + (pluginCpuMeasured ? pluginCpu.verdict(target * 1000.0)
                            + " (" + micros(pluginCpu) + ")" : "not measured (no thread CPU time in the store's JVM)");
            targets.add(List.of(k.label, String.format(Locale.ROOT, "%+.0f", extraCommits)
                    + (extraCommits <= 0 ? " (met)" : " (missed)"),
                    String.format(Locale.ROOT, "%+.0f", extraConnections) + (extraConnections <= 0 ? " (met)"
                            : " (missed)"), cpuTarget));
        }
        report.table("costs", "Per request kind: off → on (medians)", List.of("request", "statements off → on",
                "of which plugin", "commits off → on", "of which plugin", "connections off → on", "of which plugin",
                "most held at once off → on", "CPU µs off → on", "Δ CPU µs [95% CI]", "allocated KiB off → on",
                "plugin CPU µs off", "plugin CPU µs on (inside the plugin's code) median [95% CI]",
                "plugin entries off → on"), rows);
        report.table("targets", "Issue 14 targets (0 extra commits, 0 extra connections; plugin CPU per request, "
                + "measured inside the plugin's code)", List.of("request", "extra commits", "extra connections",
                "plugin CPU (inside the plugin's code, median [95% CI])"), targets);
        if (!journeyCpu.get(PluginConfig.ON).isEmpty()) {
            report.note("CPU per journey on the store's CPU: every thread of the store's JVM (request threads, the "
                    + "plugin's background threads, Jetty, GC; the JIT compiler threads apart: how much they compile "
                    + "depends on the warm-up, not on the request) and every process of its database server, read "
                    + "from Linux's per-thread schedstat over a round's " + cleanJourneysPerRound + " clean journeys "
                    + "and the " + BACKGROUND_SETTLE_MILLIS + " ms after them (so each journey's background work "
                    + "is in), divided by the journeys; median over rounds, Δ interval = bootstrap 95% over the "
                    + "paired rounds. Where the wall-clock overhead of a request is more than its own thread's CPU, "
                    + "this says whether the rest is CPU the plugin spends elsewhere on the store's CPU.");
            report.table("journeyCpu", "CPU per journey on the store's CPU, ms, off → on", List.of("where",
                    "off", "on", "Δ [95% CI]"), journeyCpuRows());
        }
        if (!pluginStatements.isEmpty()) {
            report.note("The plugin's statements in the database (BENCH_PG_STATEMENTS: pg_stat_statements over the "
                    + "measured rounds, statements whose text names a META_ table; execution time only, without "
                    + "parse, plan, commit and network), per plugin-on journey (" + onJourneys + "; the rows "
                    + "written in the off rounds' settle are in too).");
            report.table("pluginStatements", "The plugin's statements in PostgreSQL, per plugin-on journey",
                    List.of("statement", "calls", "execution ms", "rows per call"), pluginStatementRows());
        }
        report.data("config", config.toString());
        report.data("traceOfOneJourneyPluginOn", trace.split("\n"));
        return report;
    }

    /** Rows of the statement profile: the total, then the 15 statements with the most execution time. */
    private List<List<String>> pluginStatementRows() {
        List<List<String>> rows = new ArrayList<>();
        double totalMs = 0;
        for (Object[] r : pluginStatements) {
            totalMs += (Double) r[1];
        }
        rows.add(List.of("all " + pluginStatements.size() + " statements", "", String.format(Locale.ROOT,
                "%.3f", totalMs / onJourneys), ""));
        for (Object[] r : pluginStatements.subList(0, Math.min(15, pluginStatements.size()))) {
            long calls = (Long) r[0];
            String sql = ((String) r[3]).replaceAll("\\s+", " ").replace("|", "/");
            rows.add(List.of(sql.length() > 110 ? sql.substring(0, 110) + "…" : sql,
                    String.format(Locale.ROOT, "%.2f", calls / (double) onJourneys),
                    String.format(Locale.ROOT, "%.3f", (Double) r[1] / onJourneys),
                    String.format(Locale.ROOT, "%.1f", calls == 0 ? 0 : (Long) r[2] / (double) calls)));
        }
        return rows;
    }

    /** Rows of the per-journey CPU table: store JVM, of which the plugin's threads, database, store + database. */
    private List<List<String>> journeyCpuRows() {
        List<List<String>> rows = new ArrayList<>();
        String[] names = {"store JVM, all threads but the JIT compilers", "of which the plugin's background threads",
                "database server", "store JVM (but the JIT compilers) + database server", "the JIT compiler threads"};
        for (int which = 0; which < names.length; which++) {
            List<long[]> off = perJourney(PluginConfig.OFF, which);
            List<long[]> on = perJourney(PluginConfig.ON, which);
            if (off.isEmpty() || off.get(0)[0] < 0) {
                continue;
            }
            PairedStats.Interval d = PairedStats.difference(off, on, 50, 2000, 300 + which);
            rows.add(List.of(names[which], String.format(Locale.ROOT, "%.2f", median(off) / 1e6),
                    String.format(Locale.ROOT, "%.2f", median(on) / 1e6), String.format(Locale.ROOT,
                            "%+.2f [%+.2f, %+.2f]", d.estimate() / 1e6, d.low() / 1e6, d.high() / 1e6)));
        }
        return rows;
    }

    /** Per round, one value: ns per clean journey of one part (0 store, 1 plugin, 2 database, 3 both, 4 JIT). */
    private List<long[]> perJourney(PluginConfig c, int which) {
        List<long[]> rounds = new ArrayList<>();
        for (StoreCpu.Reading r : journeyCpu.get(c)) {
            long ns = which == 0 ? r.store() : which == 1 ? r.pluginThreads() : which == 2 ? r.database()
                    : which == 4 ? r.jit() : r.database() < 0 ? -1 : r.store() + r.database();
            rounds.add(new long[] {ns < 0 ? -1 : ns / cleanJourneysPerRound});
        }
        return rounds;
    }

    private static double median(List<long[]> rounds) {
        return PairedStats.percentile(PairedStats.flatten(rounds), 50);
    }

    /** A CPU interval in ns as "median [low, high]" µs. */
    private static String micros(PairedStats.Interval interval) {
        return String.format(Locale.ROOT, "%.0f [%.0f, %.0f]", interval.estimate() / 1000, interval.low() / 1000,
                interval.high() / 1000);
    }

    private static String pair(double off, double on) {
        return f0(off) + " → " + f0(on);
    }

    private static String f0(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }

    static void log(String s) {
        System.err.println("bench: " + s);
    }
}
