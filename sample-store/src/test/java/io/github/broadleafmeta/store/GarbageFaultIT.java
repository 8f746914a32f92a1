package io.github.broadleafmeta.store;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.github.broadleafmeta.core.capi.CapiClientConfig;
import io.github.broadleafmeta.core.dispatch.DispatcherConfig;
import io.github.broadleafmeta.core.outbox.OutboxRow;
import io.github.broadleafmeta.core.outbox.OutboxStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault case "garbage" (issue 7): the Graph API endpoint answers an HTML page, truncated JSON, an empty 200, a 200
 * counting fewer events than were sent, or trickles its answer (slow-loris: a fixed delay beyond the client's
 * response timeout, and a body dribbled in chunks each just inside it). Round after round the rows must stay
 * PENDING with a readable last error, no thread may be left behind, and once the endpoint recovers every event is
 * delivered.
 *
 * <p>Engine level ({@link FaultEngine}); the back-off between rounds is simulated time, the HTTP exchanges (and so
 * the slow-loris timeouts) are real. The client's timeouts are shortened (response 1 s instead of 10 s, total 3 s
 * instead of 30 s) so a slow round costs seconds; the slow answers are sized against them.
 */
class GarbageFaultIT {

    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration TOTAL_TIMEOUT = Duration.ofSeconds(3);
    /** Past the back-off cap and the breaker's longest open interval: every pending row is due again. */
    private static final Duration BETWEEN_ROUNDS = Duration.ofMinutes(16);

    enum Garbage {
        HTML("invalid_response") {
            @Override
            ResponseDefinitionBuilder answer(int events) {
                return aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                        .withBody("<!DOCTYPE html><html><body><h1>Sign in to the Wi-Fi</h1></body></html>");
            }
        },
        TRUNCATED_JSON("invalid_response") {
            @Override
            ResponseDefinitionBuilder answer(int events) {
                return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"events_received\": " + events + ", \"messages\": [], \"fbtrace_id\": \"Trunc");
            }
        },
        EMPTY_200("invalid_response") {
            @Override
            ResponseDefinitionBuilder answer(int events) {
                return aResponse().withStatus(200).withHeader("Content-Type", "application/json");
            }
        },
        FEWER_RECEIVED("partial_receipt") {
            @Override
            ResponseDefinitionBuilder answer(int events) {
                return WireMock.okJson("{\"events_received\": " + (events - 1) + ", \"fbtrace_id\": \"Short\"}");
            }
        },
        SLOW_FIXED_DELAY("response_timeout") {
            @Override
            ResponseDefinitionBuilder answer(int events) {
                return WireMock.okJson("{\"events_received\": " + events + "}")
                        .withFixedDelay((int) RESPONSE_TIMEOUT.toMillis() * 3);
            }
        },
        SLOW_DRIBBLE("response_timeout") {
            @Override
            ResponseDefinitionBuilder answer(int events) {
                // 12 chunks 0.5 s apart: never silent for the response timeout, but twice the total timeout.
                return WireMock.okJson("{\"events_received\": " + events + ", \"fbtrace_id\": \"Dribble\"}")
                        .withChunkedDribbleDelay(12, (int) RESPONSE_TIMEOUT.toMillis() * 6);
            }
        };

        /** The error type the row's last error should name. */
        final String expectedError;

        Garbage(String expectedError) {
            this.expectedError = expectedError;
        }

        abstract ResponseDefinitionBuilder answer(int events);
    }

    @Test
    void shouldKeepEveryEventAndNoThreadThroughRoundsOfGarbageAnswers() throws Exception {
        int events = FaultReport.size(50, 300);
        int rounds = FaultReport.size(3, 15);
        FaultReport.run("garbage", report -> {
            report.put("events_per_kind", events).put("rounds", rounds);
            int lost = 0;
            for (Garbage kind : Garbage.values()) {
                lost += survive(kind, events, rounds, report);
            }
            report.put("lost", lost);
            assertThat(lost).isZero();
        });
    }

    private static int survive(Garbage kind, int events, int rounds, FaultReport report) throws Exception {
        String tag = kind.name().toLowerCase().replace("_", "");
        CapiClientConfig client = CapiClientConfig.custom().responseTimeout(RESPONSE_TIMEOUT)
                .totalTimeout(TOTAL_TIMEOUT).build();
        DispatcherConfig config = DispatcherConfig.custom().nodeId("garbage-" + tag).build();
        int liveBefore = Threads.live();
        int engineBefore = Threads.engine();
        int enginePeak = 0;
        int sent;
        try (FaultEngine engine = new FaultEngine("garbage-" + tag, client, config)) {
            int engineIdle = Threads.engine() - engineBefore;
            List<String> ids = engine.enqueue(tag, events);
            engine.graph.stubFor(post(urlPathEqualTo(FaultEngine.EVENTS_PATH)).willReturn(kind.answer(events)));
            long slowest = 0;
            for (int r = 1; r <= rounds; r++) {
                slowest = Math.max(slowest, round(engine));
                enginePeak = Math.max(enginePeak, Threads.engine() - engineBefore);
                engine.clock.advance(BETWEEN_ROUNDS);
            }

            List<OutboxRow> rows = engine.rows();
            assertThat(rows).as("rows after %s rounds of %s", rounds, kind).hasSize(events).allSatisfy(row -> {
                assertThat(row.status()).isEqualTo(OutboxStatus.PENDING);
                assertThat(row.attempts()).isEqualTo(rounds);
                assertThat(row.lastErrorMessage()).contains(kind.expectedError);
            });
            String lastError = rows.get(0).lastErrorMessage();

            engine.graph.resetAll();
            engine.graph.stubFor(post(urlPathEqualTo(FaultEngine.EVENTS_PATH)).willReturn(WireMock.okJson(
                    "{\"events_received\": {{jsonPath request.body '$.data.length()'}}, \"fbtrace_id\": \"Well\"}")
                    .withTransformers("response-template")));
            for (int cycle = 0; cycle < 5 && engine.count(OutboxStatus.SENT) < events; cycle++) {
                engine.cycle();
            }
            sent = engine.count(OutboxStatus.SENT);
            List<String> delivered = engine.deliveredEventIds();
            int eventSends = 0;
            for (FaultEngine.Exchange e : engine.exchanges) {
                eventSends += e.eventIds.size();
            }
            // A short events_received is retried like garbage: the whole batch goes again (same event_ids, which
            // Meta deduplicates), so each event is sent once per round plus the delivering request.
            report.put(tag + "_requests", engine.exchanges.size())
                    .put(tag + "_sends_per_event", eventSends / events)
                    .put(tag + "_slowest_round_ms", slowest)
                    .put(tag + "_last_error", "\"" + lastError + "\"")
                    .put(tag + "_delivered", sent);
            // Requests add no threads but the client's deadline timer (started by the first request) and the
            // outcome writers, one per request in flight at most; a thread per request or round would show here.
            assertThat(enginePeak).as("engine threads while answering %s: %s", kind, Threads.engineNames())
                    .isLessThanOrEqualTo(engineIdle + 1 + config.maxInFlightRequests());
            assertThat(new HashSet<>(delivered)).containsExactlyInAnyOrderElementsOf(ids);
        }
        int liveAfter = Threads.awaitLive(liveBefore);
        int engineAfter = Threads.engine();
        report.put(tag + "_threads_engine_peak", enginePeak)
                .put(tag + "_threads_live_before_after", liveBefore + "/" + liveAfter)
                .put(tag + "_threads_engine_left", engineAfter - engineBefore);
        assertThat(engineAfter).as("engine threads left after %s", kind).isEqualTo(engineBefore);
        // The running store may share this JVM and start a thread of its own meanwhile: allow two, far fewer than
        // the rounds, so a thread left per request or per round still fails here.
        assertThat(liveAfter).as("live threads after %s", kind).isLessThanOrEqualTo(liveBefore + 2);
        return events - sent;
    }

    /** One dispatcher cycle against the garbage; returns how long its slowest HTTP exchange took, in ms. */
    private static long round(FaultEngine engine) {
        long started = System.nanoTime();
        engine.cycle();
        return (System.nanoTime() - started) / 1_000_000L;
    }

    /** Live thread counts: the whole JVM, and the threads the engine owns (HTTP client I/O, outcome writers). */
    static final class Threads {
        static int live() {
            return Thread.getAllStackTraces().size();
        }

        /** Threads of a closed engine may take a moment to end: waits up to 5 s for the count to fall back. */
        static int awaitLive(int target) throws InterruptedException {
            long deadline = System.currentTimeMillis() + 5000;
            int n = live();
            while (n > target && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
                n = live();
            }
            return n;
        }

        static List<String> engineNames() {
            List<String> names = new java.util.ArrayList<>();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.isAlive() && (t.getName().startsWith("broadleafmeta-capi")
                        || t.getName().startsWith("meta-capi-"))) {
                    names.add(t.getName());
                }
            }
            java.util.Collections.sort(names);
            return names;
        }

        static int engine() {
            int n = 0;
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.isAlive() && (t.getName().startsWith("broadleafmeta-capi")
                        || t.getName().startsWith("meta-capi-"))) {
                    n++;
                }
            }
            return n;
        }
    }
}
