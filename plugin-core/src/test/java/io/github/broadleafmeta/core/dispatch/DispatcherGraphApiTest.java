package io.github.broadleafmeta.core.dispatch;

import io.github.broadleafmeta.core.capi.Credentials;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.github.broadleafmeta.core.capi.CapiClientConfig;
import io.github.broadleafmeta.core.capi.GraphApiClient;
import io.github.broadleafmeta.core.outbox.JdbcOutbox;
import io.github.broadleafmeta.core.outbox.OutboxConfig;
import io.github.broadleafmeta.core.outbox.OutboxRow;
import io.github.broadleafmeta.core.outbox.OutboxSearch;
import io.github.broadleafmeta.core.outbox.OutboxStatus;
import io.github.broadleafmeta.core.outbox.PooledDataSource;
import io.github.broadleafmeta.core.outbox.TestClock;
import io.github.broadleafmeta.core.outbox.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.github.broadleafmeta.core.outbox.TestDatabases.entry;
import static org.assertj.core.api.Assertions.assertThat;

/** The real dispatcher with the real Graph API client against a WireMock Graph API: outbox row → HTTP → outcome. */
class DispatcherGraphApiTest {

    static final String PIXEL = "222222222222222";
    static final String EVENTS_PATH = "/v26.0/" + PIXEL + "/events";

    private static DataSource db;
    private static WireMockServer graph;
    private static GraphApiClient client;

    TestClock clock;
    JdbcOutbox outbox;
    Map<String, PixelDeliverySettings> settings;
    Dispatcher dispatcher;
    long nowSeconds;

    @BeforeAll
    static void start() {
        db = new PooledDataSource(TestDatabases.hsqldbInMemory());
        graph = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        graph.start();
        client = new GraphApiClient(CapiClientConfig.custom().responseTimeout(Duration.ofSeconds(2)).build());
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        graph.stop();
    }

    @BeforeEach
    void setUp() {
        graph.resetAll();
        clock = TestClock.at("2026-11-23T10:00:00Z");
        nowSeconds = clock.millis() / 1000;
        outbox = new JdbcOutbox(db, OutboxConfig.custom().tableName(TestDatabases.uniqueTable()).build(), clock);
        outbox.initialize();
        settings = new ConcurrentHashMap<>();
        settings.put(PIXEL, pixel("token-1"));
        dispatcher = Dispatcher.builder(outbox, client, settings::get)
                .config(DispatcherConfig.custom().nodeId("wiremock-node").build())
                .clock(clock).jitter(() -> 0.5).build();
    }

    @AfterEach
    void tearDown() {
        dispatcher.stop();
    }

    PixelDeliverySettings pixel(String token) {
        return PixelDeliverySettings.builder(PIXEL).credentials(Credentials.of(token, null)).graphUrl(graph.baseUrl()).build();
    }

    void enqueue(String... eventIds) {
        for (String id : eventIds) {
            assertThat(outbox.enqueue(entry(PIXEL, "Purchase", id, nowSeconds).build()).isEnqueued()).isTrue();
        }
    }

    OutboxRow row(String eventId) {
        List<OutboxRow> rows = outbox.search(OutboxSearch.builder().eventId(eventId).build(), 0, 1).rows();
        return outbox.findById(rows.get(0).id());
    }

    static void acceptAll() {
        graph.stubFor(post(urlPathEqualTo(EVENTS_PATH)).atPriority(10).willReturn(WireMock.okJson(
                "{\"events_received\": {{jsonPath request.body '$.data.length()'}}, \"messages\": [],"
                        + " \"fbtrace_id\": \"TraceOk\"}").withTransformers("response-template")));
    }

    static String error(int code, String message, boolean isTransient) {
        return "{\"error\": {\"message\": \"" + message + "\", \"type\": \"OAuthException\", \"code\": " + code
                + ", \"error_subcode\": 2804019, \"is_transient\": " + isTransient
                + ", \"fbtrace_id\": \"TraceErr\"}}";
    }

    @Test
    void shouldMarkRowsSentWithMetasTraceWhenGraphApiAccepts() {
        acceptAll();
        enqueue("a", "b", "c");

        DispatchSummary summary = dispatcher.runOnce();

        assertThat(summary.sent()).isEqualTo(3);
        assertThat(row("b").status()).isEqualTo(OutboxStatus.SENT);
        assertThat(row("b").eventsReceived()).isEqualTo(3);
        graph.verify(1, postRequestedFor(urlPathEqualTo(EVENTS_PATH))
                .withRequestBody(containing("\"access_token\":\"token-1\"")));
    }

    @Test
    void shouldHoldWithTheReasonAndSendNothingWhenTheSavedTokenCannotBeDecrypted() {
        acceptAll();
        settings.put(PIXEL, PixelDeliverySettings.builder(PIXEL).graphUrl(graph.baseUrl())
                .credentialsProblem("meta.capi.accessToken cannot be decrypted: it was encrypted with another key")
                .build());
        enqueue("u1", "u2");

        DispatchSummary summary = dispatcher.runOnce();

        assertThat(summary.sent()).isZero();
        assertThat(row("u1").status()).isEqualTo(OutboxStatus.HELD_CREDENTIALS);
        assertThat(row("u1").lastErrorMessage()).contains("cannot be decrypted");
        graph.verify(0, postRequestedFor(urlPathEqualTo(EVENTS_PATH)));

        settings.put(PIXEL, pixel("token-1"));
        clock.advance(Duration.ofSeconds(1));
        dispatcher.runOnce();

        assertThat(row("u1").status()).isEqualTo(OutboxStatus.SENT);
        assertThat(row("u2").status()).isEqualTo(OutboxStatus.SENT);
    }

    @Test
    void shouldDeliverGoodEventsAndRejectOnlyTheBadOneWhenMetaRejectsTheBatch() {
        acceptAll();
        graph.stubFor(post(urlPathEqualTo(EVENTS_PATH)).atPriority(1)
                .withRequestBody(containing("\"event_id\":\"poison\""))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody(error(100, "Invalid parameter: event_time is malformed", false))));
        enqueue("g1", "g2", "poison", "g3", "g4", "g5", "g6", "g7");

        dispatcher.runOnce();

        for (String good : new String[] {"g1", "g2", "g3", "g4", "g5", "g6", "g7"}) {
            assertThat(row(good).status()).as(good).isEqualTo(OutboxStatus.SENT);
        }
        OutboxRow bad = row("poison");
        assertThat(bad.status()).isEqualTo(OutboxStatus.REJECTED);
        assertThat(bad.lastErrorMessage()).contains("Invalid parameter");
        assertThat(bad.lastErrorCode()).isEqualTo(100);
    }

    @Test
    void shouldHoldRowsAndResumeWhenTokenIsRevokedThenReplaced() {
        graph.stubFor(post(urlPathEqualTo(EVENTS_PATH)).atPriority(1)
                .withRequestBody(containing("\"access_token\":\"token-1\""))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody(error(190, "Error validating access token", false))));
        acceptAll();
        enqueue("h1", "h2");

        dispatcher.runOnce();
        assertThat(row("h1").status()).isEqualTo(OutboxStatus.HELD_CREDENTIALS);
        dispatcher.runOnce();
        graph.verify(1, postRequestedFor(urlPathEqualTo(EVENTS_PATH)));

        settings.put(PIXEL, pixel("token-2"));
        clock.advance(Duration.ofSeconds(1));
        dispatcher.runOnce();
        dispatcher.runOnce();

        assertThat(row("h1").status()).isEqualTo(OutboxStatus.SENT);
        assertThat(row("h2").status()).isEqualTo(OutboxStatus.SENT);
    }

    @Test
    void shouldBackOffAtLeastRetryAfterWhenRateLimited() {
        graph.stubFor(post(urlPathEqualTo(EVENTS_PATH)).willReturn(aResponse().withStatus(429)
                .withHeader("Retry-After", "120").withHeader("Content-Type", "application/json")
                .withBody(error(4, "Application request limit reached", true))));
        enqueue("r1");

        dispatcher.runOnce();

        OutboxRow row = row("r1");
        assertThat(row.status()).isEqualTo(OutboxStatus.PENDING);
        assertThat(row.attempts()).isEqualTo(1);
        assertThat(row.nextAttemptAt()).isAfterOrEqualTo(clock.instant().plusSeconds(120));
        assertThat(row.lastErrorCode()).isEqualTo(4);
    }

    @Test
    void shouldRetryAndThenDeliverWhenGraphApiFailsOnceWithServerError() {
        graph.stubFor(post(urlPathEqualTo(EVENTS_PATH)).inScenario("flaky").whenScenarioStateIs("Started")
                .willReturn(aResponse().withStatus(503).withBody("<html>maintenance</html>"))
                .willSetStateTo("recovered"));
        graph.stubFor(post(urlPathEqualTo(EVENTS_PATH)).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(WireMock.okJson("{\"events_received\": 1, \"fbtrace_id\": \"T2\"}")));
        enqueue("f1");

        dispatcher.runOnce();
        assertThat(row("f1").status()).isEqualTo(OutboxStatus.PENDING);
        clock.advance(Duration.ofMinutes(20));
        dispatcher.runOnce();

        assertThat(row("f1").status()).isEqualTo(OutboxStatus.SENT);
        assertThat(row("f1").attempts()).isEqualTo(1);
    }
}
