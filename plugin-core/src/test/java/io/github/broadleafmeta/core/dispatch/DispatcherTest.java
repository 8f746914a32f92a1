package io.github.broadleafmeta.core.dispatch;

import io.github.broadleafmeta.core.capi.Credentials;

import static io.github.broadleafmeta.core.outbox.TestDatabases.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.broadleafmeta.core.capi.DeliveryOutcome;
import io.github.broadleafmeta.core.capi.SendRequest;
import io.github.broadleafmeta.core.capi.SendResult;
import io.github.broadleafmeta.core.outbox.OutboxRow;
import io.github.broadleafmeta.core.outbox.JdbcOutbox;
import io.github.broadleafmeta.core.outbox.OutboxError;
import io.github.broadleafmeta.core.outbox.OutboxConfig;
import io.github.broadleafmeta.core.outbox.OutboxEntry;
import io.github.broadleafmeta.core.outbox.OutboxSearch;
import io.github.broadleafmeta.core.outbox.OutboxStatus;
import io.github.broadleafmeta.core.outbox.PooledDataSource;
import io.github.broadleafmeta.core.outbox.TestClock;
import io.github.broadleafmeta.core.outbox.TestDatabases;

/** Dispatcher behaviour with a scripted sender, a hand-moved clock and HSQLDB; one cycle per runOnce(). */
class DispatcherTest {

    static final String PIXEL = "111111111111111";

    private static DataSource db;

    TestClock clock;
    JdbcOutbox outbox;
    ScriptedSender sender;
    DeliveryCounters counters;
    Map<String, PixelDeliverySettings> settings;
    AtomicInteger settingsReads;
    Map<String, Confirmation> confirmations;
    DispatcherConfig config;
    Dispatcher dispatcher;
    long nowSeconds;

    @BeforeAll
    static void database() {
        db = new PooledDataSource(TestDatabases.hsqldbInMemory());
    }

    @BeforeEach
    void setUp() {
        clock = TestClock.at("2025-03-01T10:00:00Z");
        nowSeconds = clock.millis() / 1000;
        counters = new DeliveryCounters();
        outbox = new JdbcOutbox(db, OutboxConfig.custom().tableName(TestDatabases.uniqueTable()).build(), clock,
                counters);
        outbox.initialize();
        sender = new ScriptedSender();
        settings = new ConcurrentHashMap<String, PixelDeliverySettings>();
        settings.put(PIXEL, PixelDeliverySettings.builder(PIXEL).credentials(Credentials.of("token-1", null)).testEventCode("TEST1")
                .build());
        settingsReads = new AtomicInteger();
        confirmations = new ConcurrentHashMap<String, Confirmation>();
        config = DispatcherConfig.custom().nodeId("test-node").build();
        dispatcher = newDispatcher(config);
    }

    @AfterEach
    void tearDown() {
        dispatcher.stop();
    }

    Dispatcher newDispatcher(DispatcherConfig cfg) {
        return Dispatcher.builder(outbox, sender, pixelId -> {
            settingsReads.incrementAndGet();
            return settings.get(pixelId);
        }).confirmationCheck(key -> confirmations.getOrDefault(key, Confirmation.PENDING)).config(cfg)
                .listener(counters).clock(clock).jitter(() -> 0.5).build();
    }

    void enqueue(int n) {
        for (int i = 0; i < n; i++) {
            assertThat(outbox.enqueue(entry(PIXEL, "AddToCart", "e" + i, nowSeconds).build()).isEnqueued()).isTrue();
        }
    }

    OutboxRow row(String eventId) {
        List<OutboxRow> rows = outbox.search(OutboxSearch.builder().eventId(eventId).build(), 0, 1).rows();
        return outbox.findById(rows.get(0).id());
    }

    long count(OutboxStatus status) {
        return outbox.search(OutboxSearch.builder().status(status).build(), 0, 1).total();
    }

    @Test
    void shouldMarkRowsSentWhenMetaAcceptsTheBatch() {
        enqueue(3);

        DispatchSummary s = dispatcher.runOnce();

        assertThat(s.claimed()).isEqualTo(3);
        assertThat(s.sent()).isEqualTo(3);
        assertThat(s.requests()).isEqualTo(1);
        SendRequest r = sender.requests.get(0);
        assertThat(r.pixelId()).isEqualTo(PIXEL);
        assertThat(r.credentials().accessToken()).isEqualTo("token-1");
        assertThat(r.testEventCode()).isEqualTo("TEST1");
        assertThat(ScriptedSender.eventIds(r)).containsExactly("e0", "e1", "e2");
        assertThat(r.eventJsons().get(0)).isEqualTo(TestDatabases.payload("AddToCart", "e0"));
        OutboxRow row = row("e1");
        assertThat(row.status()).isEqualTo(OutboxStatus.SENT);
        assertThat(row.eventsReceived()).isEqualTo(3);
        assertThat(row.lastFbtraceId()).isEqualTo("trace-ok");
        assertThat(row.sentAt()).isEqualTo(clock.instant());
        assertThat(counters.snapshot()).containsEntry(DeliveryCounters.ENQUEUED, 3L)
                .containsEntry(DeliveryCounters.SENT, 3L).containsEntry(DeliveryCounters.REQUESTS, 1L);
        assertThat(dispatcher.runOnce().claimed()).isZero();
    }

    @Test
    void shouldSendBatchesOfAtMostBatchSizeWhenManyRowsAreDue() {
        dispatcher = newDispatcher(DispatcherConfig.from(config).batchSize(2).maxInFlightRequests(2).build());
        enqueue(5);

        DispatchSummary s = dispatcher.runOnce();

        assertThat(s.sent()).isEqualTo(5);
        assertThat(sender.requests).extracting(r -> r.eventJsons().size()).containsExactlyInAnyOrder(2, 2, 1);
    }

    @Test
    void shouldReadSettingsOncePerPixelPerCycleWhenSeveralBatchesAreSent() {
        dispatcher = newDispatcher(DispatcherConfig.from(config).batchSize(2).build());
        enqueue(6);

        dispatcher.runOnce();

        assertThat(sender.requestCount()).isEqualTo(3);
        assertThat(settingsReads.get()).isEqualTo(1);
    }

    @Test
    void shouldRetryWithBackoffWhenMetaFailsTransiently() {
        enqueue(1);
        sender.answerAlways(ScriptedSender.failure(DeliveryOutcome.RETRY, 500, 2, "Service temporarily unavailable"));

        DispatchSummary first = dispatcher.runOnce();

        assertThat(first.retried()).isEqualTo(1);
        OutboxRow row = row("e0");
        assertThat(row.status()).isEqualTo(OutboxStatus.PENDING);
        assertThat(row.attempts()).isEqualTo(1);
        // attempt 1: ceiling 1 s, jitter 0.5
        assertThat(row.nextAttemptAt()).isEqualTo(clock.instant().plusMillis(500));
        assertThat(row.lastErrorCode()).isEqualTo(2);
        assertThat(row.lastErrorMessage()).contains("Service temporarily unavailable");
        assertThat(dispatcher.runOnce().claimed()).isZero();

        clock.advance(Duration.ofMillis(500));
        dispatcher.runOnce();
        assertThat(row("e0").attempts()).isEqualTo(2);
        assertThat(row("e0").nextAttemptAt()).isEqualTo(clock.instant().plusSeconds(1));

        sender.answer(ScriptedSender::ok);
        clock.advance(Duration.ofSeconds(1));
        dispatcher.runOnce();
        assertThat(row("e0").status()).isEqualTo(OutboxStatus.SENT);
        assertThat(sender.requestCount()).isEqualTo(3);
    }

    @Test
    void shouldWaitAtLeastTheRateLimitFloorWhenThrottled() {
        enqueue(1);
        sender.answerAlways(ScriptedSender.failure(DeliveryOutcome.RATE_LIMITED, 400, 17, "User request limit"));

        dispatcher.runOnce();

        OutboxRow row = row("e0");
        assertThat(row.status()).isEqualTo(OutboxStatus.PENDING);
        assertThat(row.nextAttemptAt()).isEqualTo(clock.instant().plus(DispatcherConfig.DEFAULT_RATE_LIMIT_FLOOR));
        assertThat(counters.get(DeliveryCounters.RATE_LIMITED)).isEqualTo(1);
    }

    @Test
    void shouldIsolateTheOneInvalidEventWhenABatchOf1000IsRejected() {
        enqueue(1000);
        sender.answer(r -> ScriptedSender.eventIds(r).contains("e500")
                ? ScriptedSender.failure(DeliveryOutcome.REJECTED, 400, 100, "Invalid parameter: bad currency")
                : ScriptedSender.ok(r));

        DispatchSummary s = dispatcher.runOnce();

        assertThat(count(OutboxStatus.SENT)).isEqualTo(999);
        assertThat(count(OutboxStatus.REJECTED)).isEqualTo(1);
        OutboxRow bad = row("e500");
        assertThat(bad.status()).isEqualTo(OutboxStatus.REJECTED);
        assertThat(bad.lastErrorCode()).isEqualTo(100);
        assertThat(bad.lastErrorMessage()).contains("Invalid parameter: bad currency");
        // 1000 -> 500 -> 250 -> 125 -> 62/63 -> ... -> 1: nine halvings, two requests each, after the first.
        assertThat(s.isolationRequests()).isEqualTo(18);
        assertThat(sender.requestCount()).isEqualTo(19);
        assertThat(counters.get(DeliveryCounters.ISOLATION_REQUESTS)).isEqualTo(18);
        assertThat(sender.delivered).hasSize(999).doesNotContainKey("e500");
    }

    @Test
    void shouldHoldThePixelWhenCredentialsAreRefusedAndResumeWhenTheTokenChanges() {
        enqueue(3);
        sender.answerAlways(ScriptedSender.failure(DeliveryOutcome.CREDENTIALS, 400, 190, "Error validating token"));

        DispatchSummary first = dispatcher.runOnce();

        assertThat(first.held()).isEqualTo(3);
        OutboxRow held = row("e0");
        assertThat(held.status()).isEqualTo(OutboxStatus.HELD_CREDENTIALS);
        assertThat(held.credentialsFingerprint()).isEqualTo(settings.get(PIXEL).credentialsFingerprint())
                .doesNotContain("token-1");
        assertThat(held.lastErrorCode()).isEqualTo(190);

        // New events of the paused pixel are held without a request while the token is unchanged.
        outbox.enqueue(entry(PIXEL, "Purchase", "p1", nowSeconds).build());
        DispatchSummary paused = dispatcher.runOnce();
        assertThat(paused.held()).isEqualTo(1);
        assertThat(sender.requestCount()).isEqualTo(1);
        assertThat(row("p1").attempts()).isZero();

        settings.put(PIXEL, PixelDeliverySettings.builder(PIXEL).credentials(Credentials.of("token-2", null)).build());
        sender.answer(ScriptedSender::ok);
        DispatchSummary resumed = dispatcher.runOnce();

        assertThat(resumed.sent()).isEqualTo(4);
        assertThat(count(OutboxStatus.SENT)).isEqualTo(4);
        assertThat(sender.requests.get(1).credentials().accessToken()).isEqualTo("token-2");
    }

    @Test
    void shouldRecordDryRunAndSendNothingWhenNoTokenIsConfigured() {
        settings.put(PIXEL, PixelDeliverySettings.builder(PIXEL).credentials(Credentials.of("  ", null)).build());
        enqueue(2);

        DispatchSummary s = dispatcher.runOnce();

        assertThat(s.dryRun()).isEqualTo(2);
        assertThat(sender.requestCount()).isZero();
        assertThat(row("e0").status()).isEqualTo(OutboxStatus.DRY_RUN);
        assertThat(row("e0").payload()).isEqualTo(TestDatabases.payload("AddToCart", "e0"));
    }

    @Test
    void shouldLeaveRowsPendingWithoutAttemptsWhenThePixelIsUnknownOrDisabled() {
        outbox.enqueue(entry("999", "PageView", "u1", nowSeconds).build());
        settings.put(PIXEL, PixelDeliverySettings.builder(PIXEL).credentials(Credentials.of("t", null)).enabled(false).build());
        enqueue(1);

        DispatchSummary s = dispatcher.runOnce();

        assertThat(s.deferred()).isEqualTo(2);
        assertThat(sender.requestCount()).isZero();
        assertThat(row("u1").status()).isEqualTo(OutboxStatus.PENDING);
        assertThat(row("u1").attempts()).isZero();
        assertThat(row("e0").nextAttemptAt()).isEqualTo(clock.instant().plus(config.pixelRecheckInterval()));

        settings.put(PIXEL, PixelDeliverySettings.builder(PIXEL).credentials(Credentials.of("t", null)).build());
        clock.advance(config.pixelRecheckInterval());
        dispatcher.runOnce();
        assertThat(row("e0").status()).isEqualTo(OutboxStatus.SENT);
        assertThat(row("u1").status()).isEqualTo(OutboxStatus.PENDING);
    }

    @Test
    void shouldExpireWithoutSendingWhenTheEventIsOlderThanMaxEventAge() {
        outbox.enqueue(entry(PIXEL, "Purchase", "old", nowSeconds - Duration.ofDays(7).getSeconds()).build());

        DispatchSummary s = dispatcher.runOnce();

        assertThat(s.expired()).isEqualTo(1);
        assertThat(sender.requestCount()).isZero();
        assertThat(row("old").status()).isEqualTo(OutboxStatus.EXPIRED);
        assertThat(row("old").lastErrorMessage()).contains("older than Meta accepts");
    }

    @Test
    void shouldExpireWithTheLastErrorWhenRetriesWouldRunPastMaxEventAge() {
        long almostTooOld = nowSeconds - config.maxEventAge().getSeconds() + 10;
        outbox.enqueue(entry(PIXEL, "Purchase", "late", almostTooOld).build());
        sender.answerAlways(ScriptedSender.failure(DeliveryOutcome.RATE_LIMITED, 429, 4, "Application request limit"));

        DispatchSummary s = dispatcher.runOnce();

        assertThat(s.expired()).isEqualTo(1);
        assertThat(sender.requestCount()).isEqualTo(1);
        OutboxRow row = row("late");
        assertThat(row.status()).isEqualTo(OutboxStatus.EXPIRED);
        assertThat(row.lastErrorMessage()).contains("older than Meta accepts").contains("Application request limit");
        assertThat(row.lastErrorCode()).isEqualTo(4);
    }

    @Test
    void shouldSendOnlyAfterConfirmationWhenTheOrderIsPendingAtFirst() {
        outbox.enqueue(entry(PIXEL, "Purchase", "order-7", nowSeconds).confirmationKey("7").build());

        DispatchSummary pending = dispatcher.runOnce();

        assertThat(pending.deferred()).isEqualTo(1);
        assertThat(sender.requestCount()).isZero();
        assertThat(row("order-7").status()).isEqualTo(OutboxStatus.PENDING);
        assertThat(row("order-7").attempts()).isZero();

        confirmations.put("7", Confirmation.CONFIRMED);
        clock.advance(config.confirmationRecheckInterval());
        dispatcher.runOnce();

        assertThat(row("order-7").status()).isEqualTo(OutboxStatus.SENT);
        assertThat(sender.delivered).containsOnlyKeys("order-7");
    }

    @Test
    void shouldEndNotConfirmedWhenTheOrderStaysPendingTooLong() {
        outbox.enqueue(entry(PIXEL, "Purchase", "order-8", nowSeconds).confirmationKey("8").build());
        dispatcher.runOnce();

        clock.advance(config.notConfirmedAfter());
        DispatchSummary s = dispatcher.runOnce();

        assertThat(s.notConfirmed()).isEqualTo(1);
        assertThat(row("order-8").status()).isEqualTo(OutboxStatus.NOT_CONFIRMED);
        assertThat(row("order-8").lastErrorMessage()).contains("not confirmed within");
        assertThat(sender.requestCount()).isZero();
    }

    @Test
    void shouldEndNotConfirmedAtOnceWhenTheOrderIsCancelled() {
        confirmations.put("9", Confirmation.CANCELLED);
        outbox.enqueue(entry(PIXEL, "Purchase", "order-9", nowSeconds).confirmationKey("9").build());

        DispatchSummary s = dispatcher.runOnce();

        assertThat(s.notConfirmed()).isEqualTo(1);
        assertThat(row("order-9").status()).isEqualTo(OutboxStatus.NOT_CONFIRMED);
        assertThat(row("order-9").lastErrorMessage()).contains("cancelled");
        assertThat(sender.requestCount()).isZero();
    }

    @Test
    void shouldDeferWithoutBurningAttemptsWhenTheBreakerIsOpen() {
        dispatcher = newDispatcher(DispatcherConfig.from(config).breakerFailureThreshold(2).build());
        enqueue(1);
        sender.answerAlways(ScriptedSender.failure(DeliveryOutcome.RETRY, 503, 1, "An unknown error occurred"));
        dispatcher.runOnce();
        clock.advance(Duration.ofMillis(500));
        dispatcher.runOnce();
        assertThat(dispatcher.circuitState(PIXEL)).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(row("e0").attempts()).isEqualTo(2);
        java.time.Instant openedAt = clock.instant();

        clock.advance(Duration.ofSeconds(1));
        DispatchSummary deferred = dispatcher.runOnce();

        assertThat(deferred.deferred()).isEqualTo(1);
        assertThat(sender.requestCount()).isEqualTo(2);
        assertThat(row("e0").attempts()).isEqualTo(2);
        assertThat(row("e0").nextAttemptAt()).isEqualTo(openedAt.plus(DispatcherConfig.DEFAULT_BREAKER_OPEN_INTERVAL));
        assertThat(counters.get(DeliveryCounters.CIRCUIT_OPENED)).isEqualTo(1);

        sender.answer(ScriptedSender::ok);
        clock.advance(DispatcherConfig.DEFAULT_BREAKER_OPEN_INTERVAL);
        dispatcher.runOnce();
        assertThat(row("e0").status()).isEqualTo(OutboxStatus.SENT);
        assertThat(dispatcher.circuitState(PIXEL)).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void shouldKeepRunningWhenTheSenderThrowsOrFailsItsFuture() {
        enqueue(1);
        sender.script = r -> {
            throw new IllegalStateException("boom");
        };

        DispatchSummary thrown = dispatcher.runOnce();

        assertThat(thrown.failed()).isFalse();
        assertThat(row("e0").status()).isEqualTo(OutboxStatus.PENDING);
        assertThat(row("e0").attempts()).isEqualTo(1);
        assertThat(row("e0").lastErrorMessage()).contains("IllegalStateException");

        CompletableFuture<SendResult> failed = new CompletableFuture<SendResult>();
        failed.completeExceptionally(new java.io.IOException("reset"));
        sender.script = r -> failed;
        clock.advance(Duration.ofMinutes(1));
        dispatcher.runOnce();
        assertThat(row("e0").attempts()).isEqualTo(2);

        sender.answer(ScriptedSender::ok);
        clock.advance(Duration.ofMinutes(1));
        dispatcher.runOnce();
        assertThat(row("e0").status()).isEqualTo(OutboxStatus.SENT);
    }

    @Test
    void shouldReportAFailedCycleAndRecoverWhenTheSettingsProviderThrows() {
        enqueue(1);
        Dispatcher flaky = Dispatcher.builder(outbox, sender, pixelId -> {
            if (settingsReads.getAndIncrement() == 0) {
                throw new IllegalStateException("settings table locked");
            }
            return settings.get(pixelId);
        }).config(config).clock(clock).jitter(() -> 0.5).build();
        try {
            DispatchSummary first = flaky.runOnce();
            assertThat(first.deferred()).isEqualTo(1);
            assertThat(row("e0").attempts()).isZero();

            clock.advance(config.pixelRecheckInterval());
            flaky.runOnce();
            assertThat(row("e0").status()).isEqualTo(OutboxStatus.SENT);
        } finally {
            flaky.stop();
        }
    }

    @Test
    void shouldClaimTheNextBatchWhileThePreviousIsUnansweredButKeepAtMostTwoClaimsOpen() throws Exception {
        DispatcherConfig cfg = DispatcherConfig.from(config).claimLimit(10).batchSize(10).maxInFlightRequests(4)
                .pollInterval(Duration.ofMillis(20)).build();
        dispatcher.stop();
        dispatcher = newDispatcher(cfg);
        enqueue(40);
        Map<SendRequest, CompletableFuture<SendResult>> unanswered =
                new ConcurrentHashMap<SendRequest, CompletableFuture<SendResult>>();
        sender.script = r -> {
            CompletableFuture<SendResult> answer = new CompletableFuture<SendResult>();
            unanswered.put(r, answer);
            return answer;
        };
        dispatcher.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (sender.requestCount() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(300);

        // Two claims' requests are out, none answered: a third claim waits although rows and request slots remain.
        assertThat(sender.requestCount()).isEqualTo(2);
        assertThat(count(OutboxStatus.IN_FLIGHT)).isEqualTo(20);
        while (count(OutboxStatus.SENT) < 40 && System.nanoTime() < deadline) {
            for (Map.Entry<SendRequest, CompletableFuture<SendResult>> e : unanswered.entrySet()) {
                unanswered.remove(e.getKey());
                e.getValue().complete(ScriptedSender.ok(e.getKey()));
            }
            Thread.sleep(10);
        }
        assertThat(count(OutboxStatus.SENT)).isEqualTo(40);
        assertThat(sender.requestCount()).isEqualTo(4);
        assertThat(sender.delivered.values()).allMatch(n -> n.get() == 1);
    }

    @Test
    void shouldReleaseUnstartedRowsAndStopWithinTheBoundWhenStoppedWithRequestsHanging() throws Exception {
        DispatcherConfig cfg = DispatcherConfig.from(config).batchSize(1).maxInFlightRequests(1)
                .shutdownMaxWait(Duration.ofMillis(300)).pollInterval(Duration.ofMillis(20)).build();
        Dispatcher d = newDispatcher(cfg);
        enqueue(3);
        sender.script = r -> new CompletableFuture<SendResult>();
        d.start();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (sender.requestCount() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }

        long t0 = System.nanoTime();
        d.stop();
        long stopMillis = (System.nanoTime() - t0) / 1_000_000;

        assertThat(sender.requestCount()).isEqualTo(1);
        assertThat(stopMillis).isLessThan(3_000);
        List<OutboxStatus> statuses = new ArrayList<OutboxStatus>();
        for (String id : new String[] {"e0", "e1", "e2"}) {
            statuses.add(row(id).status());
        }
        // The one request in flight stays leased; the two never started are back to PENDING.
        assertThat(statuses).containsExactlyInAnyOrder(OutboxStatus.IN_FLIGHT, OutboxStatus.PENDING,
                OutboxStatus.PENDING);
    }

    @Test
    void shouldExpireOldHeldRowsAndDeleteFinalRowsPastRetentionOncePerPruneInterval() throws Exception {
        DispatcherConfig cfg = DispatcherConfig.from(config).retentionDays(30).pollInterval(Duration.ofMillis(20))
                .build();
        enqueue(2);
        List<OutboxRow> rows = outbox.claim("other-node", 10, Duration.ofMinutes(2));
        // Held with the current credentials, so only the age can end it.
        outbox.markHeld(rows.subList(0, 1), settings.get(PIXEL).credentialsFingerprint(),
                OutboxError.reason("auth"), true);
        outbox.markRejected(rows.subList(1, 2), new OutboxError(100, null, "invalid", null));
        clock.advance(Duration.ofDays(31));
        Dispatcher d = newDispatcher(cfg);
        d.start();
        try {
            Thread.sleep(200);
            assertThat(count(OutboxStatus.HELD_CREDENTIALS)).isEqualTo(1);
            clock.advance(cfg.pruneInterval());
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (outbox.search(OutboxSearch.builder().build(), 0, 1).total() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } finally {
            d.stop();
        }

        assertThat(outbox.search(OutboxSearch.builder().build(), 0, 1).total()).isZero();
    }

    @Test
    void shouldNotLogOrExposeTheTokenWhenSettingsArePrinted() {
        PixelDeliverySettings s = PixelDeliverySettings.builder(PIXEL).credentials(Credentials.of("EAAB-secret", "shh"))
                .build();
        OutboxEntry e = entry(PIXEL, "Purchase", "x", nowSeconds).build();

        assertThat(s.toString()).doesNotContain("EAAB-secret").doesNotContain("shh");
        assertThat(s.credentialsFingerprint()).hasSize(64).doesNotContain("EAAB");
        assertThat(s.credentialsFingerprint()).isNotEqualTo(PixelDeliverySettings.builder(PIXEL)
                .credentials(Credentials.of("EAAB-other", "shh")).build().credentialsFingerprint());
        assertThat(e.toString()).doesNotContain("user_data");
    }
}
