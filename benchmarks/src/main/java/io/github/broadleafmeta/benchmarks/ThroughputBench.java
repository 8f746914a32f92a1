package io.github.broadleafmeta.benchmarks;

import io.github.broadleafmeta.core.capi.Credentials;

import com.facebook.ads.sdk.APIContext;
import com.facebook.ads.sdk.serverside.BatchProcessor;
import com.facebook.ads.sdk.serverside.Event;
import com.facebook.ads.sdk.serverside.EventRequest;
import io.github.broadleafmeta.core.capi.CapiClientConfig;
import io.github.broadleafmeta.core.capi.GraphApiClient;
import io.github.broadleafmeta.core.dispatch.DeliveryCounters;
import io.github.broadleafmeta.core.dispatch.Dispatcher;
import io.github.broadleafmeta.core.dispatch.DispatcherConfig;
import io.github.broadleafmeta.core.dispatch.PixelDeliverySettings;
import io.github.broadleafmeta.core.outbox.EnqueueResult;
import io.github.broadleafmeta.core.outbox.JdbcOutbox;
import io.github.broadleafmeta.core.outbox.OutboxConfig;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 7, item 3: N Purchase events through our outbox + dispatcher + Graph API client to a local Graph API
 * stand-in, per database; beside it, the same N events through Meta's SDK ({@link BatchProcessor}, its batching and
 * async API) to the same endpoint.
 *
 * <p>Our side, per database: (1) enqueue (the store's request path: normalize + hash, build, serialize, one INSERT
 * each, from several threads) — timed on its own; (2) drain: the real {@link Dispatcher} with a real
 * {@link GraphApiClient} and default {@link DispatcherConfig}, from start until every row is SENT (each outcome
 * written back to the database). The SDK side: build the N {@code Event} objects (timed on its own), then
 * {@code processEvents} until every future completed; it hashes while serializing and persists nothing.
 */
public final class ThroughputBench {

    /** Settings of one run. */
    public record Config(int events, int warmupEvents, List<BenchDatabase.Kind> databases, int enqueueThreads, int sdkBatchSize,
            int sdkConcurrentRequests, long timeoutSeconds, boolean separateEndpoint, String pgSynchronousCommit,
            boolean runSdk) {
    }

    /** One measured phase. */
    public record Phase(String side, String database, String phase, long events, Meter.Result m,
            FakeGraphApi.Stats endpoint, boolean verified, String check) {

        double eventsPerSecond() {
            return events / m.seconds();
        }
    }

    private final Config config;
    private final List<Phase> phases = new ArrayList<>();

    public ThroughputBench(Config config) {
        this.config = config;
    }

    public List<Phase> run() throws Exception {
        String runTag = "t" + Long.toString(System.currentTimeMillis(), 36);
        try (EndpointProcess endpoint = EndpointProcess.start(config.separateEndpoint(), 4)) {
            for (BenchDatabase.Kind kind : config.databases()) {
                runOurs(endpoint, kind, runTag + kind.ordinal());
            }
            if (config.runSdk()) {
                runSdk(endpoint, runTag + "sdk");
            }
        }
        return phases;
    }

    private void runOurs(EndpointProcess endpoint, BenchDatabase.Kind kind, String runTag) throws Exception {
        int n = config.events();
        log("[" + kind.label() + "] starting database");
        try (BenchDatabase db = BenchDatabase.open(kind, 8, config.pgSynchronousCommit())) {
            DeliveryCounters counters = new DeliveryCounters();
            JdbcOutbox outbox = new JdbcOutbox(db.dataSource(), OutboxConfig.ofDefaults(), Clock.systemUTC(),
                    counters);
            outbox.initialize();
            String dbLabel = kind.label();
            if (config.warmupEvents() > 0) {
                log("[" + dbLabel + "] warm-up: " + config.warmupEvents() + " events through the same path");
                enqueue(outbox, runTag + "w", config.warmupEvents(), System.currentTimeMillis() / 1000 - 60);
                drain(endpoint, db, outbox, counters, config.warmupEvents(), dbLabel + "-warmup");
            }
            long sentBefore = counters.get(DeliveryCounters.SENT);

            log("[" + dbLabel + "] enqueue " + n + " events from " + config.enqueueThreads() + " threads");
            long eventTime = System.currentTimeMillis() / 1000 - 60;
            Meter enqueueMeter = Meter.start(db::serverCpuNanos);
            long failures = enqueue(outbox, runTag, n, eventTime);
            Meter.Result enq = enqueueMeter.stop();
            long pending = db.count("SELECT COUNT(*) FROM " + OutboxConfig.DEFAULT_TABLE_NAME
                    + " WHERE status = 'PENDING' AND event_id LIKE 'order." + runTag + "-%'");
            phases.add(new Phase("ours", dbLabel, "enqueue (request path)", n, enq, null,
                    failures == 0 && pending == n, pending + " PENDING rows, " + failures + " failed"));

            endpoint.reset();
            Meter.Result drain = drain(endpoint, db, outbox, counters, n, dbLabel);
            boolean done = counters.get(DeliveryCounters.SENT) - sentBefore >= n;
            long sent = db.count("SELECT COUNT(*) FROM " + OutboxConfig.DEFAULT_TABLE_NAME
                    + " WHERE status = 'SENT' AND event_id LIKE 'order." + runTag + "-%'");
            FakeGraphApi.Stats stats = endpoint.stats();
            boolean ok = done && sent == n && stats.uniqueEventIds() == n;
            phases.add(new Phase("ours", dbLabel, "drain (dispatcher → endpoint, outcomes persisted)", n, drain,
                    stats, ok, sent + " rows SENT; endpoint got " + stats.events() + " events, "
                            + stats.uniqueEventIds() + " distinct ids in " + stats.requests() + " requests"
                            + (done ? "" : "; TIMED OUT")));
        }
    }

    /** Starts a dispatcher and measures until {@code n} more rows are SENT (or the timeout), then stops it. */
    private Meter.Result drain(EndpointProcess endpoint, BenchDatabase db, JdbcOutbox outbox,
            DeliveryCounters counters, int n, String node) throws Exception {
        PixelDeliverySettings settings = PixelDeliverySettings.builder(Fixtures.PIXEL_ID)
                .credentials(Credentials.of(Fixtures.ACCESS_TOKEN, null)).graphUrl(endpoint.baseUrl()).apiVersion(Fixtures.API_VERSION)
                .build();
        DispatcherConfig dispatcherConfig = DispatcherConfig.custom().nodeId("bench-" + node).build();
        log("[" + node + "] drain with the dispatcher (" + dispatcherConfig.batchSize() + " per request, "
                + dispatcherConfig.maxInFlightRequests() + " in flight, claim " + dispatcherConfig.claimLimit() + ")");
        long target = counters.get(DeliveryCounters.SENT) + n;
        try (GraphApiClient client = new GraphApiClient(CapiClientConfig.ofDefaults())) {
            Dispatcher dispatcher = Dispatcher.builder(outbox, client,
                    pixel -> Fixtures.PIXEL_ID.equals(pixel) ? settings : null)
                    .config(dispatcherConfig).listener(counters).build();
            Meter meter = Meter.start(db::serverCpuNanos);
            dispatcher.start();
            waitFor(() -> counters.get(DeliveryCounters.SENT) >= target, config.timeoutSeconds());
            Meter.Result result = meter.stop();
            dispatcher.stop();
            return result;
        }
    }

    private long enqueue(JdbcOutbox outbox, String runTag, int n, long eventTime) throws Exception {
        int threads = Math.max(1, config.enqueueThreads());
        AtomicLong failures = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                final int first = t;
                futures.add(pool.submit(() -> {
                    for (int i = first; i < n; i += threads) {
                        EnqueueResult r = outbox.enqueue(Fixtures.outboxEntry(runTag, i, eventTime));
                        if (!r.isEnqueued()) {
                            failures.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(config.timeoutSeconds(), TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        return failures.get();
    }

    private void runSdk(EndpointProcess endpoint, String runTag) throws Exception {
        int n = config.events();
        long eventTime = System.currentTimeMillis() / 1000 - 60;
        log("[sdk] build " + n + " SDK Event objects");
        Meter buildMeter = Meter.start();
        List<Event> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            events.add(Fixtures.sdkEvent(runTag, i, eventTime));
        }
        Meter.Result build = buildMeter.stop();
        phases.add(new Phase("sdk", "-", "build Event objects (in memory)", n, build, null, events.size() == n,
                events.size() + " events built"));

        // The documented way to aim the SDK elsewhere: APIContext's full constructor takes the endpoint base.
        APIContext context = new APIContext(endpoint.baseUrl(), endpoint.baseUrl(), Fixtures.API_VERSION,
                Fixtures.ACCESS_TOKEN, null, null, false);
        EventRequest template = new EventRequest(Fixtures.PIXEL_ID, context);
        BatchProcessor processor = new BatchProcessor(config.sdkBatchSize(), config.sdkConcurrentRequests());
        if (config.warmupEvents() > 0) {
            log("[sdk] warm-up: " + config.warmupEvents() + " events through the same path");
            List<Event> warm = new ArrayList<>();
            for (int i = 0; i < config.warmupEvents(); i++) {
                warm.add(Fixtures.sdkEvent(runTag + "w", i, eventTime));
            }
            processor.processEvents(template, warm);
        }
        endpoint.reset();
        log("[sdk] send with BatchProcessor(" + config.sdkBatchSize() + ", " + config.sdkConcurrentRequests()
                + ").processEvents");
        Meter sendMeter = Meter.start();
        String failure = null;
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try {
            Future<?> f = runner.submit(() -> {
                processor.processEvents(template, events);
                return null;
            });
            f.get(config.timeoutSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            failure = String.valueOf(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            failure = "TIMED OUT";
        } finally {
            runner.shutdownNow();
        }
        Meter.Result send = sendMeter.stop();
        FakeGraphApi.Stats stats = endpoint.stats();
        boolean ok = failure == null && stats.uniqueEventIds() == n;
        phases.add(new Phase("sdk", "-", "send (BatchProcessor → endpoint, nothing persisted)", n, send, stats,
                ok, "endpoint got " + stats.events() + " events, " + stats.uniqueEventIds() + " distinct ids in "
                        + stats.requests() + " requests" + (failure == null ? "" : "; FAILED: " + failure)));
    }

    static boolean waitFor(java.util.function.BooleanSupplier condition, long timeoutSeconds)
            throws InterruptedException {
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
}
