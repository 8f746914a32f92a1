package io.github.broadleafmeta.core.quality;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.broadleafmeta.core.capi.Credentials;
import io.github.broadleafmeta.core.settings.PixelSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The quality reader against a local stub serving the shapes Meta documents, its errors and worse. */
class QualityReaderTest {

    static final String PIXEL = "1234567890";
    static final String TOKEN = "EAAGsecretTOKENvalue123";
    static final Instant NOW = Instant.parse("2026-12-07T08:00:00Z");
    /** Both reads go in one batch request to the version's root. */
    static final String BATCH_PATH = "/v26.0";
    static final String VALID_TOKEN = "{\"data\":{\"app_id\":\"1\",\"type\":\"SYSTEM_USER\",\"is_valid\":true,"
            + "\"expires_at\":0,\"data_access_expires_at\":0,\"scopes\":[\"ads_management\",\"business_management\"]}}";

    static final String DOCUMENTED_DATASET = "{\"web\":[{\"event_name\":\"Purchase\","
            + "\"event_match_quality\":{\"composite_score\":6.4,\"match_key_feedback\":["
            + "{\"identifier\":\"email\",\"coverage\":{\"percentage\":92.5}},"
            + "{\"identifier\":\"phone\",\"coverage\":{\"percentage\":40}},"
            + "{\"identifier\":\"external_id\",\"coverage\":{\"percentage\":100}}]},"
            + "\"event_coverage\":{\"percentage\":81.2,\"goal_percentage\":75},"
            + "\"dedupe_key_feedback\":[{\"dedupe_key\":\"event_id\","
            + "\"browser_events_with_dedupe_key\":{\"percentage\":100},"
            + "\"server_events_with_dedupe_key\":{\"percentage\":99.5},"
            + "\"overall_browser_coverage_from_dedupe_key\":{\"percentage\":78}}],"
            + "\"data_freshness\":{\"upload_frequency\":\"real_time\"}},"
            + "{\"event_name\":\"AddToCart\",\"event_match_quality\":{\"composite_score\":5.1}}]}";

    static WireMockServer stub;
    final CopyOnWriteArrayList<String> logLines = new CopyOnWriteArrayList<String>();
    GraphReadClient client;
    QualityReader reader;

    @BeforeAll
    static void startStub() {
        stub = new WireMockServer(options().dynamicPort());
        stub.start();
    }

    @AfterAll
    static void stopStub() {
        stub.stop();
    }

    @AfterEach
    void closeClient() {
        client.close();
    }

    @BeforeEach
    void reset() {
        stub.resetAll();
        client = new GraphReadClient(Duration.ofSeconds(2), Duration.ofSeconds(2), 64 * 1024, "test");
        reader = new QualityReader(client, Clock.fixed(NOW, ZoneOffset.UTC));
        Logger log = Logger.getLogger(QualityReader.class.getName());
        log.setLevel(Level.ALL);
        log.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                logLines.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    PixelSettings pixel() {
        return PixelSettings.builder().pixelId(PIXEL).enabled(true).credentials(Credentials.of(TOKEN, null))
                .apiVersion("v26.0").graphUrl(stub.baseUrl()).build();
    }

    /** Meta's batch answer: one {code, body} per request, each body a JSON string. */
    static String batchAnswer(int datasetCode, String datasetBody, int tokenCode, String tokenBody) {
        return "[{\"code\":" + datasetCode + ",\"body\":" + jsonString(datasetBody) + "},{\"code\":" + tokenCode
                + ",\"body\":" + jsonString(tokenBody) + "}]";
    }

    static String jsonString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    void answer(int datasetCode, String datasetBody, int tokenCode, String tokenBody) {
        stub.stubFor(post(urlEqualTo(BATCH_PATH)).willReturn(aResponse().withStatus(200)
                .withBody(batchAnswer(datasetCode, datasetBody, tokenCode, tokenBody))));
    }

    void answerDataset(int code, String body) {
        answer(code, body, 200, VALID_TOKEN);
    }

    @Test
    void shouldParseEveryDocumentedFigurePerEventNameWhenMetaAnswersTheDocumentedShape() {
        answerDataset(200, DOCUMENTED_DATASET);

        QualityReading r = reader.read(pixel());

        assertThat(r.dataset().state()).isEqualTo(ReadState.OK);
        EventQuality purchase = r.dataset().event("Purchase");
        assertThat(purchase.emqScore()).isEqualTo(6.4);
        assertThat(purchase.matchKeyCoverage()).containsEntry("email", 92.5).containsEntry("phone", 40.0)
                .containsEntry("external_id", 100.0);
        assertThat(purchase.eventCoverage()).isEqualTo(81.2);
        assertThat(purchase.eventCoverageGoal()).isEqualTo(75.0);
        assertThat(purchase.dedupeFeedback()).hasSize(1);
        assertThat(purchase.dedupeFeedback().get(0).dedupeKey()).isEqualTo("event_id");
        assertThat(purchase.dedupeFeedback().get(0).serverEventsWithKey()).isEqualTo(99.5);
        assertThat(purchase.dedupeFeedback().get(0).browserCoverageFromKey()).isEqualTo(78.0);
        assertThat(purchase.uploadFrequency()).isEqualTo("real_time");
        assertThat(r.dataset().event("AddToCart").emqScore()).isEqualTo(5.1);
    }

    @Test
    void shouldSendBothReadsInOneBatchWithTheTokenInTheBodyAndNeverInTheUrl() {
        answerDataset(200, "{}");

        reader.read(pixel());

        assertThat(stub.getAllServeEvents()).hasSize(1);
        LoggedRequest request = stub.getAllServeEvents().get(0).getRequest();
        assertThat(request.getUrl()).isEqualTo(BATCH_PATH).doesNotContain(TOKEN);
        assertThat(request.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
        stub.verify(postRequestedFor(urlEqualTo(BATCH_PATH)).withFormParam("access_token", equalTo(TOKEN))
                .withFormParam("batch", containing("\"relative_url\":\"dataset_quality?dataset_id=" + PIXEL + "&fields="))
                .withFormParam("batch", containing("\"relative_url\":\"debug_token?input_token=" + TOKEN + "\"")));
    }

    @Test
    void shouldKeepUnknownEventNamesAndLeaveMissingFiguresNullWhenMetaOmitsThem() {
        answerDataset(200, "{\"web\":[{\"event_name\":\"MyCustomThing\"},{\"event_match_quality\":{\"composite_score\":9}},"
                + "{\"event_name\":\"Lead\",\"event_match_quality\":{\"composite_score\":\"7.5\","
                + "\"match_key_feedback\":[{\"identifier\":\"email\"}]},\"unexpected\":[1,2]}]}");

        DatasetQuality d = reader.read(pixel()).dataset();

        assertThat(d.state()).isEqualTo(ReadState.OK);
        assertThat(d.events()).extracting(EventQuality::eventName).containsExactly("MyCustomThing", "Lead");
        EventQuality custom = d.event("MyCustomThing");
        assertThat(custom.emqScore()).isNull();
        assertThat(custom.eventCoverage()).isNull();
        assertThat(custom.matchKeyCoverage()).isEmpty();
        assertThat(custom.uploadFrequency()).isNull();
        assertThat(d.event("Lead").emqScore()).isEqualTo(7.5);
        assertThat(d.event("Lead").matchKeyCoverage()).containsEntry("email", null);
    }

    @Test
    void shouldReportNoFiguresRatherThanFailWhenMetaHasNotScoredThePixelYet() {
        answerDataset(200, "{}");

        DatasetQuality d = reader.read(pixel()).dataset();

        assertThat(d.state()).isEqualTo(ReadState.OK);
        assertThat(d.events()).isEmpty();
    }

    @Test
    void shouldSayWhichPermissionTheTokenLacksWhenMetaRefusesWithCode200() {
        answerDataset(403, "{\"error\":{\"message\":\"(#200) Requires ads_management permission to manage the "
                + "object\",\"type\":\"OAuthException\",\"code\":200,\"fbtrace_id\":\"AbC\"}}");

        QualityReading r = reader.read(pixel());

        assertThat(r.dataset().state()).isEqualTo(ReadState.PERMISSION_MISSING);
        assertThat(r.dataset().message()).startsWith("the token lacks the ads_management permission");
        assertThat(r.token().state()).as("the other read of the batch stands").isEqualTo(ReadState.OK);
    }

    @Test
    void shouldReportMissingAccessToThePixelWhenMetaAnswersCode100Subcode33() {
        answerDataset(400, "{\"error\":{\"message\":\"Unsupported get request. Object with ID '1234567890' does "
                + "not exist, cannot be loaded due to missing permissions\",\"type\":\"GraphMethodException\","
                + "\"code\":100,\"error_subcode\":33}}");

        DatasetQuality d = reader.read(pixel()).dataset();

        assertThat(d.state()).isEqualTo(ReadState.PERMISSION_MISSING);
        assertThat(d.message()).startsWith("the token lacks access to this pixel's dataset quality");
    }

    @Test
    void shouldReportAnInvalidTokenForBothReadsWhenMetaRefusesTheWholeBatchWithCode190() {
        stub.stubFor(post(urlEqualTo(BATCH_PATH)).willReturn(aResponse().withStatus(400).withBody(
                "{\"error\":{\"message\":\"Error validating access token: Session has expired\","
                        + "\"type\":\"OAuthException\",\"code\":190,\"error_subcode\":463}}")));

        QualityReading r = reader.read(pixel());

        assertThat(r.dataset().state()).isEqualTo(ReadState.TOKEN_INVALID);
        assertThat(r.token().state()).isEqualTo(ReadState.TOKEN_INVALID);
        assertThat(r.token().valid()).isFalse();
        assertThat(r.dataset().message()).contains("replace it in Settings");
    }

    @Test
    void shouldReportUnreachableAndNotThrowWhenTheConnectionDrops() {
        stub.stubFor(post(urlEqualTo(BATCH_PATH)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        QualityReading r = reader.read(pixel());

        assertThat(r.dataset().state()).isEqualTo(ReadState.UNREACHABLE);
        assertThat(r.token().state()).isEqualTo(ReadState.UNREACHABLE);
    }

    @Test
    void shouldReportUnreachableWhenMetaDoesNotAnswerWithinTheTimeout() {
        stub.stubFor(post(urlEqualTo(BATCH_PATH)).willReturn(aResponse().withStatus(200)
                .withBody(batchAnswer(200, DOCUMENTED_DATASET, 200, VALID_TOKEN)).withFixedDelay(1500)));
        DatasetQuality d;
        try (GraphReadClient impatient = new GraphReadClient(Duration.ofMillis(500), Duration.ofMillis(500), 64 * 1024,
                "test")) {
            d = new QualityReader(impatient, Clock.fixed(NOW, ZoneOffset.UTC)).read(pixel()).dataset();
        }

        assertThat(d.state()).isEqualTo(ReadState.UNREACHABLE);
        assertThat(d.message()).contains("timeout");
        awaitStubIdle(); // the stub is still sleeping on the cut request
    }

    static void awaitStubIdle() {
        try {
            Thread.sleep(1200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void shouldReportUnreachableForAPartMetaLeftUnanswered() {
        stub.stubFor(post(urlEqualTo(BATCH_PATH)).willReturn(aResponse().withStatus(200)
                .withBody("[{\"code\":200,\"body\":\"{}\"},null]")));

        QualityReading r = reader.read(pixel());

        assertThat(r.dataset().state()).isEqualTo(ReadState.OK);
        assertThat(r.token().state()).isEqualTo(ReadState.UNREACHABLE);
    }

    @Test
    void shouldRefuseAnAnswerLargerThanTheLimit() {
        StringBuilder big = new StringBuilder("{\"web\":[");
        while (big.length() < 70 * 1024) {
            big.append("{\"event_name\":\"PageView\"},");
        }
        big.append("{\"event_name\":\"PageView\"}]}");
        answerDataset(200, big.toString());

        DatasetQuality d = reader.read(pixel()).dataset();

        assertThat(d.state()).isEqualTo(ReadState.UNREACHABLE);
        assertThat(d.message()).contains("larger");
    }

    @Test
    void shouldReportFailedWhenTheAnswerIsNotJson() {
        stub.stubFor(post(urlEqualTo(BATCH_PATH)).willReturn(aResponse().withStatus(502)
                .withBody("<html>Bad gateway</html>")));

        QualityReading r = reader.read(pixel());

        assertThat(r.dataset().state()).isEqualTo(ReadState.FAILED);
        assertThat(r.token().state()).isEqualTo(ReadState.FAILED);
    }

    @Test
    void shouldNeverPutTheTokenIntoAMessageOrALogLineWhenMetaEchoesIt() {
        answer(400, "{\"error\":{\"message\":\"Invalid token " + TOKEN + "\",\"code\":190}}", 200,
                "{\"data\":{\"is_valid\":false,\"expires_at\":1,\"scopes\":[],\"error\":{\"code\":190,"
                        + "\"message\":\"token " + TOKEN + " was revoked\"}}}");

        QualityReading r = reader.read(pixel());

        assertThat(r.dataset().message()).doesNotContain(TOKEN).contains("[redacted]");
        assertThat(r.token().message()).doesNotContain(TOKEN).contains("revoked");
        assertThat(r.toString()).doesNotContain(TOKEN);
        assertThat(logLines).isNotEmpty().noneMatch(line -> line.contains(TOKEN));
    }

    @Test
    void shouldReadANeverExpiringTokenWhenExpiresAtIsZero() {
        answerDataset(200, "{}");

        TokenHealth t = reader.read(pixel()).token();

        assertThat(t.state()).isEqualTo(ReadState.OK);
        assertThat(t.valid()).isTrue();
        assertThat(t.neverExpires()).isTrue();
        assertThat(t.daysToExpiry(NOW)).isNull();
        assertThat(t.scopes()).containsExactly("ads_management", "business_management");
    }

    @Test
    void shouldCountDaysToTheEarlierExpiryAndFlagItInsideTheWarningWindow() {
        long expires = NOW.plus(Duration.ofDays(10)).plusSeconds(60).getEpochSecond();
        long dataAccess = NOW.plus(Duration.ofDays(80)).getEpochSecond();
        answer(200, "{}", 200, "{\"data\":{\"is_valid\":true,\"expires_at\":" + expires
                + ",\"data_access_expires_at\":" + dataAccess + ",\"scopes\":[\"ads_management\"]}}");

        TokenHealth t = reader.read(pixel()).token();

        assertThat(t.daysToExpiry(NOW)).isEqualTo(10L);
        assertThat(t.needsAttention(NOW, Duration.ofDays(14))).isTrue();
        assertThat(t.needsAttention(NOW, Duration.ofDays(7))).isFalse();
    }

    @Test
    void shouldNotCallMetaWhenThePixelHasNoToken() {
        PixelSettings noToken = pixel().toBuilder().credentials(Credentials.none()).build();

        QualityReading r = reader.read(noToken);

        assertThat(r.dataset().state()).isEqualTo(ReadState.NOT_CONFIGURED);
        assertThat(stub.getAllServeEvents()).isEmpty();
    }
}
