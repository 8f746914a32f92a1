package io.github.broadleafmeta.store;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.github.broadleafmeta.core.capi.CapiClientConfig;
import io.github.broadleafmeta.core.dispatch.DispatcherConfig;
import io.github.broadleafmeta.core.outbox.OutboxRow;
import io.github.broadleafmeta.core.outbox.OutboxStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.StringJoiner;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault case "poison" (issue 7): one invalid event in one batch (1,000 events in the full form). Like Meta, the stub
 * refuses the whole request with code 100 whenever the bad event is in it. The dispatcher must halve the batch until
 * the bad event stands alone: the other events delivered once each, the bad one REJECTED with Meta's message, in
 * about 2·log2(n) extra requests. Run with the bad event first, inside and last in the batch.
 *
 * <p>Engine level ({@link FaultEngine}); no waiting is involved, so the simulated clock never moves.
 */
class PoisonFaultIT {

    private static final String META_MESSAGE = "Invalid parameter";
    private static final String META_USER_MESSAGE = "The currency code EURO is not a valid ISO 4217 code";

    @Test
    void shouldDeliverEveryGoodEventAndRejectOnlyTheInvalidOneOfABatch() throws Exception {
        int batch = FaultReport.size(200, 1000);
        FaultReport.run("poison", report -> {
            report.put("batch", batch);
            StringJoiner positions = new StringJoiner("/");
            StringJoiner requests = new StringJoiner("/");
            int delivered = 0;
            int rejected = 0;
            int lost = 0;
            int duplicates = 0;
            String recordedReason = null;
            for (int position : new int[] {0, batch * 2 / 3 + 1, batch - 1}) {
                try (FaultEngine engine = new FaultEngine("poison-" + position, CapiClientConfig.ofDefaults(),
                        DispatcherConfig.custom().nodeId("poison").build())) {
                    String bad = "poison-at-" + position;
                    List<String> good = new ArrayList<>(engine.enqueue("before", position));
                    engine.enqueue(bad, invalidEvent(bad, engine.clock.instant().getEpochSecond()));
                    good.addAll(engine.enqueue("after", batch - position - 1));
                    acceptUnless(engine, bad);

                    engine.cycle();

                    List<FaultEngine.Exchange> exchanges = engine.exchanges;
                    assertThat(exchanges.get(0).eventIds).as("the first request carries the whole batch")
                            .hasSize(batch).contains(bad);
                    OutboxRow badRow = engine.row(bad);
                    assertThat(badRow.status()).isEqualTo(OutboxStatus.REJECTED);
                    assertThat(badRow.lastErrorCode()).isEqualTo(100);
                    assertThat(badRow.lastErrorMessage()).contains(META_MESSAGE).contains(META_USER_MESSAGE);
                    List<String> accepted = engine.deliveredEventIds();
                    assertThat(new HashSet<>(accepted)).containsExactlyInAnyOrderElementsOf(good);
                    assertThat(engine.count(OutboxStatus.SENT)).isEqualTo(batch - 1);
                    // Halving: two requests per level down to the bad event, plus the first one.
                    int log2 = 32 - Integer.numberOfLeadingZeros(batch - 1);
                    assertThat(exchanges.size()).as("requests to isolate one bad event in %s", batch)
                            .isLessThanOrEqualTo(1 + 2 * log2);
                    assertThat(engine.isolationRequests.get()).isEqualTo(exchanges.size() - 1);

                    recordedReason = badRow.lastErrorMessage();
                    positions.add(String.valueOf(position));
                    requests.add(String.valueOf(exchanges.size()));
                    delivered += engine.count(OutboxStatus.SENT);
                    rejected += engine.count(OutboxStatus.REJECTED);
                    duplicates += accepted.size() - new HashSet<>(accepted).size();
                    lost += good.size() - engine.count(OutboxStatus.SENT);
                }
            }
            report.put("bad_event_positions", positions).put("requests", requests)
                    .put("delivered", delivered).put("rejected", rejected).put("duplicates", duplicates)
                    .put("lost", lost).put("rejected_reason", "\"" + recordedReason + "\"");
            assertThat(duplicates).isZero();
            assertThat(lost).isZero();
        });
    }

    /** Meta refuses the whole request with code 100 when the bad event is in it; otherwise counts what it got. */
    private static void acceptUnless(FaultEngine engine, String badEventId) {
        engine.graph.stubFor(post(urlPathEqualTo(FaultEngine.EVENTS_PATH)).atPriority(10).willReturn(WireMock.okJson(
                "{\"events_received\": {{jsonPath request.body '$.data.length()'}}, \"fbtrace_id\": \"Fine\"}")
                .withTransformers("response-template")));
        engine.graph.stubFor(post(urlPathEqualTo(FaultEngine.EVENTS_PATH)).atPriority(1)
                .withRequestBody(containing("\"event_id\":\"" + badEventId + "\""))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"" + META_MESSAGE + "\",\"type\":\"OAuthException\","
                                + "\"code\":100,\"error_subcode\":2804008,\"is_transient\":false,"
                                + "\"error_user_title\":\"Invalid currency\",\"error_user_msg\":\""
                                + META_USER_MESSAGE + "\",\"fbtrace_id\":\"PoisonTrace\"}}")));
    }

    /** Valid in shape, invalid to Meta: the currency is not an ISO 4217 code. */
    private static String invalidEvent(String eventId, long eventTime) {
        return FaultEngine.event(eventId, eventTime).replace("\"currency\":\"USD\"", "\"currency\":\"EURO\"");
    }
}
