package io.github.broadleafmeta.store;

import io.github.broadleafmeta.core.capi.Credentials;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.github.broadleafmeta.core.capi.CapiClientConfig;
import io.github.broadleafmeta.core.capi.EventSender;
import io.github.broadleafmeta.core.capi.GraphApiClient;
import io.github.broadleafmeta.core.capi.SendRequest;
import io.github.broadleafmeta.core.capi.SendResult;
import io.github.broadleafmeta.core.dispatch.DispatchListener;
import io.github.broadleafmeta.core.dispatch.DispatchSummary;
import io.github.broadleafmeta.core.dispatch.Dispatcher;
import io.github.broadleafmeta.core.dispatch.DispatcherConfig;
import io.github.broadleafmeta.core.dispatch.PixelDeliverySettings;
import io.github.broadleafmeta.core.outbox.JdbcOutbox;
import io.github.broadleafmeta.core.outbox.OutboxConfig;
import io.github.broadleafmeta.core.outbox.OutboxEntry;
import io.github.broadleafmeta.core.outbox.OutboxRow;
import io.github.broadleafmeta.core.outbox.OutboxSearch;
import io.github.broadleafmeta.core.outbox.OutboxStatus;
import org.hsqldb.jdbc.JDBCDataSource;

import java.io.File;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The plugin's real delivery engine for the engine-level fault cases: plugin-core's {@link Dispatcher},
 * {@link JdbcOutbox} and {@link GraphApiClient} on an HSQLDB file database under {@code target/fault-engine},
 * with a WireMock Graph API. Nothing is stubbed inside the engine; the only test seam is a recording wrapper
 * around the real client, which notes what each request carried and what came back.
 *
 * <p>Time is simulated ({@link SimulatedClock}): the dispatcher's real back-off (60 s rate-limit floor, 30 s breaker,
 * exponential retries) is kept as shipped, and the cases step the clock instead of sleeping through minutes of
 * storm. Only the HTTP exchanges themselves (timeouts, slow answers) take real time.
 */
final class FaultEngine implements AutoCloseable {

    static final String PIXEL = "424242424242424";
    static final String TOKEN = "fault-engine-token-never-logged";
    static final String EVENTS_PATH = "/v26.0/" + PIXEL + "/events";

    private static final Pattern EVENT_ID = Pattern.compile("\"event_id\":\"([^\"]+)\"");
    private static final AtomicInteger TABLES = new AtomicInteger();

    final SimulatedClock clock = new SimulatedClock(Instant.parse("2026-11-23T10:00:00Z"));
    final WireMockServer graph;
    final GraphApiClient client;
    final JdbcOutbox outbox;
    final Dispatcher dispatcher;
    /** Every request the dispatcher made, in order, with its answer. */
    final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
    final AtomicInteger isolationRequests = new AtomicInteger();

    private final JDBCDataSource database;

    /** One request: when it left (simulated time), the event ids it carried, what the client made of the answer. */
    static final class Exchange {
        final Instant at;
        final List<String> eventIds;
        volatile SendResult result;

        Exchange(Instant at, List<String> eventIds) {
            this.at = at;
            this.eventIds = eventIds;
        }
    }

    /** A java.time.Clock the case moves by hand (plugin-core's test clock is not on this class path). */
    static final class SimulatedClock extends Clock {
        private volatile Instant now;

        SimulatedClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    FaultEngine(String caseName, CapiClientConfig clientConfig, DispatcherConfig dispatcherConfig) {
        File dir = new File("target/fault-engine/" + caseName + "-" + System.currentTimeMillis());
        dir.mkdirs();
        database = new JDBCDataSource();
        database.setUrl("jdbc:hsqldb:file:" + new File(dir, "outbox").getAbsolutePath());
        database.setUser("SA");
        database.setPassword("");
        graph = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort()
                .containerThreads(20));
        graph.start();
        client = new GraphApiClient(clientConfig, clock);
        outbox = new JdbcOutbox(database, OutboxConfig.custom().tableName("FAULT_OUTBOX_" + TABLES.incrementAndGet())
                .build(), clock);
        outbox.initialize();
        PixelDeliverySettings pixel = PixelDeliverySettings.builder(PIXEL).credentials(Credentials.of(TOKEN, null))
                .graphUrl(graph.baseUrl()).build();
        dispatcher = Dispatcher.builder(outbox, recording(client), id -> PIXEL.equals(id) ? pixel : null)
                .config(dispatcherConfig).clock(clock)
                .listener(new DispatchListener() {
                    @Override
                    public void isolationRequests(String pixelId, int batchSize, int requests, int rejected) {
                        isolationRequests.addAndGet(requests);
                    }
                })
                .build();
    }

    private EventSender recording(GraphApiClient real) {
        return request -> {
            Exchange exchange = new Exchange(clock.instant(), eventIds(request));
            exchanges.add(exchange);
            CompletableFuture<SendResult> answer = real.send(request);
            return answer.thenApply(r -> {
                exchange.result = r;
                return r;
            });
        };
    }

    private static List<String> eventIds(SendRequest request) {
        List<String> ids = new ArrayList<>(request.eventJsons().size());
        for (String json : request.eventJsons()) {
            Matcher m = EVENT_ID.matcher(json);
            ids.add(m.find() ? m.group(1) : "?");
        }
        return ids;
    }

    /** Enqueues {@code count} valid website events {@code prefix-0 ... prefix-(count-1)} timed "now". */
    List<String> enqueue(String prefix, int count) {
        List<String> ids = new ArrayList<>(count);
        long now = clock.instant().getEpochSecond();
        for (int i = 0; i < count; i++) {
            String id = prefix + "-" + i;
            OutboxEntry entry = OutboxEntry.builder().pixelId(PIXEL).eventName("ViewContent").eventId(id)
                    .eventTime(now).payloadJson(event(id, now)).build();
            if (!outbox.enqueue(entry).isEnqueued()) {
                throw new AssertionError("the outbox refused " + id);
            }
            ids.add(id);
        }
        return ids;
    }

    /** Enqueues one event with the given payload (a case's deliberately invalid one). */
    void enqueue(String eventId, String payloadJson) {
        OutboxEntry entry = OutboxEntry.builder().pixelId(PIXEL).eventName("ViewContent").eventId(eventId)
                .eventTime(clock.instant().getEpochSecond()).payloadJson(payloadJson).build();
        if (!outbox.enqueue(entry).isEnqueued()) {
            throw new AssertionError("the outbox refused " + eventId);
        }
    }

    static String event(String eventId, long eventTime) {
        return "{\"event_name\":\"ViewContent\",\"event_time\":" + eventTime + ",\"event_id\":\"" + eventId
                + "\",\"action_source\":\"website\",\"event_source_url\":\"https://brewbeans.example/beans/kenya-aa\","
                + "\"user_data\":{\"client_user_agent\":\"Mozilla/5.0 (fault suite)\",\"em\":[\""
                + "7b17fb0bd173f625b58636fb796407c22b3d16fc78302d79f0fd30c2fc2fc068\"]},"
                + "\"custom_data\":{\"content_ids\":[\"kenya-aa\"],\"content_type\":\"product\","
                + "\"value\":18.90,\"currency\":\"USD\"}}";
    }

    DispatchSummary cycle() {
        return dispatcher.runOnce();
    }

    /** Rows per status. */
    Map<OutboxStatus, Integer> statusCounts() {
        Map<OutboxStatus, Integer> counts = new EnumMap<>(OutboxStatus.class);
        for (OutboxStatus s : OutboxStatus.values()) {
            int n = (int) outbox.search(OutboxSearch.builder().status(s).build(), 0, 1).total();
            if (n > 0) {
                counts.put(s, n);
            }
        }
        return counts;
    }

    int count(OutboxStatus status) {
        return statusCounts().getOrDefault(status, 0);
    }

    OutboxRow row(String eventId) {
        List<OutboxRow> rows = outbox.search(OutboxSearch.builder().eventId(eventId).build(), 0, 1).rows();
        if (rows.isEmpty()) {
            throw new AssertionError("no outbox row for " + eventId);
        }
        return outbox.findById(rows.get(0).id());
    }

    /** Every row (without payloads: status, attempts, next attempt and last error are what the cases read). */
    List<OutboxRow> rows() {
        List<OutboxRow> all = new ArrayList<>();
        int offset = 0;
        while (true) {
            List<OutboxRow> page = outbox.search(OutboxSearch.all(), offset, 500).rows();
            all.addAll(page);
            if (page.size() < 500) {
                return all;
            }
            offset += page.size();
        }
    }

    /** Event ids Meta accepted (from DELIVERED answers), with repeats. */
    List<String> deliveredEventIds() {
        List<String> ids = new ArrayList<>();
        for (Exchange e : exchanges) {
            if (e.result != null && e.result.isDelivered()) {
                ids.addAll(e.eventIds);
            }
        }
        return ids;
    }

    @Override
    public void close() {
        dispatcher.stop();
        client.close();
        graph.stop();
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        } catch (SQLException e) {
            // already closed: nothing to release
        }
    }
}
