package io.github.broadleafmeta.store;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.github.broadleafmeta.core.capi.CapiClientConfig;
import io.github.broadleafmeta.core.capi.DeliveryOutcome;
import io.github.broadleafmeta.core.dispatch.DispatcherConfig;
import io.github.broadleafmeta.core.outbox.OutboxRow;
import io.github.broadleafmeta.core.outbox.OutboxStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault case "rate limit" (issue 7): Meta throttles for minutes with HTTP 429 (+ Retry-After) or its codes 4, 17
 * and 613 (HTTP 400 with an error object), then accepts again. The dispatcher must back off (each row waits at least
 * the rate-limit floor, or the server's Retry-After when longer, between attempts, so a storm costs a handful of
 * requests) and deliver every event afterwards.
 *
 * <p>Engine level with simulated time ({@link FaultEngine}): the shipped back-off defaults (60 s floor, 30 s breaker)
 * stay as they are, and the case steps the clock one second per dispatcher cycle, like the real 0.5 s poll loop
 * would see it, instead of sleeping through the storm.
 */
class RateLimitFaultIT {

    private static final Duration STEP = Duration.ofSeconds(1);
    private static final int RETRY_AFTER_SECONDS = 90;

    /** One kind of storm: what Meta answers while it throttles, and the least wait it demands. */
    enum Storm {
        HTTP_429(null) {
            @Override
            ResponseDefinitionBuilder answer() {
                return aResponse().withStatus(429).withHeader("Retry-After", String.valueOf(RETRY_AFTER_SECONDS))
                        .withHeader("Content-Type", "text/plain").withBody("Too Many Requests");
            }
        },
        CODE_4(4) {
            @Override
            ResponseDefinitionBuilder answer() {
                return metaError(code, "(#4) Application request limit reached");
            }
        },
        CODE_17(17) {
            @Override
            ResponseDefinitionBuilder answer() {
                return metaError(code, "(#17) User request limit reached");
            }
        },
        CODE_613(613) {
            @Override
            ResponseDefinitionBuilder answer() {
                return metaError(code, "(#613) Calls to this api have exceeded the rate limit.");
            }
        };

        final Integer code;

        Storm(Integer code) {
            this.code = code;
        }

        abstract ResponseDefinitionBuilder answer();

        Duration leastWait(DispatcherConfig config) {
            Duration floor = config.rateLimitFloor();
            Duration retryAfter = Duration.ofSeconds(this == HTTP_429 ? RETRY_AFTER_SECONDS : 0);
            return retryAfter.compareTo(floor) > 0 ? retryAfter : floor;
        }

        private static ResponseDefinitionBuilder metaError(int code, String message) {
            return aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                    .withBody("{\"error\":{\"message\":\"" + message + "\",\"type\":\"OAuthException\",\"code\":" + code
                            + ",\"is_transient\":true,\"fbtrace_id\":\"ThrottleTrace\"}}");
        }
    }

    @Test
    void shouldBackOffThroughEveryKindOfThrottleStormAndDeliverEverythingAfterwards() throws Exception {
        int events = FaultReport.size(400, 2500);
        Duration storm = Duration.ofMinutes(FaultReport.size(3, 10));
        FaultReport.run("rate-limit", report -> {
            // Without back-off one batch would go out on every cycle of the storm.
            report.put("events_per_storm", events).put("storm_minutes", storm.toMinutes())
                    .put("requests_per_batch_without_backoff", storm.toMillis() / STEP.toMillis());
            int lost = 0;
            for (Storm kind : Storm.values()) {
                lost += weather(kind, events, storm, report);
            }
            report.put("lost", lost);
            assertThat(lost).isZero();
        });
    }

    /** Runs one storm; returns how many events did not end SENT. */
    private static int weather(Storm kind, int events, Duration storm, FaultReport report) {
        DispatcherConfig config = DispatcherConfig.custom().nodeId("ratelimit-" + kind).build();
        Duration leastWait = kind.leastWait(config);
        String tag = kind.name().toLowerCase().replace("_", "");
        try (FaultEngine engine = new FaultEngine("ratelimit-" + tag, CapiClientConfig.ofDefaults(), config)) {
            List<String> ids = engine.enqueue(tag, events);
            engine.graph.stubFor(post(urlPathEqualTo(FaultEngine.EVENTS_PATH)).willReturn(kind.answer()));
            Instant stormStarted = engine.clock.instant();
            Instant stormEnds = stormStarted.plus(storm);

            engine.cycle();
            // The first throttled answer: every row waits at least the floor (or Retry-After), none is final.
            List<OutboxRow> afterFirst = engine.rows();
            assertThat(afterFirst).hasSize(events).allSatisfy(row -> {
                assertThat(row.status()).isEqualTo(OutboxStatus.PENDING);
                assertThat(row.attempts()).isEqualTo(1);
                assertThat(row.nextAttemptAt()).isAfterOrEqualTo(stormStarted.plus(leastWait));
                assertThat(row.lastErrorCode()).isEqualTo(kind.code);
            });
            assertThat(engine.exchanges).allSatisfy(e ->
                    assertThat(e.result.outcome()).isEqualTo(DeliveryOutcome.RATE_LIMITED));

            while (engine.clock.instant().isBefore(stormEnds)) {
                engine.clock.advance(STEP);
                engine.cycle();
            }
            int stormRequests = engine.exchanges.size();
            int batches = (events + config.batchSize() - 1) / config.batchSize();
            // At most one request per batch per least wait, plus the first.
            long allowed = batches * (storm.toMillis() / leastWait.toMillis() + 1);
            assertThat(stormRequests).as("requests during the %s storm", kind).isBetween(batches, (int) allowed);

            engine.graph.resetAll();
            engine.graph.stubFor(post(urlPathEqualTo(FaultEngine.EVENTS_PATH)).willReturn(WireMock.okJson(
                    "{\"events_received\": {{jsonPath request.body '$.data.length()'}}, \"fbtrace_id\": \"Calm\"}")
                    .withTransformers("response-template")));
            Instant giveUp = stormEnds.plus(config.backoffCap()).plus(config.breakerMaxOpenInterval());
            while (engine.count(OutboxStatus.SENT) < events && engine.clock.instant().isBefore(giveUp)) {
                engine.clock.advance(STEP);
                engine.cycle();
            }
            Duration drained = Duration.between(stormEnds, engine.clock.instant());

            Map<OutboxStatus, Integer> statuses = engine.statusCounts();
            List<String> delivered = engine.deliveredEventIds();
            Duration shortestGap = shortestGapBetweenAttempts(engine);
            report.put(tag + "_requests_in_storm", stormRequests)
                    .put(tag + "_least_wait_s", leastWait.getSeconds())
                    .put(tag + "_shortest_retry_gap_s", shortestGap.getSeconds())
                    .put(tag + "_drained_after_storm_s", drained.getSeconds())
                    .put(tag + "_delivered", statuses.getOrDefault(OutboxStatus.SENT, 0))
                    .put(tag + "_other_statuses", without(statuses, OutboxStatus.SENT));

            assertThat(shortestGap).as("shortest wait between two attempts of one event (%s)", kind)
                    .isGreaterThanOrEqualTo(leastWait);
            assertThat(new HashSet<>(delivered)).as("events Meta accepted").containsExactlyInAnyOrderElementsOf(ids);
            assertThat(delivered).as("no event accepted twice").hasSize(events);
            return events - statuses.getOrDefault(OutboxStatus.SENT, 0);
        }
    }

    /** The shortest simulated time between two consecutive requests that carried the same event. */
    private static Duration shortestGapBetweenAttempts(FaultEngine engine) {
        Map<String, Instant> lastAttempt = new HashMap<>();
        Duration shortest = null;
        for (FaultEngine.Exchange e : engine.exchanges) {
            for (String id : e.eventIds) {
                Instant previous = lastAttempt.put(id, e.at);
                if (previous != null) {
                    Duration gap = Duration.between(previous, e.at);
                    shortest = shortest == null || gap.compareTo(shortest) < 0 ? gap : shortest;
                }
            }
        }
        if (shortest == null) {
            throw new AssertionError("no event was attempted twice: the storm never made the dispatcher retry");
        }
        return shortest;
    }

    private static Map<OutboxStatus, Integer> without(Map<OutboxStatus, Integer> counts, OutboxStatus status) {
        Map<OutboxStatus, Integer> rest = new HashMap<>(counts);
        rest.remove(status);
        return rest;
    }
}
