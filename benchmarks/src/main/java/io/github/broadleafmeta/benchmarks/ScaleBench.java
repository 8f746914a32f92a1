package io.github.broadleafmeta.benchmarks;

import io.github.broadleafmeta.core.capi.Credentials;

import io.github.broadleafmeta.core.capi.CapiClientConfig;
import io.github.broadleafmeta.core.capi.GraphApiClient;
import io.github.broadleafmeta.core.dispatch.DeliveryCounters;
import io.github.broadleafmeta.core.dispatch.Dispatcher;
import io.github.broadleafmeta.core.dispatch.DispatcherConfig;
import io.github.broadleafmeta.core.dispatch.PixelDeliverySettings;
import io.github.broadleafmeta.core.outbox.JdbcOutbox;
import io.github.broadleafmeta.core.outbox.OutboxConfig;
import io.github.broadleafmeta.core.outbox.OutboxEntry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Issue 7, item 4: a backlog of N pending rows (default one million), drained by the real dispatcher; the heap is
 * sampled every 50 ms and reported per time window with the drain rate of that window. The backlog is bulk-loaded
 * with batched INSERTs (setup, not measured) into the outbox's own schema, with payloads our writer produced.
 */
public final class ScaleBench {

    /** Settings of one run. */
    public record Config(int rows, BenchDatabase.Kind database, int windowSeconds, long timeoutSeconds,
            boolean separateEndpoint, String pgSynchronousCommit) {
    }

    /** One time window of the drain. */
    public record Window(int index, double endSecond, long sentInWindow, long sentTotal, double eventsPerSecond,
            long peakHeapBytes, long heapAfterGcBytes) {
    }

    /** The whole run. */
    public record Outcome(String databaseDescription, double loadSeconds, Meter.Result drain, List<Window> windows,
            long sentRows, FakeGraphApi.Stats endpoint, boolean finished, boolean verified) {
    }

    private static final String PLACEHOLDER = "XQXQXQ";

    private final Config config;

    public ScaleBench(Config config) {
        this.config = config;
    }

    public Outcome run() throws Exception {
        int n = config.rows();
        try (EndpointProcess endpoint = EndpointProcess.start(config.separateEndpoint(), 4);
                BenchDatabase db = BenchDatabase.open(config.database(), 8, config.pgSynchronousCommit())) {
            DeliveryCounters counters = new DeliveryCounters();
            JdbcOutbox outbox = new JdbcOutbox(db.dataSource(), OutboxConfig.ofDefaults(), Clock.systemUTC(),
                    counters);
            outbox.initialize();
            ThroughputBench.log("[scale] bulk-loading " + n + " pending rows into " + db.description());
            long t0 = System.nanoTime();
            bulkLoad(db, n);
            double loadSeconds = (System.nanoTime() - t0) / 1e9;
            long pending = db.count("SELECT COUNT(*) FROM " + OutboxConfig.DEFAULT_TABLE_NAME
                    + " WHERE status = 'PENDING'");
            ThroughputBench.log("[scale] " + pending + " PENDING rows after " + Report.f1(loadSeconds) + " s");

            endpoint.reset();
            PixelDeliverySettings settings = PixelDeliverySettings.builder(Fixtures.PIXEL_ID)
                    .credentials(Credentials.of(Fixtures.ACCESS_TOKEN, null)).graphUrl(endpoint.baseUrl())
                    .apiVersion(Fixtures.API_VERSION).build();
            List<Window> windows = new ArrayList<>();
            boolean finished;
            Meter.Result drain;
            try (GraphApiClient client = new GraphApiClient(CapiClientConfig.ofDefaults())) {
                Dispatcher dispatcher = Dispatcher.builder(outbox, client,
                        pixel -> Fixtures.PIXEL_ID.equals(pixel) ? settings : null)
                        .config(DispatcherConfig.custom().nodeId("bench-scale").build())
                        .listener(counters).build();
                Meter meter = Meter.start(db::serverCpuNanos);
                long start = System.nanoTime();
                dispatcher.start();
                long deadline = start + TimeUnit.SECONDS.toNanos(config.timeoutSeconds());
                long windowNanos = TimeUnit.SECONDS.toNanos(config.windowSeconds());
                long windowEnd = start + windowNanos;
                long windowPeak = 0;
                long lastSent = 0;
                while (true) {
                    Thread.sleep(50);
                    windowPeak = Math.max(windowPeak, Meter.heapUsed());
                    long now = System.nanoTime();
                    long sent = counters.get(DeliveryCounters.SENT);
                    boolean done = sent >= n;
                    if (now >= windowEnd || done || now >= deadline) {
                        double secs = (now - (windowEnd - windowNanos)) / 1e9;
                        Window w = new Window(windows.size() + 1, (now - start) / 1e9, sent - lastSent, sent,
                                (sent - lastSent) / secs, windowPeak, Meter.heapAfterLastGc());
                        windows.add(w);
                        ThroughputBench.log("[scale] t=" + Report.f1(w.endSecond()) + " s sent " + sent + " ("
                                + Report.f0(w.eventsPerSecond()) + "/s), heap peak "
                                + Report.f0(w.peakHeapBytes() / 1048576.0) + " MiB, after GC "
                                + Report.f0(w.heapAfterGcBytes() / 1048576.0) + " MiB");
                        lastSent = sent;
                        windowPeak = 0;
                        windowEnd = now + windowNanos;
                    }
                    if (done || now >= deadline) {
                        finished = done;
                        break;
                    }
                }
                drain = meter.stop();
                dispatcher.stop();
            }
            long sentRows = db.count("SELECT COUNT(*) FROM " + OutboxConfig.DEFAULT_TABLE_NAME
                    + " WHERE status = 'SENT'");
            FakeGraphApi.Stats stats = endpoint.stats();
            boolean verified = finished && pending == n && sentRows == n && stats.uniqueEventIds() == n;
            return new Outcome(db.description(), loadSeconds, drain, windows, sentRows, stats, finished, verified);
        }
    }

    /**
     * Batched INSERTs of the outbox's PENDING rows; payloads from our writer with a distinct order per row; each row
     * due (and created) at its own moment, all already due.
     */
    private void bulkLoad(BenchDatabase db, int n) throws Exception {
        long eventTime = System.currentTimeMillis() / 1000 - 60;
        OutboxEntry template = Fixtures.outboxEntry(PLACEHOLDER, 0, eventTime);
        String sql = "INSERT INTO " + OutboxConfig.DEFAULT_TABLE_NAME + " (pixel_id, event_name, event_id,"
                + " event_time, payload, confirmation_key, order_number, match_keys, status, attempts,"
                + " next_attempt_at, version, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, NULL, ?, ?, 'PENDING', 0, ?, 0, ?, ?)";
        int threads = 2;
        int batch = 2000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                final int part = t;
                futures.add(pool.submit(() -> {
                    try (Connection c = db.dataSource().getConnection()) {
                        c.setAutoCommit(false);
                        try (PreparedStatement ps = c.prepareStatement(sql)) {
                            int inBatch = 0;
                            long now = System.currentTimeMillis();
                            for (int i = part; i < n; i += threads) {
                                String tag = "s" + i;
                                ps.setString(1, template.pixelId());
                                ps.setString(2, template.eventName());
                                ps.setString(3, template.eventId().replace(PLACEHOLDER, tag));
                                ps.setLong(4, template.eventTime());
                                ps.setString(5, template.payloadJson().replace(PLACEHOLDER, tag));
                                ps.setString(6, template.orderNumber().replace(PLACEHOLDER, tag));
                                ps.setString(7, template.matchKeys());
                                // Spread-out due and creation times (one row per ms over the last n ms, like a
                                // backlog that built up), not one value: the claim's index order matters.
                                long due = now - (n - i);
                                ps.setLong(8, due);
                                ps.setLong(9, due);
                                ps.setLong(10, due);
                                ps.addBatch();
                                if (++inBatch == batch) {
                                    ps.executeBatch();
                                    c.commit();
                                    inBatch = 0;
                                }
                            }
                            if (inBatch > 0) {
                                ps.executeBatch();
                                c.commit();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(config.timeoutSeconds(), TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        // Outbox v2 delivers what its narrow queue table holds: one queue row per loaded event, due when it was.
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO " + OutboxConfig.DEFAULT_TABLE_NAME + "_QUEUE (id, pixel_id, due_at, attempts)"
                    + " SELECT id, pixel_id, next_attempt_at, 0 FROM " + OutboxConfig.DEFAULT_TABLE_NAME
                    + " WHERE status = 'PENDING'");
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
    }

    static Report report(Config config, Outcome o) {
        Report report = new Report("scale", "Scale: draining " + config.rows() + " pending rows");
        report.note("Database: " + o.databaseDescription() + ". Backlog bulk-loaded in " + Report.f1(o.loadSeconds())
                + " s (setup, not measured). Drain: the real Dispatcher (default DispatcherConfig) + GraphApiClient"
                + " to the local Graph API stand-in (separate JVM). Heap sampled every 50 ms; \"after GC\" is the"
                + " heap left by the most recent collection of each heap pool (a live-set estimate). JVM max heap "
                + (Meter.maxHeap() / 1048576) + " MiB.");
        List<List<String>> rows = new ArrayList<>();
        for (Window w : o.windows()) {
            rows.add(Arrays.asList(Integer.toString(w.index()), Report.f1(w.endSecond()),
                    Long.toString(w.sentInWindow()), Long.toString(w.sentTotal()), Report.f0(w.eventsPerSecond()),
                    Report.f0(w.peakHeapBytes() / 1048576.0), Report.f0(w.heapAfterGcBytes() / 1048576.0)));
        }
        report.table("windows", "Drain by time window", Arrays.asList("window", "t (s)", "sent in window",
                "sent total", "events/s", "peak heap MiB", "heap after GC MiB"), rows);

        double rate = o.sentRows() / o.drain().seconds();
        List<Window> full = o.windows().subList(0, Math.max(0, o.windows().size() - 1));
        long firstHalfPeak = 0;
        long secondHalfPeak = 0;
        long firstHalfLive = 0;
        long secondHalfLive = 0;
        for (int i = 0; i < full.size(); i++) {
            Window w = full.get(i);
            if (i < full.size() / 2) {
                firstHalfPeak = Math.max(firstHalfPeak, w.peakHeapBytes());
                firstHalfLive = Math.max(firstHalfLive, w.heapAfterGcBytes());
            } else {
                secondHalfPeak = Math.max(secondHalfPeak, w.peakHeapBytes());
                secondHalfLive = Math.max(secondHalfLive, w.heapAfterGcBytes());
            }
        }
        double minRate = full.stream().mapToDouble(Window::eventsPerSecond).min().orElse(Double.NaN);
        double maxRate = full.stream().mapToDouble(Window::eventsPerSecond).max().orElse(Double.NaN);
        boolean flat = secondHalfLive <= firstHalfLive * 1.25 + 16 * 1048576L;
        List<List<String>> summary = new ArrayList<>();
        summary.add(Arrays.asList("rows SENT / loaded", o.sentRows() + " / " + config.rows()));
        summary.add(Arrays.asList("endpoint: events / distinct ids / requests",
                o.endpoint().events() + " / " + o.endpoint().uniqueEventIds() + " / " + o.endpoint().requests()));
        summary.add(Arrays.asList("drain time (s)", Report.f1(o.drain().seconds())));
        summary.add(Arrays.asList("overall drain rate (events/s)", Report.f0(rate)));
        summary.add(Arrays.asList("window rate min / max (full windows)", Report.f0(minRate) + " / "
                + Report.f0(maxRate)));
        summary.add(Arrays.asList("peak heap overall (MiB)", Report.f0(o.drain().peakHeapMb())));
        summary.add(Arrays.asList("peak heap first / second half (MiB)", Report.f0(firstHalfPeak / 1048576.0)
                + " / " + Report.f0(secondHalfPeak / 1048576.0)));
        summary.add(Arrays.asList("max heap after GC first / second half (MiB)",
                Report.f0(firstHalfLive / 1048576.0) + " / " + Report.f0(secondHalfLive / 1048576.0)));
        summary.add(Arrays.asList("heap flat (second-half live ≤ 1.25 × first-half + 16 MiB)",
                flat ? "yes" : "NO"));
        summary.add(Arrays.asList("process CPU (s) / DB CPU (s)", Report.f1(o.drain().cpuSeconds()) + " / "
                + (o.drain().childCpuNanos() > 0 ? Report.f1(o.drain().childCpuSeconds()) : "-")));
        summary.add(Arrays.asList("GCs / GC time", o.drain().gcCount() + " / " + o.drain().gcMillis() + " ms"));
        summary.add(Arrays.asList("check", o.verified() ? "OK" : "FAIL" + (o.finished() ? "" : " (timed out)")));
        report.table("summary", "Summary", Arrays.asList("measure", "value"), summary);
        report.data("config", config.toString());
        return report;
    }
}
