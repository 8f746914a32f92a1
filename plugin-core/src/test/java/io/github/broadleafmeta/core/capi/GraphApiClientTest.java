package io.github.broadleafmeta.core.capi;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GraphApiClientTest {

    static final String PIXEL = "1234567890";
    static final String TOKEN = "EAAGsecretTOKENvalue123";
    static final String APP_SECRET = "appSecretValue456";
    static final String PATH = "/v26.0/" + PIXEL + "/events";
    static final String EVENT_1 = "{\"event_name\":\"PageView\",\"event_time\":1700000000,\"event_id\":\"e1\","
            + "\"action_source\":\"website\"}";
    static final String EVENT_2 = "{\"event_name\":\"Purchase\",\"event_time\":1700000001,\"event_id\":\"order.7\","
            + "\"action_source\":\"website\",\"custom_data\":{\"value\":1000,\"currency\":\"USD\"}}";

    static WireMockServer server;
    static GraphApiClient client;
    final ObjectMapper mapper = new ObjectMapper();

    @BeforeAll
    static void startServer() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        client = new GraphApiClient(CapiClientConfig.custom().responseTimeout(Duration.ofSeconds(3))
                .connectTimeout(Duration.ofSeconds(2)).build());
    }

    @AfterAll
    static void stopServer() {
        client.close();
        server.stop();
    }

    @BeforeEach
    void reset() {
        server.resetAll();
    }

    static SendRequest.Builder request() {
        return SendRequest.builder().graphUrl("http://127.0.0.1:" + server.port()).pixelId(PIXEL)
                .credentials(Credentials.of(TOKEN, APP_SECRET)).eventJsons(List.of(EVENT_1, EVENT_2));
    }

    static SendResult send(GraphApiClient c, SendRequest r) throws Exception {
        return c.send(r).get(10, TimeUnit.SECONDS);
    }

    static SendResult send(SendRequest r) throws Exception {
        return send(client, r);
    }

    static void stub(int status, String body) {
        server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body)));
    }

    static String expectedProof() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(APP_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(TOKEN.getBytes(StandardCharsets.UTF_8)));
    }

    static void assertNoSecrets(SendResult r) {
        assertThat(r.toString()).doesNotContain(TOKEN).doesNotContain(APP_SECRET);
        if (r.error() != null) {
            GraphError e = r.error();
            for (String s : new String[] {e.message(), e.type(), e.userTitle(), e.userMessage(), e.summary(),
                    e.toString()}) {
                assertThat(String.valueOf(s)).doesNotContain(TOKEN).doesNotContain(APP_SECRET);
            }
        }
        assertThat(String.valueOf(r.messages())).doesNotContain(TOKEN).doesNotContain(APP_SECRET);
    }

    @Test
    void shouldDeliverAndParseReceiptWhenMetaAccepts() throws Exception {
        server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200)
                .withBody("{\"events_received\":2,\"messages\":[\"note\"],\"fbtrace_id\":\"AbCdTrace\"}")));

        SendResult r = send(request().build());

        assertThat(r.outcome()).isEqualTo(DeliveryOutcome.DELIVERED);
        assertThat(r.httpStatus()).isEqualTo(200);
        assertThat(r.eventsReceived()).isEqualTo(2);
        assertThat(r.messages()).containsExactly("note");
        assertThat(r.fbtraceId()).isEqualTo("AbCdTrace");
    }

    @Test
    void shouldPostTokenProofAndEventsInBodyWhenSending() throws Exception {
        stub(200, "{\"events_received\":2}");

        send(request().testEventCode("TEST4242").build());

        List<LoggedRequest> requests = server.findAll(postRequestedFor(urlEqualTo(PATH)));
        assertThat(requests).hasSize(1);
        LoggedRequest req = requests.get(0);
        assertThat(req.getUrl()).isEqualTo(PATH).doesNotContain(TOKEN).doesNotContain("access_token");
        assertThat(req.getHeader("Content-Type")).startsWith("application/json");
        assertThat(req.getHeader("User-Agent")).isEqualTo(CapiClientConfig.DEFAULT_USER_AGENT);
        String body = req.getBodyAsString();
        assertThat(body).startsWith("{\"data\":[" + EVENT_1 + "," + EVENT_2 + "],");
        JsonNode json = mapper.readTree(body);
        assertThat(json.get("data")).hasSize(2);
        assertThat(json.get("data").get(1)).isEqualTo(mapper.readTree(EVENT_2));
        assertThat(json.get("access_token").asText()).isEqualTo(TOKEN);
        assertThat(json.get("appsecret_proof").asText()).isEqualTo(expectedProof()).matches("[0-9a-f]{64}");
        assertThat(json.get("partner_agent").asText()).isEqualTo(CapiClientConfig.DEFAULT_PARTNER_AGENT);
        assertThat(json.get("test_event_code").asText()).isEqualTo("TEST4242");
    }

    @Test
    void shouldOmitProofAndTestCodeWhenNotConfigured() throws Exception {
        stub(200, "{\"events_received\":2}");

        send(request().credentials(Credentials.of(TOKEN, null)).build());

        JsonNode json = mapper.readTree(server.findAll(postRequestedFor(urlEqualTo(PATH))).get(0).getBodyAsString());
        assertThat(json.has("appsecret_proof")).isFalse();
        assertThat(json.has("test_event_code")).isFalse();
        assertThat(json.get("access_token").asText()).isEqualTo(TOKEN);
    }

    @Test
    void shouldUseVersionAndToleratePathAndSlashWhenGraphUrlHasThem() throws Exception {
        server.stubFor(post(urlEqualTo("/graph/v25.0/" + PIXEL + "/events"))
                .willReturn(aResponse().withStatus(200).withBody("{\"events_received\":2}")));

        SendResult r = send(request().graphUrl("http://127.0.0.1:" + server.port() + "/graph/").apiVersion("v25.0")
                .build());

        assertThat(r.isDelivered()).isTrue();
    }

    @Test
    void shouldRefuseWithoutRequestWhenPixelIdIsNotDigits() throws Exception {
        SendResult r = send(request().pixelId("123/../../me").build());

        assertThat(r.outcome()).isEqualTo(DeliveryOutcome.CREDENTIALS);
        assertThat(r.error().type()).isEqualTo("invalid_configuration");
        assertThat(server.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void shouldRefuseWithoutRequestWhenGraphUrlIsNotHttp() throws Exception {
        SendResult r = send(request().graphUrl("file:///etc/passwd").build());

        assertThat(r.outcome()).isEqualTo(DeliveryOutcome.CREDENTIALS);
        assertThat(r.error().message()).contains("http");
    }

    @Test
    void shouldRefuseWithoutRequestWhenGraphUrlIsPlainHttpToANonLoopbackHost() throws Exception {
        SendResult r = send(request().graphUrl("http://graph.facebook.com").build());

        assertThat(r.outcome()).isEqualTo(DeliveryOutcome.CREDENTIALS);
        assertThat(r.error().message()).contains("loopback");
    }

    @Test
    void shouldRejectWithoutRequestWhenAnEventIsNotJsonObject() throws Exception {
        SendResult r = send(request().eventJsons(List.of(EVENT_1, "\"oops\"],\"access_token\":\"x")).build());

        assertThat(r.outcome()).isEqualTo(DeliveryOutcome.REJECTED);
        assertThat(r.error().message()).contains("event 1");
        assertThat(server.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void shouldRejectWithMetaMessageWhenInvalidParameter() throws Exception {
        stub(400, "{\"error\":{\"message\":\"Invalid parameter\",\"type\":\"OAuthException\",\"code\":100,"
                + "\"error_subcode\":2804019,\"error_user_title\":\"Invalid event\",\"error_user_msg\":\"bad ip\","
                + "\"fbtrace_id\":\"TraceX\"}}");

        SendResult r = send(request().build());

        assertThat(r.outcome()).isEqualTo(DeliveryOutcome.REJECTED);
        assertThat(r.httpStatus()).isEqualTo(400);
        assertThat(r.error().message()).isEqualTo("Invalid parameter");
        assertThat(r.error().subcode()).isEqualTo(2804019);
        assertThat(r.error().userMessage()).isEqualTo("bad ip");
        assertThat(r.fbtraceId()).isEqualTo("TraceX");
    }

    @Test
    void shouldReportCredentialsWhenTokenExpired() throws Exception {
        stub(400, "{\"error\":{\"message\":\"Error validating access token\",\"type\":\"OAuthException\","
                + "\"code\":190,\"error_subcode\":463,\"fbtrace_id\":\"T190\"}}");

        SendResult r = send(request().build());

        assertThat(r.outcome()).isEqualTo(DeliveryOutcome.CREDENTIALS);
        assertThat(r.error().code()).isEqualTo(190);
    }

    @Test
    void shouldRateLimitWithRetryAfterWhen429() throws Exception {
        server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")
                .withBody("{\"error\":{\"message\":\"Too many calls\",\"code\":80004,\"fbtrace_id\":\"T4\"}}")));

        SendResult r = send(request().build());

        assertThat(r.outcome()).isEqualTo(DeliveryOutcome.RATE_LIMITED);
        assertThat(r.retryAfterMillis()).isEqualTo(30_000L);
        assertThat(r.error().code()).isEqualTo(80004);
    }

    @Test
    void shouldRetryWhenServerError() throws Exception {
        server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(500)
                .withHeader("x-fb-trace-id", "HdrTrace")));

        SendResult r = send(request().build());

        assertThat(r.outcome()).isEqualTo(DeliveryOutcome.RETRY);
        assertThat(r.httpStatus()).isEqualTo(500);
        assertThat(r.fbtraceId()).isEqualTo("HdrTrace");
    }

    @Test
    void shouldRetryWhen503IsHtml() throws Exception {
        server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "text/html").withBody("<html><body>Service Unavailable</body></html>")));

        SendResult r = send(request().build());

        assertThat(r.outcome()).isEqualTo(DeliveryOutcome.RETRY);
        assertThat(r.error().type()).isEqualTo("server_error");
    }

    @Test
    void shouldRetryQuicklyWithTimeoutWhenResponseIsSlow() throws Exception {
        server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200)
                .withBody("{\"events_received\":2}").withFixedDelay(3000)));
        try (GraphApiClient impatient = new GraphApiClient(CapiClientConfig.custom()
                .responseTimeout(Duration.ofMillis(300)).build())) {
            long start = System.nanoTime();

            SendResult r = send(impatient, request().build());

            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(r.outcome()).isEqualTo(DeliveryOutcome.RETRY);
            assertThat(r.httpStatus()).isZero();
            assertThat(r.error().type()).isEqualTo("response_timeout");
            assertThat(millis).isBetween(250L, 1500L);
        }
    }

    @Test
    void shouldRetryWithTimeoutWhenServerTricklesItsAnswerPastTheTotalTimeout() throws Exception {
        // Every chunk arrives inside the response timeout; only the total timeout can end this.
        server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200)
                .withBody("{\"events_received\":2,\"fbtrace_id\":\"Trickle\"}").withChunkedDribbleDelay(20, 6000)));
        try (GraphApiClient impatient = new GraphApiClient(CapiClientConfig.custom()
                .responseTimeout(Duration.ofMillis(1000)).totalTimeout(Duration.ofMillis(1500)).build())) {
            long start = System.nanoTime();

            SendResult r = send(impatient, request().build());

            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(r.outcome()).isEqualTo(DeliveryOutcome.RETRY);
            assertThat(r.httpStatus()).isZero();
            assertThat(r.error().type()).isEqualTo("response_timeout");
            assertThat(r.error().message()).contains("1500 ms");
            assertThat(millis).isBetween(1400L, 4000L);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"CONNECTION_RESET_BY_PEER", "EMPTY_RESPONSE",
            "MALFORMED_RESPONSE_CHUNK", "RANDOM_DATA_THEN_CLOSE"})
    void shouldRetryWhenConnectionFaults(Fault fault) throws Exception {
        server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withFault(fault)));

        SendResult r = send(request().build());

        assertThat(r.outcome()).isEqualTo(DeliveryOutcome.RETRY);
        assertThat(r.error().code()).isNull();
        assertThat(r.error().type()).isNotBlank();
        assertNoSecrets(r);
    }

    @Test
    void shouldRetryWhenConnectionRefused() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        SendResult r = send(request().graphUrl("http://127.0.0.1:" + closedPort).build());

        assertThat(r.outcome()).isEqualTo(DeliveryOutcome.RETRY);
        assertThat(r.error().type()).isEqualTo("connection_refused");
        assertThat(r.httpStatus()).isZero();
    }

    @Test
    void shouldRetryWhenSuccessBodyIsEmpty() throws Exception {
        stub(200, "");

        SendResult r = send(request().build());

        assertThat(r.outcome()).isEqualTo(DeliveryOutcome.RETRY);
        assertThat(r.error().type()).isEqualTo("invalid_response");
    }

    @Test
    void shouldRetryPartialReceiptWhenFewerEventsReceived() throws Exception {
        stub(200, "{\"events_received\":1,\"fbtrace_id\":\"Tp\"}");

        SendResult r = send(request().build());

        assertThat(r.outcome()).isEqualTo(DeliveryOutcome.RETRY);
        assertThat(r.error().type()).isEqualTo("partial_receipt");
        assertThat(r.error().message()).isEqualTo("Meta received 1 of 2 events");
    }

    @Test
    void shouldRetryWhenBodyExceedsLimitWithContentLength() throws Exception {
        stub(200, "{\"events_received\":2,\"pad\":\"" + "x".repeat(5000) + "\"}");
        try (GraphApiClient small = new GraphApiClient(CapiClientConfig.custom().maxResponseBytes(1024).build())) {

            SendResult r = send(small, request().build());

            assertThat(r.outcome()).isEqualTo(DeliveryOutcome.RETRY);
            assertThat(r.error().type()).isEqualTo("response_too_large");
            assertThat(r.httpStatus()).isEqualTo(200);
        }
    }

    @Test
    void shouldRetryWhenChunkedBodyExceedsLimit() throws Exception {
        server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200)
                .withBody("{\"events_received\":2,\"pad\":\"" + "x".repeat(5000) + "\"}")
                .withChunkedDribbleDelay(5, 50)));
        try (GraphApiClient small = new GraphApiClient(CapiClientConfig.custom().maxResponseBytes(1024).build())) {

            SendResult r = send(small, request().build());

            assertThat(r.outcome()).isEqualTo(DeliveryOutcome.RETRY);
            assertThat(r.error().type()).isEqualTo("response_too_large");
        }
    }

    @Test
    void shouldCompleteAllWhenFiftySendsRunConcurrently() throws Exception {
        server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200)
                .withBody("{\"events_received\":2}").withFixedDelay(50)));
        List<CompletableFuture<SendResult>> futures = new ArrayList<>();

        for (int i = 0; i < 50; i++) {
            futures.add(client.send(request().build()));
        }

        CompletableFuture.allOf(futures.toArray(new CompletableFuture[0])).get(20, TimeUnit.SECONDS);
        for (CompletableFuture<SendResult> f : futures) {
            assertThat(f.get().isDelivered()).isTrue();
        }
        server.verify(50, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void shouldRedactSecretsWhenServerEchoesThem() throws Exception {
        stub(400, "{\"error\":{\"message\":\"bad token " + TOKEN + "\",\"code\":190,"
                + "\"error_user_msg\":\"secret " + APP_SECRET + "\",\"fbtrace_id\":\"T\"}}");

        SendResult r = send(request().build());

        assertThat(r.outcome()).isEqualTo(DeliveryOutcome.CREDENTIALS);
        assertThat(r.error().message()).isEqualTo("bad token [redacted]");
        assertNoSecrets(r);
    }

    @Test
    void shouldKeepSecretsOutOfToStringWhenRequestIsLogged() {
        String text = request().testEventCode("TEST1").build().toString();
        assertThat(text).doesNotContain(TOKEN).doesNotContain(APP_SECRET).contains(PIXEL);
    }

    @Test
    void shouldLogPixelAndOutcomeButNoSecretsWhenSendFails() throws Exception {
        List<String> logged = new CopyOnWriteArrayList<>();
        Logger jul = Logger.getLogger(GraphApiClient.class.getName());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jul.addHandler(handler);
        try {
            stub(400, "{\"error\":{\"message\":\"Invalid parameter\",\"code\":100,\"fbtrace_id\":\"LogTrace\"}}");

            send(request().build());

            assertThat(logged).anySatisfy(m -> assertThat(m).contains(PIXEL).contains("REJECTED")
                    .contains("LogTrace").contains("400"));
            send(request().pixelId("12\nFAKE LOG LINE").build());
            assertThat(String.join("\n", logged)).doesNotContain("FAKE LOG LINE")
                    .doesNotContain(TOKEN).doesNotContain(APP_SECRET)
                    .doesNotContain("PageView").doesNotContain(expectedProof());
        } finally {
            jul.removeHandler(handler);
        }
    }

    @Test
    void shouldCompleteWithClassifiedFailureWhenSendingAfterClose() throws Exception {
        GraphApiClient closing = new GraphApiClient(CapiClientConfig.ofDefaults());
        closing.close();
        assertThatCode(closing::close).doesNotThrowAnyException();

        SendResult r = send(closing, request().build());

        assertThat(r.outcome()).isEqualTo(DeliveryOutcome.RETRY);
        assertThat(r.error().type()).isEqualTo("client_closed");
    }

    @Test
    void shouldCompleteInFlightSendsWhenClosedMidRequest() throws Exception {
        server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200)
                .withBody("{\"events_received\":2}").withFixedDelay(8000)));
        GraphApiClient closing = new GraphApiClient(CapiClientConfig.custom()
                .shutdownTimeout(Duration.ofMillis(500)).build());
        CompletableFuture<SendResult> inFlight = closing.send(request().build());
        Thread.sleep(200);

        long start = System.nanoTime();
        closing.close();
        SendResult r = inFlight.get(10, TimeUnit.SECONDS);

        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2500L);
        assertThat(r.outcome()).isEqualTo(DeliveryOutcome.RETRY);
    }

    @Test
    void shouldCompleteNormallyWhenRequestIsNull() throws Exception {
        SendResult r = client.send(null).get(1, TimeUnit.SECONDS);
        assertThat(r.isDelivered()).isFalse();
    }

    @Test
    void shouldComputeDocumentedProofWhenAppSecretSet() throws Exception {
        assertThat(GraphApiClient.appSecretProof(APP_SECRET, TOKEN)).isEqualTo(expectedProof());
    }
}
