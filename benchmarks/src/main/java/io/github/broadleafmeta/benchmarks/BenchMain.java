package io.github.broadleafmeta.benchmarks;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Entry point of {@code ./bench.sh}: {@code hashing}, {@code throughput}, {@code scale}, {@code drain},
 * {@code request-cost}, {@code request-wallclock}, {@code attribute-load}, {@code event-insert}. Settings come from
 * system properties (bench.sh maps its environment variables onto them); results go to {@code bench.out}
 * (default {@code bench-results}).
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: BenchMain hashing|throughput|scale|drain|request-cost|request-wallclock"
                    + "|attribute-load|event-insert");
            System.exit(64);
        }
        Path out = Paths.get(System.getProperty("bench.out", "bench-results"));
        int rc;
        switch (args[0]) {
            case "hashing":
                rc = hashing(out);
                break;
            case "throughput":
                rc = throughput(out);
                break;
            case "scale":
                rc = scale(out);
                break;
            case "drain":
                rc = drain(out);
                break;
            case "request-cost":
                rc = requestCost(out);
                break;
            case "request-wallclock":
                rc = requestWallclock(out);
                break;
            case "attribute-load":
                rc = attributeLoad(out);
                break;
            case "event-insert":
                rc = eventInsert(out);
                break;
            default:
                System.err.println("unknown benchmark " + args[0]);
                rc = 64;
        }
        // The SDK's OkHttp pool and Broadleaf-free daemon threads must not keep the JVM alive.
        System.exit(rc);
    }

    static int intProp(String key, int def) {
        return Integer.parseInt(System.getProperty(key, Integer.toString(def)).replace("_", "").trim());
    }

    // ------------------------------------------------------------------------------------------------ hashing

    static int hashing(Path out) throws Exception {
        ChainedOptionsBuilder opts = new OptionsBuilder()
                .include(HashingBenchmark.class.getName() + "\\.")
                .warmupIterations(intProp("bench.jmh.warmup", 3))
                .warmupTime(TimeValue.seconds(intProp("bench.jmh.seconds", 1)))
                .measurementIterations(intProp("bench.jmh.iterations", 5))
                .measurementTime(TimeValue.seconds(intProp("bench.jmh.seconds", 1)))
                .forks(intProp("bench.jmh.forks", 1))
                .threads(1)
                .jvmArgsAppend("-Xmx512m")
                .shouldFailOnError(true);
        Collection<RunResult> results = new Runner(opts.build()).run();
        Map<String, double[]> scores = new LinkedHashMap<>();
        for (RunResult r : results) {
            String method = r.getParams().getBenchmark();
            method = method.substring(method.lastIndexOf('.') + 1);
            scores.put(method, new double[] {r.getPrimaryResult().getScore(),
                r.getPrimaryResult().getScoreError(), r.getPrimaryResult().getSampleCount()});
        }
        Report report = new Report("hashing", "Hashing and event JSON: ours vs Meta's Java Business SDK (JMH)");
        report.note("JMH " + jmhVersion() + ", average time per operation, 1 thread, "
                + intProp("bench.jmh.forks", 1) + " fork(s), " + intProp("bench.jmh.warmup", 3) + " warm-up + "
                + intProp("bench.jmh.iterations", 5) + " measured iterations of " + intProp("bench.jmh.seconds", 1)
                + " s. Error = JMH's 99.9% confidence half-interval. SDK: facebook-java-business-sdk "
                + sdkVersion() + ".");
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<String, double[]> e : scores.entrySet()) {
            double[] s = e.getValue();
            rows.add(Arrays.asList(e.getKey(), Report.f3(s[0]), Double.isNaN(s[1]) ? "-" : Report.f3(s[1])));
        }
        report.table("scores", "Scores (µs/op, lower is better)", Arrays.asList("benchmark", "µs/op", "± error"),
                rows);
        List<List<String>> ratios = new ArrayList<>();
        addRatio(ratios, scores, "userData", "normalize + SHA-256 of 10 user_data fields");
        addRatio(ratios, scores, "eventJson", "raw customer → one Purchase's JSON (incl. hashing)");
        report.table("ratios", "Ours vs SDK (ratio = ours / SDK; below 1 means ours is faster)",
                Arrays.asList("what", "ours µs", "SDK µs", "ratio ours/SDK"), ratios);
        double[] ud = scores.get("userData_ours");
        if (ud != null) {
            report.note("Target ≤ 10 µs per user_data: " + Report.f3(ud[0]) + " µs → "
                    + (ud[0] <= 10.0 ? "MET" : "MISSED") + ".");
        }
        Map<String, Object> raw = new LinkedHashMap<>();
        scores.forEach((k, v) -> raw.put(k, Map.of("usPerOp", v[0], "error", v[1])));
        report.data("scoresUsPerOp", raw);
        report.publish(out);
        return 0;
    }

    private static void addRatio(List<List<String>> rows, Map<String, double[]> scores, String what, String label) {
        double[] ours = scores.get(what + "_ours");
        double[] sdk = scores.get(what + "_sdk");
        if (ours != null && sdk != null) {
            rows.add(Arrays.asList(label, Report.f3(ours[0]), Report.f3(sdk[0]), Report.f2(ours[0] / sdk[0])));
        }
    }

    static String jmhVersion() {
        Package p = Runner.class.getPackage();
        return p.getImplementationVersion() == null ? "1.37" : p.getImplementationVersion();
    }

    /** From the SDK jar's own Maven metadata. */
    static String sdkVersion() {
        try (java.io.InputStream in = com.facebook.ads.sdk.APIContext.class.getResourceAsStream(
                "/META-INF/maven/com.facebook.business.sdk/facebook-java-business-sdk/pom.properties")) {
            java.util.Properties props = new java.util.Properties();
            if (in != null) {
                props.load(in);
            }
            return props.getProperty("version", "unknown");
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    // --------------------------------------------------------------------------------------------- throughput

    static int throughput(Path out) throws Exception {
        List<BenchDatabase.Kind> dbs = Arrays.stream(System.getProperty("bench.dbs", "hsqldb-mem,postgres")
                .split(",")).filter(s -> !s.isBlank()).map(BenchDatabase.Kind::parse).collect(Collectors.toList());
        ThroughputBench.Config config = new ThroughputBench.Config(
                intProp("bench.n", 100_000), intProp("bench.warmup", 5_000), dbs, intProp("bench.enqueueThreads", 4),
                intProp("bench.sdk.batch", 1000), intProp("bench.sdk.concurrency", 4),
                intProp("bench.timeoutSeconds", 600), !Boolean.getBoolean("bench.endpointInProcess"),
                System.getProperty("bench.pg.synchronousCommit", "on"), true);
        List<ThroughputBench.Phase> phases = new ThroughputBench(config).run();
        Report report = throughputReport(config, phases);
        report.publish(out);
        return phases.stream().allMatch(ThroughputBench.Phase::verified) ? 0 : 1;
    }

    static Report throughputReport(ThroughputBench.Config config, List<ThroughputBench.Phase> phases) {
        Report report = new Report("throughput", "Delivery throughput: outbox + dispatcher vs Meta's SDK");
        report.note("N = " + config.events() + " Purchase events (10 hashed user_data fields + external_id, IP, UA,"
                + " fbc, fbp; 2 contents), sent to a local Graph API stand-in on 127.0.0.1 running in a separate JVM"
                + " (its CPU and heap are not counted). Ours: default DispatcherConfig (1,000 events per request,"
                + " 4 requests in flight), every outcome written back to the outbox. Each path first runs "
                + config.warmupEvents() + " warm-up events (not counted). SDK "
                + sdkVersion() + ": BatchProcessor(" + config.sdkBatchSize() + ", " + config.sdkConcurrentRequests()
                + ").processEvents over an in-memory List<Event>, nothing persisted. CPU = this JVM's process CPU"
                + " time; DB CPU = the embedded PostgreSQL server processes (HSQLDB runs inside this JVM, so its CPU is"
                + " in the CPU column). Peak heap sampled every 20 ms after a GC at phase start.");
        List<List<String>> rows = new ArrayList<>();
        for (ThroughputBench.Phase p : phases) {
            rows.add(Arrays.asList(p.side(), p.database(), p.phase(), Long.toString(p.events()),
                    Report.f2(p.m().seconds()), Report.f0(p.eventsPerSecond()), Report.f2(p.m().cpuSeconds()),
                    p.m().childCpuNanos() > 0 ? Report.f2(p.m().childCpuSeconds()) : "-",
                    Report.f0(p.m().peakHeapMb()), p.m().gcCount() + " / " + p.m().gcMillis() + " ms",
                    p.verified() ? "OK" : "FAIL", p.check()));
        }
        report.table("phases", "Phases", Arrays.asList("side", "database", "phase", "events", "seconds",
                "events/s", "CPU s", "DB CPU s", "peak heap MiB", "GCs / time", "check", "detail"), rows);
        ThroughputBench.Phase sdk = phases.stream().filter(p -> p.side().equals("sdk") && p.endpoint() != null)
                .findFirst().orElse(null);
        List<List<String>> cmp = new ArrayList<>();
        for (ThroughputBench.Phase p : phases) {
            if (!p.side().equals("ours") || p.endpoint() == null) {
                continue;
            }
            String ratio = sdk == null ? "-" : Report.f2(p.eventsPerSecond() / sdk.eventsPerSecond());
            cmp.add(Arrays.asList(p.database(), Report.f0(p.eventsPerSecond()),
                    sdk == null ? "-" : Report.f0(sdk.eventsPerSecond()), ratio,
                    p.eventsPerSecond() >= 5000 ? "MET" : "MISSED",
                    sdk == null ? "-" : (p.eventsPerSecond() >= sdk.eventsPerSecond() ? "MET" : "MISSED")));
        }
        report.table("comparison", "Delivery rate, ours vs SDK (targets: ≥ 5,000 events/s, ratio ≥ 1)",
                Arrays.asList("database", "ours events/s", "SDK events/s", "ratio ours/SDK", "≥ 5,000/s",
                        "ratio ≥ 1"), cmp);
        report.data("config", config.toString());
        return report;
    }

    // -------------------------------------------------------------------------------------------------- scale

    static int scale(Path out) throws Exception {
        ScaleBench.Config config = new ScaleBench.Config(intProp("bench.scale.n", 1_000_000),
                BenchDatabase.Kind.parse(System.getProperty("bench.scale.db", "postgres")),
                intProp("bench.scale.windowSeconds", 10), intProp("bench.timeoutSeconds", 900),
                !Boolean.getBoolean("bench.endpointInProcess"),
                System.getProperty("bench.pg.synchronousCommit", "on"));
        ScaleBench.Outcome outcome = new ScaleBench(config).run();
        Report report = ScaleBench.report(config, outcome);
        report.publish(out);
        return outcome.verified() ? 0 : 1;
    }

    // ----------------------------------------------------------------------------------------- attribute load

    static int attributeLoad(Path out) throws Exception {
        int[] orders = Arrays.stream(System.getProperty("bench.attributes.orders", "1000,10000,100000").split(","))
                .filter(s -> !s.isBlank()).mapToInt(s -> Integer.parseInt(s.trim().replace("_", ""))).toArray();
        Report report = AttributeLoadBench.run(orders, intProp("bench.attributes.rounds", 7),
                intProp("bench.attributes.queries", 100), System.getProperty("bench.pg.fsync", "on"));
        report.publish(out);
        return 0;
    }

    static int eventInsert(Path out) throws Exception {
        Report report = EventInsertBench.run(intProp("bench.insert.rounds", 8), intProp("bench.insert.n", 2000),
                intProp("bench.insert.idleMillis", 0), System.getProperty("bench.pg.fsync", "on"));
        report.publish(out);
        return 0;
    }

    // -------------------------------------------------------------------------------------------------- drain

    static int drain(Path out) throws Exception {
        List<BenchDatabase.Kind> dbs = Arrays.stream(System.getProperty("bench.drain.dbs", "postgres,hsqldb-mem")
                .split(",")).filter(s -> !s.isBlank()).map(BenchDatabase.Kind::parse).collect(Collectors.toList());
        List<Long> delays = Arrays.stream(System.getProperty("bench.drain.delaysMillis", "150").split(","))
                .filter(s -> !s.isBlank()).map(s -> Long.parseLong(s.trim())).collect(Collectors.toList());
        io.github.broadleafmeta.benchmarks.drain.DrainSuite.Config config =
                new io.github.broadleafmeta.benchmarks.drain.DrainSuite.Config(intProp("bench.n", 100_000),
                        intProp("bench.warmup", 5_000), dbs, intProp("bench.enqueueThreads", 4), delays,
                        intProp("bench.timeoutSeconds", 600), System.getProperty("bench.pg.fsync", "on"),
                        System.getProperty("bench.pg.synchronousCommit", "on"), intProp("bench.sdk.concurrency", 4),
                        !Boolean.getBoolean("bench.endpointInProcess"));
        io.github.broadleafmeta.benchmarks.drain.DrainSuite suite =
                new io.github.broadleafmeta.benchmarks.drain.DrainSuite(config);
        suite.run().publish(out);
        return suite.allVerified() ? 0 : 1;
    }

    // ------------------------------------------------------------------------------------ the store's requests

    static Path repo() {
        return Paths.get(System.getProperty("bench.repo", ".")).toAbsolutePath().normalize();
    }

    static int requestCost(Path out) throws Exception {
        io.github.broadleafmeta.benchmarks.store.RequestCostBench.Config config =
                new io.github.broadleafmeta.benchmarks.store.RequestCostBench.Config(repo(),
                        System.getProperty("bench.store.cpus", "0"), isPostgres(),
                        System.getProperty("bench.store.heap", "1g"), intProp("bench.cost.warmup", 20),
                        intProp("bench.cost.cpuJourneys", 40), intProp("bench.cost.countJourneys", 8),
                        intProp("bench.cost.rounds", 4), intProp("bench.settleMillis", 2500));
        new io.github.broadleafmeta.benchmarks.store.RequestCostBench(config).run().publish(out);
        return 0;
    }

    static int requestWallclock(Path out) throws Exception {
        List<io.github.broadleafmeta.benchmarks.store.PluginConfig> configs = new ArrayList<>();
        for (String name : System.getProperty("bench.wall.configs", "off,on,down,hanging").split(",")) {
            if (!name.isBlank()) {
                configs.add(io.github.broadleafmeta.benchmarks.store.PluginConfig.parse(name));
            }
        }
        io.github.broadleafmeta.benchmarks.store.WallClockBench.Config config =
                new io.github.broadleafmeta.benchmarks.store.WallClockBench.Config(repo(),
                        System.getProperty("bench.store.cpus", "0"), isPostgres(),
                        System.getProperty("bench.store.heap", "1g"), intProp("bench.wall.boots", 3),
                        intProp("bench.wall.rounds", 17), intProp("bench.wall.journeys", 4),
                        intProp("bench.wall.warmup", 20), configs, intProp("bench.settleMillis", 2500),
                        Long.getLong("bench.seed", 20261207L), intProp("bench.resamples", 2000));
        new io.github.broadleafmeta.benchmarks.store.WallClockBench(config).run().publish(out);
        return 0;
    }

    private static boolean isPostgres() {
        String db = System.getProperty("bench.store.db", "hsqldb").trim().toLowerCase(java.util.Locale.ROOT);
        if (!db.equals("hsqldb") && !db.equals("postgres")) {
            throw new IllegalArgumentException("bench.store.db must be hsqldb or postgres, was " + db);
        }
        return db.equals("postgres");
    }
}
