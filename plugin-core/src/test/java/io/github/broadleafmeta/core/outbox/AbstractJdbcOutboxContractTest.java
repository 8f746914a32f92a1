package io.github.broadleafmeta.core.outbox;

import static io.github.broadleafmeta.core.outbox.TestDatabases.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The outbox's contract, run against every supported database by a subclass per database. */
abstract class AbstractJdbcOutboxContractTest {

    static final String PIXEL = "111111111111111";
    static final Duration LEASE = Duration.ofMinutes(2);

    TestClock clock;
    OutboxConfig config;
    JdbcOutbox outbox;
    long nowSeconds;

    abstract DataSource dataSource();

    @BeforeEach
    void freshTable() {
        clock = TestClock.at("2025-03-01T10:15:30Z");
        nowSeconds = clock.millis() / 1000;
        config = OutboxConfig.custom().tableName(TestDatabases.uniqueTable()).build();
        outbox = new JdbcOutbox(dataSource(), config, clock);
        outbox.initialize();
    }

    JdbcOutbox newNode() {
        return new JdbcOutbox(dataSource(), config, clock);
    }

    void enqueue(int n) {
        for (int i = 0; i < n; i++) {
            assertThat(outbox.enqueue(entry(PIXEL, "AddToCart", "e" + i, nowSeconds).build()).isEnqueued())
                    .isTrue();
        }
    }

    OutboxStatus statusOf(long id) {
        return outbox.findById(id).status();
    }

    @Test
    void shouldKeepSchemaVersionWhenInitializedTwice() {
        outbox.initialize();
        newNode().initialize();

        assertThat(outbox.schemaVersion()).isEqualTo(6);
        assertThat(outbox.enqueue(entry(PIXEL, "PageView", "a", nowSeconds).build()).isEnqueued()).isTrue();
    }

    @Test
    void shouldMigrateOnceWhenTwoNodesInitializeConcurrently() throws Exception {
        OutboxConfig fresh = OutboxConfig.custom().tableName(TestDatabases.uniqueTable()).build();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Void>> runs = new ArrayList<Future<Void>>();
            for (int i = 0; i < 2; i++) {
                runs.add(pool.submit(() -> {
                    start.await();
                    new JdbcOutbox(dataSource(), fresh, clock).initialize();
                    return null;
                }));
            }
            start.countDown();
            for (Future<Void> run : runs) {
                run.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        JdbcOutbox node = new JdbcOutbox(dataSource(), fresh, clock);
        assertThat(node.schemaVersion()).isEqualTo(6);
        assertThat(node.enqueue(entry(PIXEL, "PageView", "a", nowSeconds).build()).isEnqueued()).isTrue();
    }

    @Test
    void shouldKeepOneRowWhenTheSameEventIsEnqueuedTwice() {
        OutboxEntry e = entry(PIXEL, "Purchase", "order-1", nowSeconds).confirmationKey("1001").build();

        assertThat(outbox.enqueue(e).status()).isEqualTo(EnqueueResult.Status.ENQUEUED);
        assertThat(outbox.enqueue(e).status()).isEqualTo(EnqueueResult.Status.DUPLICATE);
        // Same event id under another name or pixel is another event.
        assertThat(outbox.enqueue(entry(PIXEL, "InitiateCheckout", "order-1", nowSeconds).build()).isEnqueued())
                .isTrue();
        assertThat(outbox.enqueue(entry("222", "Purchase", "order-1", nowSeconds).build()).isEnqueued()).isTrue();

        assertThat(outbox.search(OutboxSearch.builder().eventId("order-1").build(), 0, 10).total()).isEqualTo(3);
        assertThat(outbox.search(OutboxSearch.builder().eventId("order-1").pixelId(PIXEL).eventName("Purchase")
                .build(), 0, 10).total()).isEqualTo(1);
    }

    @Test
    void shouldReportFirstBrowserRenderingOnlyOnceWhenMarkedRepeatedly() {
        outbox.enqueue(entry(PIXEL, "Purchase", "order.1001", nowSeconds).confirmationKey("1001").build());

        assertThat(outbox.markBrowserRendered(PIXEL, "Purchase", "order.1001")).isTrue();
        assertThat(outbox.markBrowserRendered(PIXEL, "Purchase", "order.1001")).isFalse();
        assertThat(newNode().markBrowserRendered(PIXEL, "Purchase", "order.1001")).as("another node").isFalse();
        assertThat(outbox.markBrowserRendered(PIXEL, "Purchase", "order.9999")).as("no such row").isFalse();
        assertThat(outbox.contains(PIXEL, "Purchase", "order.1001")).isTrue();
        assertThat(outbox.contains(PIXEL, "Purchase", "order.9999")).isFalse();
    }

    @Test
    void shouldRecordBrowserRenderingAtInsertWhenTheCopyRendersWithTheSamePage() {
        outbox.enqueue(entry(PIXEL, "ViewContent", "vc-1", nowSeconds).browserRendered(true).build());

        assertThat(outbox.markBrowserRendered(PIXEL, "ViewContent", "vc-1")).as("already recorded").isFalse();
    }

    @Test
    void shouldKeepWorkingInsideAnotherTransactionWhenADuplicateIsEnqueued() {
        OutboxEntry e = entry(PIXEL, "Purchase", "dup", nowSeconds).build();
        for (int i = 0; i < 3; i++) {
            outbox.enqueue(e);
        }
        assertThat(outbox.enqueue(entry(PIXEL, "Purchase", "other", nowSeconds).build()).isEnqueued()).isTrue();
        assertThat(outbox.backlog().pending()).isEqualTo(2);
    }

    @Test
    void shouldClaimOnlyDueRowsUpToTheLimit() {
        enqueue(5);

        List<OutboxRow> first = outbox.claim("node-a", 3, LEASE);
        List<OutboxRow> second = outbox.claim("node-a", 3, LEASE);
        List<OutboxRow> third = outbox.claim("node-a", 3, LEASE);

        assertThat(first).hasSize(3);
        assertThat(second).hasSize(2);
        assertThat(third).isEmpty();
        assertThat(first.get(0).payloadJson()).isEqualTo(TestDatabases.payload("AddToCart", "e0"));
        assertThat(first.get(0).eventTime()).isEqualTo(nowSeconds);
        assertThat(statusOf(first.get(0).id())).isEqualTo(OutboxStatus.IN_FLIGHT);
    }

    @Test
    void shouldNotClaimRowsWhenTheirNextAttemptIsInTheFuture() {
        enqueue(1);
        OutboxRow row = outbox.claim("node-a", 10, LEASE).get(0);
        outbox.markRetry(Collections.singletonList(row), clock.instant().plusSeconds(30),
                new OutboxError(2, null, "temporary", "trace-1"));

        assertThat(outbox.claim("node-a", 10, LEASE)).isEmpty();
        clock.advance(Duration.ofSeconds(31));
        List<OutboxRow> again = outbox.claim("node-a", 10, LEASE);

        assertThat(again).hasSize(1);
        assertThat(again.get(0).attempts()).isEqualTo(1);
        assertThat(again.get(0).lastErrorCode()).isEqualTo(2);
    }

    @Test
    void shouldLetAnotherOwnerReclaimWhenTheLeaseExpiredAndSkipTheStaleOwnersWrite() {
        enqueue(1);
        JdbcOutbox nodeB = newNode();
        OutboxRow byA = outbox.claim("node-a", 10, LEASE).get(0);

        assertThat(nodeB.claim("node-b", 10, LEASE)).isEmpty();
        clock.advance(LEASE.plusSeconds(1));
        OutboxRow byB = nodeB.claim("node-b", 10, LEASE).get(0);
        WriteResult stale = outbox.markRetry(Collections.singletonList(byA), clock.instant().plusSeconds(60),
                OutboxError.reason("late"));
        WriteResult fresh = nodeB.markSent(Collections.singletonList(byB), 1, "trace-b");

        assertThat(byB.id()).isEqualTo(byA.id());
        assertThat(byB.version()).isGreaterThan(byA.version());
        assertThat(stale.written()).isZero();
        assertThat(stale.leaseLost()).containsExactly(byA.id());
        assertThat(fresh.written()).isEqualTo(1);
        OutboxRow row = outbox.findById(byA.id());
        assertThat(row.status()).isEqualTo(OutboxStatus.SENT);
        assertThat(row.attempts()).isZero();
        assertThat(row.lastFbtraceId()).isEqualTo("trace-b");
        assertThat(row.eventsReceived()).isEqualTo(1);
        assertThat(row.leaseOwner()).isNull();
    }

    @Test
    void shouldNeverHandTheSameRowToTwoConcurrentClaimers() throws Exception {
        int total = 600;
        enqueue(total);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<Long>>> claimers = new ArrayList<Future<List<Long>>>();
            for (String owner : new String[] {"node-a", "node-b"}) {
                JdbcOutbox node = newNode();
                Callable<List<Long>> claimer = () -> {
                    start.await();
                    List<Long> mine = new ArrayList<Long>();
                    int empty = 0;
                    while (empty < 3) {
                        List<OutboxRow> got = node.claim(owner, 25, LEASE);
                        empty = got.isEmpty() ? empty + 1 : 0;
                        for (OutboxRow e : got) {
                            mine.add(e.id());
                        }
                    }
                    return mine;
                };
                claimers.add(pool.submit(claimer));
            }
            start.countDown();
            List<Long> a = claimers.get(0).get(60, TimeUnit.SECONDS);
            List<Long> b = claimers.get(1).get(60, TimeUnit.SECONDS);

            Set<Long> overlap = new HashSet<Long>(a);
            overlap.retainAll(b);
            assertThat(overlap).isEmpty();
            assertThat(a.size() + b.size()).isEqualTo(total);
            assertThat(new HashSet<Long>(a)).hasSize(a.size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldReleaseHeldRowsOnlyWhenTheCredentialsFingerprintChanges() {
        enqueue(2);
        List<OutboxRow> rows = outbox.claim("node-a", 10, LEASE);
        outbox.markHeld(rows, "fp-old", new OutboxError(190, 463, "token expired", "t"), true);

        assertThat(outbox.heldFingerprints()).containsEntry(PIXEL, Collections.singleton("fp-old"));
        assertThat(outbox.releaseHeld(PIXEL, "fp-old")).isZero();
        assertThat(outbox.claim("node-a", 10, LEASE)).isEmpty();
        assertThat(outbox.releaseHeld("other-pixel", "fp-new")).isZero();
        assertThat(outbox.releaseHeld(PIXEL, "fp-new")).isEqualTo(2);

        List<OutboxRow> again = outbox.claim("node-a", 10, LEASE);
        assertThat(again).hasSize(2);
        assertThat(again.get(0).attempts()).isEqualTo(1);
        assertThat(outbox.heldFingerprints()).isEmpty();
    }

    @Test
    void shouldKeepRowsThatAreNeverClaimedOutOfTheClaimRangeAndShowNoNextAttempt() {
        enqueue(4);
        List<OutboxRow> rows = outbox.claim("node-a", 10, LEASE);
        assertThat(outbox.findById(rows.get(0).id()).nextAttemptAt()).isEqualTo(clock.instant().plus(LEASE));
        outbox.markSent(rows.subList(0, 1), 1, "t");
        outbox.markRejected(rows.subList(1, 2), OutboxError.reason("bad"));
        outbox.markHeld(rows.subList(2, 3), "fp", OutboxError.reason("auth"), true);
        outbox.markRetry(rows.subList(3, 4), clock.instant().plusSeconds(30), OutboxError.reason("503"));

        for (OutboxRow row : rows.subList(0, 3)) {
            assertThat(outbox.findById(row.id()).nextAttemptAt()).isNull();
            assertThat(outbox.search(OutboxSearch.all(), 0, 10).rows())
                    .filteredOn(r -> r.id() == row.id()).extracting(OutboxRow::nextAttemptAt).containsOnlyNulls();
        }
        assertThat(outbox.findById(rows.get(3).id()).nextAttemptAt()).isEqualTo(clock.instant().plusSeconds(30));
        // Far in the future, only the retried row is due again; the held one once its credentials change.
        clock.advance(Duration.ofDays(3650));
        assertThat(outbox.claim("node-a", 10, LEASE)).extracting(OutboxRow::id).containsExactly(rows.get(3).id());
        assertThat(outbox.releaseHeld(PIXEL, "fp-new")).isEqualTo(1);
        assertThat(outbox.findById(rows.get(2).id()).nextAttemptAt()).isEqualTo(clock.instant());
        assertThat(outbox.claim("node-a", 10, LEASE)).extracting(OutboxRow::id).containsExactly(rows.get(2).id());
    }

    @Test
    void shouldMigrateRowsOfTheV1SchemaInPlaceAndDeliverEachUndeliveredRowOnce() throws Exception {
        OutboxConfig v1Config = OutboxConfig.custom().tableName(TestDatabases.uniqueTable()).build();
        new JdbcOutbox(dataSource(), v1Config, clock).migrateTo(3);
        long now = clock.millis();
        long never = Long.MAX_VALUE;
        // Rows as v1 nodes left them: due, not yet due, leased by a node that is still sending, held, final.
        long due = v1Row(v1Config, "due", "PENDING", now - 1000, null, null, 2, 2, null);
        long later = v1Row(v1Config, "later", "PENDING", now + 60_000, null, null, 0, null, null);
        long leased = v1Row(v1Config, "leased", "IN_FLIGHT", now + 30_000, "old-node", now + 30_000, 0, null, null);
        long held = v1Row(v1Config, "held", "HELD_CREDENTIALS", never, null, null, 1, 190, "fp-old");
        long sent = v1Row(v1Config, "sent", "SENT", never, null, null, 0, null, null);
        long rejected = v1Row(v1Config, "rejected", "REJECTED", never, null, null, 1, 100, null);

        JdbcOutbox v2 = new JdbcOutbox(dataSource(), v1Config, clock);
        v2.initialize();

        assertThat(v2.schemaVersion()).isEqualTo(6);
        OutboxRow dueRow = v2.findById(due);
        assertThat(dueRow.status()).isEqualTo(OutboxStatus.PENDING);
        assertThat(dueRow.nextAttemptAt()).isEqualTo(Instant.ofEpochMilli(now - 1000));
        assertThat(dueRow.attempts()).isEqualTo(2);
        assertThat(dueRow.lastErrorCode()).isEqualTo(2);
        assertThat(v2.findById(later).nextAttemptAt()).isEqualTo(Instant.ofEpochMilli(now + 60_000));
        OutboxRow leasedRow = v2.findById(leased);
        assertThat(leasedRow.status()).isEqualTo(OutboxStatus.IN_FLIGHT);
        assertThat(leasedRow.leaseOwner()).isEqualTo("old-node");
        assertThat(leasedRow.leaseExpiresAt()).isEqualTo(Instant.ofEpochMilli(now + 30_000));
        assertThat(v2.findById(held).status()).isEqualTo(OutboxStatus.HELD_CREDENTIALS);
        assertThat(v2.findById(sent).status()).isEqualTo(OutboxStatus.SENT);
        assertThat(v2.findById(rejected).status()).isEqualTo(OutboxStatus.REJECTED);
        Backlog backlog = v2.backlog();
        assertThat(backlog.pending()).isEqualTo(2);
        assertThat(backlog.inFlight()).isEqualTo(1);
        assertThat(backlog.held()).isEqualTo(1);
        assertThat(v2.heldFingerprints()).containsEntry(PIXEL, Collections.singleton("fp-old"));
        // The v1 node still sending the leased row: its version-conditional outcome no longer matches.
        try (java.sql.Connection c = dataSource().getConnection(); java.sql.Statement st = c.createStatement()) {
            assertThat(st.executeUpdate("UPDATE " + v1Config.tableName() + " SET status = 'SENT' WHERE id = " + leased
                    + " AND version = 0")).isZero();
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }

        List<Long> delivered = new ArrayList<Long>();
        List<OutboxRow> first = v2.claim("node-v2", 10, LEASE);
        assertThat(first).extracting(OutboxRow::id).containsExactly(due);
        assertThat(first.get(0).attempts()).isEqualTo(2);
        assertThat(first.get(0).payloadJson()).contains("\"event_id\":\"due\"");
        assertThat(v2.markSent(first, 1, "t1").written()).isEqualTo(1);
        delivered.addAll(ids(first));
        clock.advance(Duration.ofSeconds(61));
        List<OutboxRow> second = v2.claim("node-v2", 10, LEASE);
        assertThat(second).extracting(OutboxRow::id).containsExactly(later, leased);
        assertThat(v2.markSent(second, 2, "t2").written()).isEqualTo(2);
        delivered.addAll(ids(second));
        assertThat(v2.releaseHeld(PIXEL, "fp-new")).isEqualTo(1);
        List<OutboxRow> third = v2.claim("node-v2", 10, LEASE);
        assertThat(third).extracting(OutboxRow::attempts).containsExactly(1);
        assertThat(v2.markSent(third, 1, "t3").written()).isEqualTo(1);
        delivered.addAll(ids(third));

        assertThat(delivered).containsExactly(due, later, leased, held);
        assertThat(v2.claim("node-v2", 10, LEASE)).isEmpty();
        assertThat(v2.backlog().pending() + v2.backlog().inFlight() + v2.backlog().held()).isZero();
        assertThat(v2.findById(due).attempts()).isEqualTo(2);
        assertThat(v2.findById(held).status()).isEqualTo(OutboxStatus.SENT);
        assertThat(v2.enqueue(entry(PIXEL, "AddToCart", "sent", nowSeconds).build()).status())
                .isEqualTo(EnqueueResult.Status.DUPLICATE);
        assertThat(v2.enqueue(entry(PIXEL, "AddToCart", "new", nowSeconds).build()).isEnqueued()).isTrue();
    }

    private static List<Long> ids(List<OutboxRow> rows) {
        return rows.stream().map(OutboxRow::id).collect(Collectors.toList());
    }

    /** Inserts a row the way a node on schema version 3 (outbox v1) wrote and updated it; returns its id. */
    private long v1Row(OutboxConfig v1, String eventId, String status, long nextAttemptAt, String leaseOwner,
            Long leaseExpiresAt, int attempts, Integer errorCode, String fingerprint) throws Exception {
        try (java.sql.Connection c = dataSource().getConnection();
                java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO " + v1.tableName() + " (pixel_id, "
                        + "event_name, event_id, event_time, payload, status, attempts, next_attempt_at, "
                        + "lease_owner, lease_expires_at, version, last_error_code, last_error_message, "
                        + "last_error_at, created_at, updated_at, credentials_fingerprint) VALUES (?, 'AddToCart', ?, "
                        + "?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, PIXEL);
            ps.setString(2, eventId);
            ps.setLong(3, nowSeconds);
            ps.setString(4, TestDatabases.payload("AddToCart", eventId));
            ps.setString(5, status);
            ps.setInt(6, attempts);
            ps.setLong(7, nextAttemptAt);
            ps.setObject(8, leaseOwner, java.sql.Types.VARCHAR);
            ps.setObject(9, leaseExpiresAt, java.sql.Types.BIGINT);
            ps.setObject(10, errorCode, java.sql.Types.INTEGER);
            ps.setObject(11, errorCode == null ? null : "error " + errorCode, java.sql.Types.VARCHAR);
            ps.setObject(12, errorCode == null ? null : clock.millis() - 5000, java.sql.Types.BIGINT);
            ps.setLong(13, clock.millis() - 10_000);
            ps.setLong(14, clock.millis() - 10_000);
            ps.setObject(15, fingerprint, java.sql.Types.VARCHAR);
            ps.executeUpdate();
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
        try (java.sql.Connection c = dataSource().getConnection();
                java.sql.PreparedStatement ps = c.prepareStatement("SELECT id FROM " + v1.tableName()
                        + " WHERE event_id = ?")) {
            ps.setString(1, eventId);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void shouldUseAsManyStatementsForABatchOfFourHundredRowsAsForOneRow() {
        enqueue(802);
        StatementCountingDataSource counting = new StatementCountingDataSource(dataSource());
        JdbcOutbox node = new JdbcOutbox(counting, config, clock);
        node.initialize();
        counting.takeCount();

        List<OutboxRow> one = node.claim("node-a", 1, LEASE);
        int claimOne = counting.takeCount();
        List<OutboxRow> many = node.claim("node-a", 400, LEASE);
        int claimMany = counting.takeCount();
        node.markSent(one, 1, "t");
        int sentOne = counting.takeCount();
        node.markSent(many, 400, "t");
        int sentMany = counting.takeCount();
        List<OutboxRow> retryOne = node.claim("node-a", 1, LEASE);
        List<OutboxRow> retryMany = node.claim("node-a", 400, LEASE);
        counting.takeCount();
        node.markRetry(retryOne, clock.instant(), OutboxError.reason("503"));
        int retriedOne = counting.takeCount();
        node.markRetry(retryMany, clock.instant(), OutboxError.reason("503"));
        int retriedMany = counting.takeCount();

        assertThat(many).hasSize(400);
        assertThat(claimMany).isEqualTo(claimOne);
        assertThat(sentMany).isEqualTo(sentOne);
        assertThat(retriedMany).isEqualTo(retriedOne);
        assertThat(outbox.countsByStatus(clock.instant().minusSeconds(1)).get(PIXEL))
                .containsEntry(OutboxStatus.SENT, 401L).containsEntry(OutboxStatus.PENDING, 401L);
    }

    @Test
    void shouldLeaveTheEventRecordUntouchedWhenItsBrowserCopyIsMarkedRendered() throws Exception {
        enqueue(1);
        long id = outbox.search(OutboxSearch.all(), 0, 1).rows().get(0).id();
        clock.advance(Duration.ofSeconds(5));

        assertThat(outbox.markBrowserRendered(PIXEL, "AddToCart", "e0")).isTrue();

        try (java.sql.Connection c = dataSource().getConnection(); java.sql.Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery("SELECT browser_rendered_at, updated_at FROM "
                        + config.tableName() + " WHERE id = " + id)) {
            rs.next();
            rs.getLong(1);
            assertThat(rs.wasNull()).as("browser_rendered_at of the event record").isTrue();
            assertThat(rs.getLong(2)).isEqualTo(clock.millis() - 5000);
        }
        try (java.sql.Connection c = dataSource().getConnection(); java.sql.Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery("SELECT rendered_at FROM " + config.renderedTableName()
                        + " WHERE event_id = 'e0'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(clock.millis());
        }
    }

    @Test
    void shouldPutRowsBackWithoutCountingAnAttemptWhenReleased() {
        enqueue(1);
        OutboxRow row = outbox.claim("node-a", 10, LEASE).get(0);

        WriteResult r = outbox.release(Collections.singletonList(row), clock.instant().plusSeconds(5));

        assertThat(r.written()).isEqualTo(1);
        assertThat(outbox.claim("node-a", 10, LEASE)).isEmpty();
        clock.advance(Duration.ofSeconds(5));
        assertThat(outbox.claim("node-a", 10, LEASE).get(0).attempts()).isZero();
    }

    @Test
    void shouldPruneEveryFinalStatusRecordedBeforeTheCutoffAndKeepRowsStillDeliverable() {
        enqueue(8);
        List<OutboxRow> rows = outbox.claim("node-a", 10, LEASE);
        outbox.markSent(rows.subList(0, 1), 1, "t");
        outbox.markDryRun(rows.subList(1, 2));
        outbox.markRejected(rows.subList(2, 3), new OutboxError(100, 2804003, "bad", "t"));
        outbox.markExpired(rows.subList(3, 4), OutboxError.reason("too old"));
        outbox.markNotConfirmed(rows.subList(4, 5), "order cancelled");
        outbox.markHeld(rows.subList(5, 6), "fp", OutboxError.reason("auth"), true);
        outbox.release(rows.subList(6, 7), clock.instant().plus(Duration.ofDays(40)));
        // rows.get(7) stays IN_FLIGHT (its node died).
        clock.advance(Duration.ofDays(31));
        outbox.enqueue(entry(PIXEL, "Purchase", "recent", clock.millis() / 1000).build());
        // The claim also takes rows.get(7) again (its lease ran out): it stays IN_FLIGHT.
        List<OutboxRow> recent = outbox.claim("node-a", 10, LEASE).stream()
                .filter(r -> r.eventId().equals("recent")).collect(Collectors.toList());
        outbox.markSent(recent, 1, "t");
        OutboxConfig small = OutboxConfig.from(config).pruneBatchSize(2).build();

        int deleted = new JdbcOutbox(dataSource(), small, clock).pruneFinal(clock.instant().minus(Duration.ofDays(30)));

        assertThat(deleted).isEqualTo(5);
        for (OutboxRow finalRow : rows.subList(0, 5)) {
            assertThat(outbox.findById(finalRow.id())).as("row " + finalRow.eventId()).isNull();
        }
        assertThat(statusOf(rows.get(5).id())).isEqualTo(OutboxStatus.HELD_CREDENTIALS);
        assertThat(statusOf(rows.get(6).id())).isEqualTo(OutboxStatus.PENDING);
        assertThat(statusOf(rows.get(7).id())).isEqualTo(OutboxStatus.IN_FLIGHT);
        assertThat(statusOf(recent.get(0).id())).isEqualTo(OutboxStatus.SENT);
    }

    @Test
    void shouldExpireHeldRowsWhoseEventIsOlderThanTheCutoffAndKeepYoungerOnesHeld() {
        enqueue(1);
        clock.advance(Duration.ofDays(3));
        outbox.enqueue(entry(PIXEL, "AddToCart", "younger", clock.millis() / 1000).build());
        List<OutboxRow> rows = outbox.claim("node-a", 10, LEASE);
        outbox.markHeld(rows, "fp", OutboxError.reason("auth"), true);
        clock.advance(Duration.ofDays(5));
        OutboxRow old = rows.get(0).eventId().equals("younger") ? rows.get(1) : rows.get(0);
        OutboxRow younger = rows.get(0).eventId().equals("younger") ? rows.get(0) : rows.get(1);

        int expired = outbox.expireHeld(clock.instant().minus(Duration.ofDays(7)));

        assertThat(expired).isEqualTo(1);
        OutboxRow row = outbox.findById(old.id());
        assertThat(row.status()).isEqualTo(OutboxStatus.EXPIRED);
        assertThat(row.lastErrorMessage()).contains("older than Meta accepts");
        assertThat(statusOf(younger.id())).isEqualTo(OutboxStatus.HELD_CREDENTIALS);
        // New credentials release only the younger row; the expired one is never claimed again.
        outbox.releaseHeld(PIXEL, "new-fp");
        assertThat(outbox.claim("node-a", 10, LEASE)).extracting(OutboxRow::eventId).containsExactly("younger");
    }

    @Test
    void shouldRetryHeldRowsButExplainWhyRejectedRowsAreNotResent() {
        enqueue(2);
        List<OutboxRow> rows = outbox.claim("node-a", 10, LEASE);
        outbox.markHeld(rows.subList(0, 1), "fp", OutboxError.reason("auth"), true);
        outbox.markRejected(rows.subList(1, 2), new OutboxError(100, null, "invalid", null));

        RetryNowResult held = outbox.retryNow(rows.get(0).id());
        RetryNowResult rejected = outbox.retryNow(rows.get(1).id());
        RetryNowResult missing = outbox.retryNow(999_999L);

        assertThat(held.status()).isEqualTo(RetryNowResult.Status.SCHEDULED);
        assertThat(statusOf(rows.get(0).id())).isEqualTo(OutboxStatus.PENDING);
        assertThat(rejected.status()).isEqualTo(RetryNowResult.Status.NOT_RETRYABLE);
        assertThat(rejected.rowStatus()).isEqualTo(OutboxStatus.REJECTED);
        assertThat(rejected.message()).contains("rejected");
        assertThat(statusOf(rows.get(1).id())).isEqualTo(OutboxStatus.REJECTED);
        assertThat(missing.status()).isEqualTo(RetryNowResult.Status.NOT_FOUND);
    }

    @Test
    void shouldTruncateLongErrorMessagesWhenRecorded() {
        enqueue(1);
        OutboxRow row = outbox.claim("node-a", 1, LEASE).get(0);
        outbox.markRejected(Collections.singletonList(row), new OutboxError(100, null, "x".repeat(5000), null));

        assertThat(outbox.findById(row.id()).lastErrorMessage()).hasSize(config.maxErrorMessageLength());
    }

    @Test
    void shouldCountOnlyThatPixelsRowsWhenHourlyCountsAndBacklogAreAskedForOnePixel() {
        Instant start = clock.instant();
        outbox.enqueue(entry(PIXEL, "AddToCart", "a1", nowSeconds).build());
        outbox.enqueue(entry(PIXEL, "AddToCart", "a2", nowSeconds).build());
        clock.advance(Duration.ofMinutes(5));
        outbox.enqueue(entry("222", "AddToCart", "b1", nowSeconds).build());

        assertThat(outbox.hourlyCounts(start.minus(Duration.ofHours(1)), "222"))
                .extracting(HourlyCount::count).containsExactly(1L);
        assertThat(outbox.hourlyCounts(start.minus(Duration.ofHours(1)), PIXEL))
                .extracting(HourlyCount::count).containsExactly(2L);
        assertThat(outbox.backlog("222").pending()).isEqualTo(1);
        assertThat(outbox.backlog("222").oldestAge()).isEqualTo(Duration.ZERO);
        assertThat(outbox.backlog(PIXEL).pending()).isEqualTo(2);
        assertThat(outbox.backlog(PIXEL).oldestAge()).isEqualTo(Duration.ofMinutes(5));
        assertThat(outbox.backlog().pending()).isEqualTo(3);
    }

    @Test
    void shouldCountEachPixelsBacklogAndItsOldestWaitingRowApart() {
        outbox.enqueue(entry(PIXEL, "AddToCart", "a1", nowSeconds).build());
        outbox.enqueue(entry(PIXEL, "AddToCart", "a2", nowSeconds).build());
        clock.advance(Duration.ofMinutes(5));
        outbox.enqueue(entry("222", "AddToCart", "b1", nowSeconds).build());
        outbox.enqueue(entry("333", "AddToCart", "c1", nowSeconds).build());
        // All four claimed; 333's sent, the other three stay in flight under the lease.
        outbox.markSent(outbox.claim("node-a", 10, LEASE).stream().filter(r -> r.pixelId().equals("333"))
                .collect(java.util.stream.Collectors.toList()), 1, "trace");
        clock.advance(Duration.ofMinutes(1));
        outbox.enqueue(entry("222", "AddToCart", "b2", nowSeconds).build());

        Map<String, Backlog> byPixel = outbox.backlogByPixel();

        assertThat(byPixel).containsOnlyKeys(PIXEL, "222");
        assertThat(byPixel.get(PIXEL).inFlight()).isEqualTo(2);
        assertThat(byPixel.get(PIXEL).pending()).isZero();
        assertThat(byPixel.get(PIXEL).oldestAge()).isEqualTo(Duration.ofMinutes(6));
        assertThat(byPixel.get("222").inFlight()).isEqualTo(1);
        assertThat(byPixel.get("222").pending()).isEqualTo(1);
        assertThat(byPixel.get("222").oldestAge()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void shouldReportCountsBacklogErrorsAndCoverageForTheAdmin() {
        Instant start = clock.instant();
        outbox.enqueue(entry(PIXEL, "Purchase", "p1", nowSeconds).confirmationKey("1001").orderNumber("1001")
                .matchKeys("em,ph,fbp").build());
        outbox.enqueue(entry(PIXEL, "Purchase", "p2", nowSeconds).matchKeys("em").build());
        outbox.enqueue(entry(PIXEL, "AddToCart", "c1", nowSeconds).matchKeys("fbp, ip ,ua").build());
        clock.advance(Duration.ofHours(1));
        outbox.enqueue(entry("222", "AddToCart", "c2", nowSeconds).build());
        List<OutboxRow> rows = outbox.claim("node-a", 2, LEASE);
        outbox.markSent(rows.subList(0, 1), 1, "trace-ok");
        clock.advance(Duration.ofMinutes(1));
        outbox.markRetry(rows.subList(1, 2), clock.instant().plusSeconds(10),
                new OutboxError(1, null, "unknown error", "trace-err"));

        Map<String, Map<OutboxStatus, Long>> counts = outbox.countsByStatus(start);
        assertThat(counts.get(PIXEL)).containsEntry(OutboxStatus.SENT, 1L).containsEntry(OutboxStatus.PENDING, 2L);
        assertThat(counts.get("222")).containsEntry(OutboxStatus.PENDING, 1L);

        List<HourlyCount> hourly = outbox.hourlyCounts(start.minus(Duration.ofHours(24)));
        // 10:00 hour: p2 and c1 PENDING, p1 SENT; 11:00 hour: c2 PENDING.
        assertThat(hourly).extracting(HourlyCount::count).containsExactly(2L, 1L, 1L);
        assertThat(hourly).extracting(HourlyCount::status).containsExactly(OutboxStatus.PENDING, OutboxStatus.SENT,
                OutboxStatus.PENDING);
        assertThat(hourly.get(0).hourStart()).isEqualTo(Instant.parse("2025-03-01T10:00:00Z"));
        assertThat(hourly.get(2).hourStart()).isEqualTo(Instant.parse("2025-03-01T11:00:00Z"));

        Backlog backlog = outbox.backlog();
        assertThat(backlog.pending()).isEqualTo(3);
        assertThat(backlog.oldestAge()).isEqualTo(Duration.ofMinutes(61));

        OutboxRow lastError = outbox.lastError(null);
        assertThat(lastError.id()).isEqualTo(rows.get(1).id());
        assertThat(lastError.lastFbtraceId()).isEqualTo("trace-err");
        assertThat(lastError.payload()).isNull();
        assertThat(outbox.lastError("222")).isNull();

        OutboxPage byKey = outbox.search(OutboxSearch.builder().key("1001").build(), 0, 10);
        assertThat(byKey.rows()).extracting(OutboxRow::eventId).containsExactly("p1");
        OutboxPage page2 = outbox.search(OutboxSearch.all(), 2, 2);
        assertThat(page2.total()).isEqualTo(4);
        assertThat(page2.rows()).extracting(OutboxRow::eventId).containsExactly("p2", "p1");
        assertThat(outbox.search(OutboxSearch.builder().status(OutboxStatus.SENT).build(), 0, 10).total())
                .isEqualTo(1);

        long p1 = byKey.rows().get(0).id();
        assertThat(outbox.findById(p1).payload()).isEqualTo(TestDatabases.payload("Purchase", "p1"));
        assertThat(outbox.findById(p1).matchKeys()).isEqualTo("em,ph,fbp");

        List<MatchKeyCoverage> coverage = outbox.matchKeyCoverage(start);
        Map<String, MatchKeyCoverage> byName = coverage.stream()
                .collect(Collectors.toMap(MatchKeyCoverage::eventName, c -> c));
        assertThat(byName.get("Purchase").total()).isEqualTo(2);
        assertThat(byName.get("Purchase").share("em")).isEqualTo(1.0);
        assertThat(byName.get("Purchase").share("ph")).isEqualTo(0.5);
        assertThat(byName.get("AddToCart").share("ip")).isEqualTo(0.5);
        assertThat(byName.get("AddToCart").share("em")).isZero();
    }

    @Test
    void shouldReturnFailedAndNeverThrowWhenTheDatabaseIsUnreachable() {
        List<EnqueueResult> seen = new ArrayList<EnqueueResult>();
        JdbcOutbox down = new JdbcOutbox(TestDatabases.broken(), config, clock, (e, r) -> seen.add(r));

        EnqueueResult r = down.enqueue(entry(PIXEL, "Purchase", "x", nowSeconds).build());
        EnqueueResult nullEntry = down.enqueue(null);

        assertThat(r.status()).isEqualTo(EnqueueResult.Status.FAILED);
        assertThat(r.failure()).isEqualTo("java.sql.SQLException");
        assertThat(nullEntry.status()).isEqualTo(EnqueueResult.Status.FAILED);
        assertThat(seen).hasSize(2);
    }

    @Test
    void shouldReturnFailedWhenTheTableIsMissing() {
        JdbcOutbox noTable = new JdbcOutbox(dataSource(),
                OutboxConfig.custom().tableName(TestDatabases.uniqueTable()).build(), clock);

        EnqueueResult r = noTable.enqueue(entry(PIXEL, "Purchase", "x", nowSeconds).build());

        assertThat(r.status()).isEqualTo(EnqueueResult.Status.FAILED);
        assertThat(r.failure()).isNotBlank();
    }
}
