package io.github.broadleafmeta.benchmarks.store;

import io.github.broadleafmeta.benchmarks.FakeGraphApi;
import io.github.broadleafmeta.benchmarks.Report;
import io.github.broadleafmeta.benchmarks.store.Journey.Kind;
import io.github.broadleafmeta.benchmarks.store.StoreSession.Bench;

import org.HdrHistogram.Histogram;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Issue 14's wall-clock measurement. This driver is its own JVM (bench.sh pins it with {@code taskset -c 1}); it
 * boots the store {@code boots} times in a separate JVM pinned to other CPUs, and in each boot runs {@code rounds}
 * short rounds; a round measures every configuration (plugin off, on, on with the Graph API down, hanging) in a
 * random order, {@code journeys} journeys each, timing every request of {@link Journey} on the client. Latencies go
 * into HdrHistograms; the overhead of a configuration is its median (p99) minus the OFF median (p99), with a
 * bootstrap 95% interval that resamples whole rounds, so each round's OFF and ON stay paired. A target is met only
 * when the whole interval is under it, missed when the whole interval is above, otherwise inconclusive.
 */
public final class WallClockBench {

    /** Settings of one run. */
    public record Config(Path repo, String storeCpus, boolean postgres, String storeHeap, int boots, int rounds,
            int journeys, int warmupJourneys, List<PluginConfig> configs, long settleMillis, long seed,
            int resamples) {
    }

    static final double MEDIAN_TARGET_MS = 0.5;
    static final double P99_TARGET_MS = 5.0;

    private final Config config;
    /** configuration → kind → per global round, that round's latencies (ns). */
    private final Map<PluginConfig, Map<Kind, List<long[]>>> samples = new EnumMap<>(PluginConfig.class);
    private String database = "";
    private final List<JitWarmup.Result> warmups = new ArrayList<>();
    private long measuredCompileMillis;
    private long measuredMillis;

    public WallClockBench(Config config) {
        if (!config.configs().contains(PluginConfig.OFF)) {
            throw new IllegalArgumentException("the OFF baseline must be measured");
        }
        this.config = config;
        for (PluginConfig c : config.configs()) {
            samples.put(c, new EnumMap<>(Kind.class));
            for (Kind k : Kind.values()) {
                samples.get(c).put(k, new ArrayList<>());
            }
        }
    }

    public Report run() throws Exception {
        Random order = new Random(config.seed());
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (FakeGraphApi graph = FakeGraphApi.start(2); HangingEndpoint hanging = new HangingEndpoint()) {
            PluginConfig.Endpoints endpoints = new PluginConfig.Endpoints(graph.baseUrl(),
                    "http://127.0.0.1:" + closedPort, hanging.baseUrl());
            for (int boot = 0; boot < config.boots(); boot++) {
                String tag = Long.toString(System.currentTimeMillis(), 36) + "b" + boot;
                log("boot " + (boot + 1) + "/" + config.boots() + ": starting the store");
                try (StoreUnderTest store = StoreUnderTest.start(config.repo(), config.storeCpus(),
                        config.postgres(), graph.baseUrl(), config.storeHeap())) {
                    database = store.database();
                    int[] journey = {0};
                    JitWarmup.Result warm = JitWarmup.run(store, config.configs(), endpoints, config.settleMillis(),
                            config.warmupJourneys(), count -> {
                                for (int i = 0; i < count; i++) {
                                    Journey.run(store.siteUrl(), tag, journey[0]++, k -> Bench.NONE, (k, p, b) -> { });
                                }
                            });
                    warmups.add(warm);
                    log("boot " + (boot + 1) + ": " + warm.describe());
                    long compiledBefore = store.compilationMillis();
                    long roundsStart = System.nanoTime();
                    for (int round = 0; round < config.rounds(); round++) {
                        List<PluginConfig> shuffled = new ArrayList<>(config.configs());
                        Collections.shuffle(shuffled, order);
                        log("boot " + (boot + 1) + " round " + (round + 1) + "/" + config.rounds() + ": " + shuffled);
                        for (PluginConfig c : shuffled) {
                            c.apply(store, endpoints, config.settleMillis());
                            Map<Kind, List<Long>> roundSamples = new EnumMap<>(Kind.class);
                            for (int i = 0; i < config.journeys(); i++) {
                                Journey.run(store.siteUrl(), tag, journey[0]++, k -> Bench.NONE, (kind, page, b) ->
                                        roundSamples.computeIfAbsent(kind, x -> new ArrayList<>()).add(page.nanos));
                            }
                            for (Kind k : Kind.values()) {
                                samples.get(c).get(k).add(roundSamples.getOrDefault(k, List.of()).stream()
                                        .mapToLong(Long::longValue).toArray());
                            }
                        }
                    }
                    measuredCompileMillis += store.compilationMillis() - compiledBefore;
                    measuredMillis += (System.nanoTime() - roundsStart) / 1_000_000;
                    PluginConfig.ON.apply(store, endpoints, 0);
                }
            }
        }
        return report();
    }

    static Histogram histogram(List<long[]> rounds) {
        Histogram h = new Histogram(3_600_000_000_000L, 3);
        for (long[] round : rounds) {
            for (long v : round) {
                h.recordValue(Math.max(1, v));
            }
        }
        return h;
    }

    Report report() {
        Report report = new Report("request-wallclock", "Storefront wall-clock latency, plugin off vs on "
                + "(paired rounds, bootstrap intervals)");
        int totalRounds = config.boots() * config.rounds();
        report.note("Store: " + database + ", its own JVM on CPUs " + (config.storeCpus().isEmpty() ? "(not pinned)"
                : config.storeCpus()) + "; this driver in another JVM (bench.sh: taskset -c 1), sequential requests "
                + "over loopback, timed on the client. " + config.boots() + " boots × " + config.rounds() + " rounds = "
                + totalRounds + " rounds per configuration; each round measures every configuration in a random order"
                + " (seed " + config.seed() + "), " + config.journeys() + " journey(s) each, after switching the "
                + "plugin and waiting " + config.settleMillis() + " ms; warm-up per boot: " + describe(warmups)
                + "; JIT compilation during the measured rounds: " + measuredCompileMillis + " ms in "
                + measuredMillis + " ms (" + JitWarmup.percent(measuredMillis == 0 ? 0
                        : (double) measuredCompileMillis / measuredMillis) + "). "
                + "Latency percentiles: HdrHistogram (3 significant digits). "
                + "Overhead = configuration − OFF; [95% CI] = bootstrap over whole rounds (" + config.resamples()
                + " resamples), paired by round. Targets: median overhead ≤ " + MEDIAN_TARGET_MS + " ms, p99 ≤ "
                + P99_TARGET_MS + " ms; a target is met only when the interval lies under it, missed when above, "
                + "else inconclusive.");
        List<List<String>> latency = new ArrayList<>();
        for (Kind k : Kind.values()) {
            for (PluginConfig c : config.configs()) {
                Histogram h = histogram(samples.get(c).get(k));
                latency.add(List.of(k.label, c.label, Long.toString(h.getTotalCount()),
                        ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)),
                        ms(h.getValueAtPercentile(99)), ms(h.getMaxValue())));
            }
        }
        report.table("latency", "Latency per request kind and configuration (ms)",
                List.of("request", "configuration", "n", "median", "p90", "p99", "max"), latency);
        List<List<String>> overhead = new ArrayList<>();
        for (PluginConfig c : config.configs()) {
            if (c == PluginConfig.OFF) {
                continue;
            }
            for (Kind k : Kind.values()) {
                List<long[]> off = samples.get(PluginConfig.OFF).get(k);
                List<long[]> on = samples.get(c).get(k);
                long seed = config.seed() * 31 + c.ordinal() * 101 + k.ordinal();
                PairedStats.Interval median = PairedStats.difference(off, on, 50, config.resamples(), seed);
                PairedStats.Interval p99 = PairedStats.difference(off, on, 99, config.resamples(), seed + 7);
                overhead.add(List.of(c.label, k.label, interval(median), median.verdict(MEDIAN_TARGET_MS * 1e6),
                        interval(p99), p99.verdict(P99_TARGET_MS * 1e6)));
            }
        }
        report.table("overhead", "Overhead vs plugin off, ms (paired bootstrap 95% CI) and verdicts",
                List.of("configuration", "request", "median Δ [95% CI]", "median ≤ 0.5 ms", "p99 Δ [95% CI]",
                        "p99 ≤ 5 ms"), overhead);
        if (config.journeys() * totalRounds < 100) {
            report.note("Note: " + config.journeys() * totalRounds + " samples per configuration and request kind;"
                    + " a p99 from fewer than 100 samples is the maximum or near it.");
        }
        report.data("config", config.toString());
        return report;
    }

    static String describe(List<JitWarmup.Result> warmups) {
        List<String> each = new ArrayList<>();
        for (JitWarmup.Result w : warmups) {
            each.add(w.describe());
        }
        return String.join("; ", each);
    }

    private static String ms(double nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1e6);
    }

    private static String interval(PairedStats.Interval i) {
        return String.format(Locale.ROOT, "%+.2f [%+.2f, %+.2f]", i.estimate() / 1e6, i.low() / 1e6,
                i.high() / 1e6);
    }

    static void log(String s) {
        System.err.println("bench: " + s);
    }
}
