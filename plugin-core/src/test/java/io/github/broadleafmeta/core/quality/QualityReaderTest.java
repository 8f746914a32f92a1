package io.github.broadleafmeta.core.quality;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The quality reader against a local stub serving the shapes Meta documents, its errors and worse. */
class QualityReaderTest {

    static final String PIXEL = "1234567890";
    static final String TOKEN = "EAAGsecretTOKENvalue123";
    static final Instant NOW = Instant.parse("2026-12-07T08:00:00Z");
    static final String DATASET_PATH = "/v26.0/dataset_quality";
    static final String DEBUG_PATH = "/v26.0/debug_token";

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

    void validToken() {
        stub.stubFor(get(urlPathEqualTo(DEBUG_PATH)).willReturn(aResponse().withStatus(200).withBody(
                "{\"data\":{\"app_id\":\"1\",\"type\":\"SYSTEM_USER\",\"is_valid\":true,\"expires_at\":0,"
                        + "\"data_access_expires_at\":0,\"scopes\":[\"ads_management\",\"business_management\"]}}")));
    }

    @Test
    void shouldParseEveryDocumentedFigurePerEventNameWhenMetaAnswersTheDocumentedShape() {
        stub.stubFor(get(urlPathEqualTo(DATASET_PATH)).willReturn(aResponse().withStatus(200)
                .withBody(DOCUMENTED_DATASET)));
        validToken();

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
        stub.verify(getRequestedFor(urlPathEqualTo(DATASET_PATH)).withQueryParam("dataset_id", equalTo(PIXEL))
                .withQueryParam("fields", equalTo(QualityReader.DATASET_FIELDS))
                .withQueryParam("access_token", equalTo(TOKEN)));
    }

    @Test
    void shouldKeepUnknownEventNamesAndLeaveMissingFiguresNullWhenMetaOmitsThem() {
        stub.stubFor(get(urlPathEqualTo(DATASET_PATH)).willReturn(aResponse().withStatus(200).withBody(
                "{\"web\":[{\"event_name\":\"MyCustomThing\"},{\"event_match_quality\":{\"composite_score\":9}},"
                        + "{\"event_name\":\"Lead\",\"event_match_quality\":{\"composite_score\":\"7.5\","
                        + "\"match_key_feedback\":[{\"identifier\":\"email\"}]},\"unexpected\":[1,2]}]}")));
        validToken();

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
        stub.stubFor(get(urlPathEqualTo(DATASET_PATH)).willReturn(aResponse().withStatus(200).withBody("{}")));
        validToken();

        DatasetQuality d = reader.read(pixel()).dataset();

        assertThat(d.state()).isEqualTo(ReadState.OK);
        assertThat(d.events()).isEmpty();
    }

    @Test
    void shouldSayWhichPermissionTheTokenLacksWhenMetaRefusesWithCode200() {
        stub.stubFor(get(urlPathEqualTo(DATASET_PATH)).willReturn(aResponse().withStatus(403).withBody(
                "{\"error\":{\"message\":\"(#200) Requires ads_management permission to manage the object\","
                        + "\"type\":\"OAuthException\",\"code\":200,\"fbtrace_id\":\"AbC\"}}")));
        validToken();

        DatasetQuality d = reader.read(pixel()).dataset();

        assertThat(d.state()).isEqualTo(ReadState.PERMISSION_MISSING);
        assertThat(d.message()).startsWith("the token lacks the ads_management permission");
    }

    @Test
    void shouldReportMissingAccessToThePixelWhenMetaAnswersCode100Subcode33() {
        stub.stubFor(get(urlPathEqualTo(DATASET_PATH)).willReturn(aResponse().withStatus(400).withBody(
                "{\"error\":{\"message\":\"Unsupported get request. Object with ID '1234567890' does not exist, "
                        + "cannot be loaded due to missing permissions\",\"type\":\"GraphMethodException\","
                        + "\"code\":100,\"error_subcode\":33}}")));
        validToken();

        DatasetQuality d = reader.read(pixel()).dataset();

        assertThat(d.state()).isEqualTo(ReadState.PERMISSION_MISSING);
        assertThat(d.message()).startsWith("the token lacks access to this pixel's dataset quality");
    }

    @Test
    void shouldReportAnInvalidTokenWhenMetaAnswersCode190() {
        String expired = "{\"error\":{\"message\":\"Error validating access token: Session has expired\","
                + "\"type\":\"OAuthException\",\"code\":190,\"error_subcode\":463}}";
        stub.stubFor(get(urlPathEqualTo(DATASET_PATH)).willReturn(aResponse().withStatus(400).withBody(expired)));
        stub.stubFor(get(urlPathEqualTo(DEBUG_PATH)).willReturn(aResponse().withStatus(400).withBody(expired)));

        QualityReading r = reader.read(pixel());

        assertThat(r.dataset().state()).isEqualTo(ReadState.TOKEN_INVALID);
        assertThat(r.token().state()).isEqualTo(ReadState.TOKEN_INVALID);
        assertThat(r.token().valid()).isFalse();
    }

    @Test
    void shouldReportUnreachableAndNotThrowWhenTheConnectionDrops() {
        stub.stubFor(get(urlPathEqualTo(DATASET_PATH)).willReturn(aResponse()
                .withFault(Fault.CONNECTION_RESET_BY_PEER)));
        validToken();

        QualityReading r = reader.read(pixel());

        assertThat(r.dataset().state()).isEqualTo(ReadState.UNREACHABLE);
        assertThat(r.token().state()).isEqualTo(ReadState.OK);
    }

    @Test
    void shouldReportUnreachableWhenMetaDoesNotAnswerWithinTheTimeout() {
        stub.stubFor(get(urlPathEqualTo(DATASET_PATH)).willReturn(aResponse().withStatus(200)
                .withBody(DOCUMENTED_DATASET).withFixedDelay(4000)));
        validToken();

        DatasetQuality d = reader.read(pixel()).dataset();

        assertThat(d.state()).isEqualTo(ReadState.UNREACHABLE);
    }

    @Test
    void shouldRefuseAnAnswerLargerThanTheLimit() {
        StringBuilder big = new StringBuilder("{\"web\":[");
        while (big.length() < 70 * 1024) {
            big.append("{\"event_name\":\"PageView\"},");
        }
        big.append("{\"event_name\":\"PageView\"}]}");
        stub.stubFor(get(urlPathEqualTo(DATASET_PATH)).willReturn(aResponse().withStatus(200)
                .withBody(big.toString())));
        validToken();

        DatasetQuality d = reader.read(pixel()).dataset();

        assertThat(d.state()).isEqualTo(ReadState.UNREACHABLE);
        assertThat(d.message()).contains("larger");
    }

    @Test
    void shouldReportFailedWhenTheAnswerIsNotJson() {
        stub.stubFor(get(urlPathEqualTo(DATASET_PATH)).willReturn(aResponse().withStatus(502)
                .withBody("<html>Bad gateway</html>")));
        validToken();

        DatasetQuality d = reader.read(pixel()).dataset();

        assertThat(d.state()).isEqualTo(ReadState.FAILED);
    }

    @Test
    void shouldNeverPutTheTokenIntoAMessageOrALogLineWhenMetaEchoesIt() {
        stub.stubFor(get(urlPathEqualTo(DATASET_PATH)).willReturn(aResponse().withStatus(400).withBody(
                "{\"error\":{\"message\":\"Invalid token " + TOKEN + "\",\"code\":190}}")));
        stub.stubFor(get(urlPathEqualTo(DEBUG_PATH)).willReturn(aResponse().withStatus(200).withBody(
                "{\"data\":{\"is_valid\":false,\"expires_at\":1,\"scopes\":[],\"error\":{\"code\":190,"
                        + "\"message\":\"token " + TOKEN + " was revoked\"}}}")));

        QualityReading r = reader.read(pixel());

        assertThat(r.dataset().message()).doesNotContain(TOKEN).contains("[redacted]");
        assertThat(r.token().message()).doesNotContain(TOKEN).contains("revoked");
        assertThat(r.toString()).doesNotContain(TOKEN);
        assertThat(logLines).isNotEmpty().noneMatch(line -> line.contains(TOKEN));
    }

    @Test
    void shouldReadANeverExpiringTokenWhenExpiresAtIsZero() {
        validToken();
        stub.stubFor(get(urlPathEqualTo(DATASET_PATH)).willReturn(aResponse().withStatus(200).withBody("{}")));

        TokenHealth t = reader.read(pixel()).token();

        assertThat(t.state()).isEqualTo(ReadState.OK);
        assertThat(t.valid()).isTrue();
        assertThat(t.neverExpires()).isTrue();
        assertThat(t.daysToExpiry(NOW)).isNull();
        assertThat(t.scopes()).containsExactly("ads_management", "business_management");
        stub.verify(getRequestedFor(urlPathEqualTo(DEBUG_PATH)).withQueryParam("input_token", equalTo(TOKEN)));
    }

    @Test
    void shouldCountDaysToTheEarlierExpiryAndFlagItInsideTheWarningWindow() {
        long expires = NOW.plus(Duration.ofDays(10)).plusSeconds(60).getEpochSecond();
        long dataAccess = NOW.plus(Duration.ofDays(80)).getEpochSecond();
        stub.stubFor(get(urlPathEqualTo(DEBUG_PATH)).willReturn(aResponse().withStatus(200).withBody(
                "{\"data\":{\"is_valid\":true,\"expires_at\":" + expires + ",\"data_access_expires_at\":"
                        + dataAccess + ",\"scopes\":[\"ads_management\"]}}")));
        stub.stubFor(get(urlPathEqualTo(DATASET_PATH)).willReturn(aResponse().withStatus(200).withBody("{}")));

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
