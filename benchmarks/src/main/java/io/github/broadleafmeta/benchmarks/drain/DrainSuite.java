package io.github.broadleafmeta.benchmarks.drain;

import io.github.broadleafmeta.benchmarks.BenchDatabase;
import io.github.broadleafmeta.benchmarks.EndpointProcess;
import io.github.broadleafmeta.benchmarks.FakeGraphApi;
import io.github.broadleafmeta.benchmarks.Fixtures;
import io.github.broadleafmeta.benchmarks.Meter;
import io.github.broadleafmeta.benchmarks.Report;
import io.github.broadleafmeta.core.capi.CapiClientConfig;
import io.github.broadleafmeta.core.capi.Credentials;
import io.github.broadleafmeta.core.capi.EventJsonWriter;
import io.github.broadleafmeta.core.capi.GraphApiClient;
import io.github.broadleafmeta.core.capi.SendRequest;

import com.facebook.ads.sdk.APIContext;
import com.facebook.ads.sdk.serverside.BatchProcessor;
import com.facebook.ads.sdk.serverside.Event;
import com.facebook.ads.sdk.serverside.EventRequest;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Issue 13's delivery measurements in one run. Per database: our enqueue (the request path's write) and our drain
 * (the real dispatcher to a local Graph API stand-in in its own JVM), then the same N events through a naive
 * persisting loop ({@link NaivePersistingLoop}); each phase reports events/s and, per event, statements, commits,
 * WAL bytes (PostgreSQL), this JVM's CPU and the database server's CPU (PostgreSQL and MariaDB run as their own
 * processes; HSQLDB runs inside this JVM, so its CPU is in the JVM column). Enqueue latencies go into an
 * HdrHistogram. Peers without a database in the same run: Meta's SDK (build the events, then BatchProcessor) and
 * transport only (our Graph API client sending payloads serialized beforehand, 1,000 per request, as many in flight
 * as the dispatcher). Every configured endpoint delay (e.g. 150 ms) repeats the drains against a stand-in that
 * answers that much later.
 */
public final class DrainSuite {

    /** Settings of one run. */
    public record Config(int events, int warmupEvents, List<BenchDatabase.Kind> databases, int enqueueThreads,
            List<Long> delaysMillis, long timeoutSeconds, String pgFsync, String pgSynchronousCommit,
            int inFlight, boolean separateEndpoint) {
    }

    /** One measured phase. */
    public record Phase(String side, String database, long delayMillis, String phase, long events, Meter.Result m,
            StatementCounter.Snapshot jdbc, long walBytes, Histogram latency, boolean verified, String check) {

        double eventsPerSecond() {
            return events / m.seconds();
        }

        double perEvent(double total) {
            return events == 0 ? Double.NaN : total / events;
        }
    }

    private static final EventJsonWriter WRITER = new EventJsonWriter();

    private final Config config;
    private final List<Phase> phases = new ArrayList<>();
    private final List<String> databases = new ArrayList<>();

    public DrainSuite(Config config) {
        this.config = config;
    }

    public Report run() throws Exception {
        String runTag = "d" + Long.toString(System.currentTimeMillis(), 36);
        List<Long> delays = new ArrayList<>();
        delays.add(0L);
        config.delaysMillis().stream().filter(d -> d > 0).forEach(delays::add);
        for (long delay : delays) {
            int threads = delay > 0 ? 64 : 4;
            try (EndpointProcess endpoint = EndpointProcess.start(config.separateEndpoint(), threads, delay)) {
                for (BenchDatabase.Kind kind : config.databases()) {
                    runDatabase(endpoint, kind, runTag + "x" + delay + kind.ordinal(), delay);
                }
                runSdk(endpoint, runTag + "s" + delay, delay);
                runTransportOnly(endpoint, runTag + "t" + delay, delay);
            }
        }
        return report();
    }

    private void runDatabase(EndpointProcess endpoint, BenchDatabase.Kind kind, String tag, long delay)
            throws Exception {
        int n = config.events();
        log("[" + kind.label() + ", delay " + delay + " ms] starting the database");
        try (BenchDatabase db = BenchDatabase.open(kind, 8, config.pgSynchronousCommit(), config.pgFsync())) {
            if (!databases.contains(db.description())) {
                databases.add(db.description());
            }
            StatementCounter counter = new StatementCounter();
            OutboxAdapter ours = new OutboxAdapter(counter.wrap(db.dataSource()));
            long eventTime = System.currentTimeMillis() / 1000 - 60;
            if (config.warmupEvents() > 0) {
                log("[" + kind.label() + "] warm-up: " + config.warmupEvents() + " events");
                enqueueOurs(ours, tag + "w", config.warmupEvents(), eventTime, null);
                drainOurs(endpoint, ours, config.warmupEvents(), kind.label() + "-w");
            }
            // ours: enqueue
            Histogram latency = new Histogram(60_000_000_000L, 3);
            Measure m = new Measure(db, counter);
            long failed = enqueueOurs(ours, tag, n, eventTime, latency);
            long pending = db.count(ours.pendingSql(tag));
            add(m.stop("ours", kind.label(), delay, "enqueue (" + config.enqueueThreads() + " threads)", n, latency,
                    failed == 0 && pending == n, pending + " rows PENDING, " + failed + " refused"));
            // ours: drain
            endpoint.reset();
            m = new Measure(db, counter);
            boolean done = drainOurs(endpoint, ours, n, kind.label());
            FakeGraphApi.Stats stats = endpoint.stats();
            long sent = db.count(ours.sentSql(tag));
            add(m.stop("ours", kind.label(), delay, "drain (dispatcher, outcomes persisted)", n, null,
                    done && sent == n && stats.uniqueEventIds() == n, sent + " rows SENT; endpoint got "
                            + stats.uniqueEventIds() + " distinct ids in " + stats.requests() + " requests"
                            + (done ? "" : "; TIMED OUT")));
            // the naive persisting loop, same events, same database
            NaivePersistingLoop naive = new NaivePersistingLoop(counter.wrap(db.dataSource()), endpoint.baseUrl(),
                    Fixtures.API_VERSION, Fixtures.PIXEL_ID, Fixtures.ACCESS_TOKEN);
            naive.createTable();
            if (config.warmupEvents() > 0) {
                enqueueNaive(naive, tag + "nw", config.warmupEvents(), eventTime, null);
                drainNaive(naive, config.warmupEvents());
            }
            latency = new Histogram(60_000_000_000L, 3);
            m = new Measure(db, counter);
            failed = enqueueNaive(naive, tag + "n", n, eventTime, latency);
            add(m.stop("naive loop", kind.label(), delay, "enqueue (" + config.enqueueThreads() + " threads)", n,
                    latency, failed == 0, failed + " failed"));
            endpoint.reset();
            m = new Measure(db, counter);
            long naiveSent = drainNaive(naive, n);
            stats = endpoint.stats();
            add(m.stop("naive loop", kind.label(), delay, "drain (select 1,000, post, update each)", n, null,
                    naiveSent == n && stats.uniqueEventIds() == n, naiveSent + " sent; endpoint got "
                            + stats.uniqueEventIds() + " distinct ids in " + stats.requests() + " requests"));
        }
    }

    /** JVM + database CPU, JDBC counts and WAL of one phase. */
    private static final class Measure {
        private final BenchDatabase db;
        private final StatementCounter counter;
        private final StatementCounter.Snapshot jdbcBefore;
        private final long walBefore;
        private final Meter meter;

        Measure(BenchDatabase db, StatementCounter counter) throws Exception {
            this.db = db;
            this.counter = counter;
            this.walBefore = db == null ? -1 : db.walPosition();
            this.jdbcBefore = counter == null ? null : counter.snapshot();
            this.meter = db == null ? Meter.start() : Meter.start(db::serverCpuNanos);
        }

        Phase stop(String side, String database, long delay, String phase, long events, Histogram latency,
                boolean verified, String check) throws Exception {
            Meter.Result r = meter.stop();
            StatementCounter.Snapshot jdbc = counter == null ? null : counter.snapshot().minus(jdbcBefore);
            long wal = walBefore < 0 ? -1 : db.walPosition() - walBefore;
            return new Phase(side, database, delay, phase, events, r, jdbc, wal, latency, verified, check);
        }
    }

    private void add(Phase p) {
        phases.add(p);
        log(p.side() + " / " + p.database() + " / " + p.phase() + ": " + Report.f0(p.eventsPerSecond())
                + " events/s, " + (p.verified() ? "OK" : "FAIL") + " (" + p.check() + ")");
    }

    private long enqueueOurs(OutboxAdapter ours, String tag, int n, long eventTime, Histogram latency)
            throws Exception {
        return inThreads(n, i -> ours.enqueue(tag, i, eventTime), latency);
    }

    private long enqueueNaive(NaivePersistingLoop naive, String tag, int n, long eventTime, Histogram latency)
            throws Exception {
        return inThreads(n, i -> {
            // The same request-path work as ours: normalize + hash, build, serialize; then one INSERT.
            String order = Fixtures.orderNumber(tag, i);
            naive.enqueue("order." + order, WRITER.write(Fixtures.ourPurchase(order,
                    Fixtures.customerFull(Fixtures.email(i), "customer-" + i), eventTime)));
            return true;
        }, latency);
    }

    interface Task {
        boolean run(int i) throws Exception;
    }

    /** Runs task 0..n-1 on the enqueue threads; each call's latency into {@code latency}; returns the failures. */
    private long inThreads(int n, Task task, Histogram latency) throws Exception {
        int threads = Math.max(1, config.enqueueThreads());
        AtomicLong failures = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Histogram>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                final int first = t;
                futures.add(pool.submit(() -> {
                    Histogram mine = new Histogram(60_000_000_000L, 3);
                    for (int i = first; i < n; i += threads) {
                        long start = System.nanoTime();
                        if (!task.run(i)) {
                            failures.incrementAndGet();
                        }
                        mine.recordValue(Math.max(1, System.nanoTime() - start));
                    }
                    return mine;
                }));
            }
            for (Future<Histogram> f : futures) {
                Histogram h = f.get(config.timeoutSeconds(), TimeUnit.SECONDS);
                if (latency != null) {
                    latency.add(h);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return failures.get();
    }

    private boolean drainOurs(EndpointProcess endpoint, OutboxAdapter ours, int n, String node) throws Exception {
        long target = ours.delivered() + n;
        try (OutboxAdapter.Running running = ours.startDispatcher(endpoint.baseUrl(), "bench-" + node)) {
            return waitFor(() -> ours.delivered() >= target, config.timeoutSeconds());
        }
    }

    private long drainNaive(NaivePersistingLoop naive, int n) throws Exception {
        long sent = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(config.timeoutSeconds());
        while (sent < n && System.nanoTime() < deadline) {
            int batch = naive.sendPending();
            sent += batch;
            if (batch == 0) {
                Thread.sleep(5);
            }
        }
        return sent;
    }

    private void runSdk(EndpointProcess endpoint, String tag, long delay) throws Exception {
        int n = config.events();
        long eventTime = System.currentTimeMillis() / 1000 - 60;
        APIContext context = new APIContext(endpoint.baseUrl(), endpoint.baseUrl(), Fixtures.API_VERSION,
                Fixtures.ACCESS_TOKEN, null, null, false);
        EventRequest template = new EventRequest(Fixtures.PIXEL_ID, context);
        BatchProcessor processor = new BatchProcessor(1000, config.inFlight());
        if (config.warmupEvents() > 0) {
            List<Event> warm = new ArrayList<>();
            for (int i = 0; i < config.warmupEvents(); i++) {
                warm.add(Fixtures.sdkEvent(tag + "w", i, eventTime));
            }
            processor.processEvents(template, warm);
        }
        Measure m = new Measure(null, null);
        List<Event> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            events.add(Fixtures.sdkEvent(tag, i, eventTime));
        }
        add(m.stop("SDK " + BenchSdk.version(), "-", delay, "build Event objects", n, null, events.size() == n,
                events.size() + " built"));
        endpoint.reset();
        m = new Measure(null, null);
        processor.processEvents(template, events);
        FakeGraphApi.Stats stats = endpoint.stats();
        add(m.stop("SDK " + BenchSdk.version(), "-", delay, "send (BatchProcessor 1,000 × " + config.inFlight() + ")",
                n, null, stats.uniqueEventIds() == n, "endpoint got " + stats.uniqueEventIds() + " distinct ids in "
                        + stats.requests() + " requests"));
    }

    /** Our Graph API client alone: payloads serialized beforehand, batches of 1,000, {@code inFlight} at once. */
    private void runTransportOnly(EndpointProcess endpoint, String tag, long delay) throws Exception {
        int n = config.events();
        long eventTime = System.currentTimeMillis() / 1000 - 60;
        List<String> payloads = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String order = Fixtures.orderNumber(tag, i);
            payloads.add(WRITER.write(Fixtures.ourPurchase(order, Fixtures.customerFull(Fixtures.email(i),
                    "customer-" + i), eventTime)));
        }
        try (GraphApiClient client = new GraphApiClient(CapiClientConfig.ofDefaults())) {
            SendRequest.Builder base = SendRequest.builder().graphUrl(endpoint.baseUrl())
                    .apiVersion(Fixtures.API_VERSION).pixelId(Fixtures.PIXEL_ID)
                    .credentials(Credentials.of(Fixtures.ACCESS_TOKEN, null));
            if (config.warmupEvents() > 0) {
                sendAll(client, base, payloads.subList(0, Math.min(n, config.warmupEvents())));
            }
            endpoint.reset();
            Measure m = new Measure(null, null);
            long ok = sendAll(client, base, payloads);
            FakeGraphApi.Stats stats = endpoint.stats();
            add(m.stop("transport only (ours)", "-", delay, "send (GraphApiClient, 1,000 × " + config.inFlight()
                    + ", pre-serialized)", n, null, ok == n && stats.uniqueEventIds() == n, ok
                    + " acknowledged; endpoint got " + stats.uniqueEventIds() + " distinct ids"));
        }
    }

    private long sendAll(GraphApiClient client, SendRequest.Builder base, List<String> payloads) throws Exception {
        Semaphore slots = new Semaphore(config.inFlight());
        AtomicLong acknowledged = new AtomicLong();
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (int from = 0; from < payloads.size(); from += SendRequest.MAX_EVENTS_PER_REQUEST) {
            List<String> batch = payloads.subList(from, Math.min(payloads.size(),
                    from + SendRequest.MAX_EVENTS_PER_REQUEST));
            slots.acquire();
            all.add(client.send(base.eventJsons(new ArrayList<>(batch)).build()).whenComplete((result, error) -> {
                slots.release();
                if (error == null && result.isDelivered()) {
                    acknowledged.addAndGet(batch.size());
                }
            }));
        }
        CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).get(config.timeoutSeconds(),
                TimeUnit.SECONDS);
        return acknowledged.get();
    }

    static boolean waitFor(BooleanSupplier condition, long timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(5);
        }
        return condition.getAsBoolean();
    }

    static void log(String s) {
        System.err.println("bench: " + s);
    }

    /** True when every phase delivered (or stored) exactly what it should. */
    public boolean allVerified() {
        return phases.stream().allMatch(Phase::verified);
    }

    // -------------------------------------------------------------------------------------------------- report

    Report report() {
        Report report = new Report("drain", "Outbox delivery: drain rate and cost per event, with peers");
        report.note("N = " + config.events() + " Purchase events per phase (" + config.warmupEvents() + " warm-up "
                + "events per path first, not counted). Databases: " + String.join("; ", databases) + ". The Graph "
                + "API stand-in runs in its own JVM (not charged). CPU µs/event: this JVM's process CPU; DB CPU: "
                + "the database server's processes (/proc utime+stime of the server and its children; HSQLDB runs in "
                + "this JVM, so its CPU is in the JVM column). Statements and commits: counted by a JDBC proxy over "
                + "all threads (commits = explicit commit() + writing statements in autocommit). WAL: "
                + "pg_current_wal_lsn() difference. Enqueue latency: each call, " + config.enqueueThreads()
                + " threads. In flight: " + config.inFlight() + " requests for the SDK and transport-only peers; "
                + "the dispatcher uses its defaults.");
        List<List<String>> rows = new ArrayList<>();
        for (Phase p : phases) {
            rows.add(List.of(p.side(), p.database(), p.delayMillis() + " ms", p.phase(), Long.toString(p.events()),
                    Report.f2(p.m().seconds()), Report.f0(p.eventsPerSecond()),
                    p.jdbc() == null ? "-" : f3(p.perEvent(p.jdbc().statements())),
                    p.jdbc() == null ? "-" : f3(p.perEvent(p.jdbc().commits())),
                    p.walBytes() < 0 ? "-" : Report.f0(p.perEvent(p.walBytes())),
                    Report.f1(p.perEvent(p.m().cpuNanos() / 1000.0)),
                    p.m().childCpuNanos() > 0 ? Report.f1(p.perEvent(p.m().childCpuNanos() / 1000.0)) : "-",
                    Report.f1(p.perEvent((p.m().cpuNanos() + p.m().childCpuNanos()) / 1000.0)),
                    p.verified() ? "OK" : "FAIL", p.check()));
        }
        report.table("phases", "Phases: rate and cost per event", List.of("side", "database", "endpoint delay",
                "phase", "events", "seconds", "events/s", "statements/event", "commits/event", "WAL bytes/event",
                "JVM CPU µs/event", "DB CPU µs/event", "JVM+DB CPU µs/event", "check", "detail"), rows);

        List<List<String>> latency = new ArrayList<>();
        for (Phase p : phases) {
            if (p.latency() != null) {
                Histogram h = p.latency();
                boolean pg = p.database().startsWith("postgres");
                latency.add(List.of(p.side(), p.database(), Report.f0(h.getValueAtPercentile(50) / 1000.0),
                        Report.f0(h.getValueAtPercentile(99) / 1000.0), Report.f0(h.getMaxValue() / 1000.0),
                        pg && p.side().equals("ours") ? (h.getValueAtPercentile(99) <= 1_000_000 ? "met" : "missed")
                                : "-"));
            }
        }
        report.table("enqueue", "Enqueue latency per event (µs; target p99 ≤ 1 ms on PostgreSQL with fsync on)",
                List.of("side", "database", "median", "p99", "max", "p99 ≤ 1 ms"), latency);

        List<List<String>> targets = new ArrayList<>();
        for (long delay : phases.stream().map(Phase::delayMillis).distinct().toList()) {
            double sdkCpu = phases.stream().filter(p -> p.delayMillis() == delay && p.side().startsWith("SDK"))
                    .mapToDouble(p -> p.perEvent(p.m().cpuNanos() / 1000.0)).sum();
            for (Phase p : phases) {
                if (p.delayMillis() != delay || !p.side().equals("ours") || !p.phase().startsWith("drain")) {
                    continue;
                }
                double cpu = p.perEvent((p.m().cpuNanos() + p.m().childCpuNanos()) / 1000.0);
                double goal = p.database().startsWith("postgres") ? 30_000 : 15_000;
                targets.add(List.of(p.database(), delay + " ms", Report.f0(p.eventsPerSecond()),
                        delay == 0 ? "≥ " + Report.f0(goal) + ": " + (p.eventsPerSecond() >= goal ? "met" : "missed")
                                : "(latency run: no target)",
                        Report.f1(cpu), Report.f1(sdkCpu), sdkCpu == 0 ? "-" : cpu <= sdkCpu ? "met" : "missed"));
            }
        }
        report.table("targets", "Issue 13 targets: drain rate; JVM + database CPU per delivered event vs the SDK's "
                + "build + send CPU per event (same run, same endpoint delay)", List.of("database", "endpoint delay",
                "drain events/s", "rate target", "ours JVM+DB CPU µs/event", "SDK build+send CPU µs/event",
                "CPU ≤ SDK"), targets);
        report.data("config", config.toString());
        return report;
    }

    private static String f3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
