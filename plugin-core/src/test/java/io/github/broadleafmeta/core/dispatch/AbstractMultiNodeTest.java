package io.github.broadleafmeta.core.dispatch;

import io.github.broadleafmeta.core.capi.Credentials;

import static io.github.broadleafmeta.core.outbox.TestDatabases.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.github.broadleafmeta.core.capi.SendResult;
import io.github.broadleafmeta.core.outbox.JdbcOutbox;
import io.github.broadleafmeta.core.outbox.OutboxConfig;
import io.github.broadleafmeta.core.outbox.OutboxSearch;
import io.github.broadleafmeta.core.outbox.OutboxStatus;
import io.github.broadleafmeta.core.outbox.TestClock;
import io.github.broadleafmeta.core.outbox.TestDatabases;

/**
 * Several store nodes on one real database (PostgreSQL, MariaDB: the subclasses): no event sent twice, and a dead
 * node's rows are taken over.
 */
abstract class AbstractMultiNodeTest {

    static final String PIXEL = "111111111111111";

    /** A pooled data source on the real database, shared by the test class. */
    abstract DataSource db();

    private static DeliverySettingsProvider settings() {
        PixelDeliverySettings s = PixelDeliverySettings.builder(PIXEL).credentials(Credentials.of("token", null)).build();
        return pixelId -> PIXEL.equals(pixelId) ? s : null;
    }

    private static long count(JdbcOutbox outbox, OutboxStatus status) {
        return outbox.search(OutboxSearch.builder().status(status).build(), 0, 1).total();
    }

    @Test
    void shouldSendEveryEventExactlyOnceWithRequestsOverlappingWhenTwoNodesShareTheOutbox() throws Exception {
        Clock clock = Clock.systemUTC();
        OutboxConfig oc = OutboxConfig.custom().tableName(TestDatabases.uniqueTable()).build();
        JdbcOutbox outbox = new JdbcOutbox(db(), oc, clock);
        outbox.initialize();
        long now = clock.millis() / 1000;
        int total = 10_000;
        for (int i = 0; i < total; i++) {
            outbox.enqueue(entry(PIXEL, "AddToCart", "ev" + i, now).build());
        }
        ScriptedSender sender = new ScriptedSender();
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        // Answers arrive on a thread of their own, 50 ms later, like a real HTTP client: long enough for every
        // request the dispatchers allow to be in flight at once.
        ExecutorService answers = Executors.newCachedThreadPool();
        sender.script = r -> CompletableFuture.supplyAsync(() -> {
            maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            concurrent.decrementAndGet();
            return ScriptedSender.ok(r);
        }, answers);
        // A claim of 1,000 makes 4 batches, so the cap of 2 requests in flight per node is what holds them back.
        DispatcherConfig base = DispatcherConfig.custom().claimLimit(1000).batchSize(250).maxInFlightRequests(2)
                .pollInterval(Duration.ofMillis(20)).build();
        DeliveryCounters countersA = new DeliveryCounters();
        DeliveryCounters countersB = new DeliveryCounters();
        Dispatcher a = Dispatcher.builder(new JdbcOutbox(db(), oc, clock), sender, settings())
                .config(DispatcherConfig.from(base).nodeId("node-a").build()).listener(countersA).build();
        Dispatcher b = Dispatcher.builder(new JdbcOutbox(db(), oc, clock), sender, settings())
                .config(DispatcherConfig.from(base).nodeId("node-b").build()).listener(countersB).build();

        long t0 = System.nanoTime();
        a.start();
        b.start();
        long deadline = System.nanoTime() + 90_000_000_000L;
        while (count(outbox, OutboxStatus.SENT) < total && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        a.stop();
        b.stop();
        answers.shutdown();
        System.out.printf("Two nodes on one database: %d events in %.2f s (%.0f events/s); node-a %d, node-b %d%n",
                total, seconds, total / seconds, countersA.get(DeliveryCounters.SENT),
                countersB.get(DeliveryCounters.SENT));

        assertThat(count(outbox, OutboxStatus.SENT)).isEqualTo(total);
        assertThat(sender.delivered).hasSize(total);
        assertThat(sender.delivered.values()).allMatch(n -> n.get() == 1);
        assertThat(countersA.get(DeliveryCounters.SENT) + countersB.get(DeliveryCounters.SENT)).isEqualTo(total);
        assertThat(countersA.get(DeliveryCounters.SENT)).isPositive();
        assertThat(countersB.get(DeliveryCounters.SENT)).isPositive();
        assertThat(countersA.get(DeliveryCounters.LEASE_LOST) + countersB.get(DeliveryCounters.LEASE_LOST)).isZero();
        // Exactly-once means something only if requests overlapped; each node keeps to its own 2 in flight.
        assertThat(maxConcurrent.get()).as("most requests in flight at once, both nodes together").isBetween(2, 4);
    }

    @Test
    void shouldDeliverEveryRowFromAnotherNodeWhenTheClaimingNodeDiesAndItsLeasePasses() throws Exception {
        TestClock clock = new TestClock(java.time.Instant.now());
        OutboxConfig oc = OutboxConfig.custom().tableName(TestDatabases.uniqueTable()).build();
        JdbcOutbox outbox = new JdbcOutbox(db(), oc, clock);
        outbox.initialize();
        long now = clock.millis() / 1000;
        int total = 300;
        for (int i = 0; i < total; i++) {
            outbox.enqueue(entry(PIXEL, "ViewContent", "v" + i, now).build());
        }
        Duration lease = Duration.ofSeconds(30);
        ScriptedSender hanging = new ScriptedSender();
        hanging.script = r -> new CompletableFuture<SendResult>();
        // Node A claims and "dies": its requests never return and it is never stopped.
        Dispatcher a = Dispatcher.builder(new JdbcOutbox(db(), oc, clock), hanging, settings()).clock(clock)
                .config(DispatcherConfig.custom().nodeId("node-a").leaseDuration(lease).batchSize(100).build())
                .build();
        Thread dying = new Thread(a::runOnce, "dying-node-a");
        dying.setDaemon(true);
        dying.start();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (count(outbox, OutboxStatus.IN_FLIGHT) < total && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(count(outbox, OutboxStatus.IN_FLIGHT)).isEqualTo(total);

        ScriptedSender healthy = new ScriptedSender();
        Dispatcher b = Dispatcher.builder(new JdbcOutbox(db(), oc, clock), healthy, settings()).clock(clock)
                .config(DispatcherConfig.custom().nodeId("node-b").leaseDuration(lease).build()).build();
        try {
            assertThat(b.runOnce().claimed()).isZero();
            clock.advance(lease.plusSeconds(1));
            DispatchSummary s = b.runOnce();

            assertThat(s.sent()).isEqualTo(total);
            assertThat(count(outbox, OutboxStatus.SENT)).isEqualTo(total);
            assertThat(healthy.delivered).hasSize(total);
            assertThat(hanging.requestCount()).isEqualTo(3);
            Map<String, AtomicInteger> delivered = healthy.delivered;
            assertThat(delivered.values()).allMatch(n -> n.get() == 1);
        } finally {
            b.stop();
        }
    }
}
