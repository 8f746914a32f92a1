package io.github.broadleafmeta.core.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.broadleafmeta.core.outbox.EmbeddedPostgresDatabase;
import io.github.broadleafmeta.core.outbox.TestClock;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two store nodes evaluate the same shared condition on one real PostgreSQL: one message each way, not two. */
class TwoNodesPostgresAlertTest {

    @RegisterExtension
    static final EmbeddedPostgresDatabase POSTGRES = new EmbeddedPostgresDatabase();

    private static final String PIXEL = "111111111111111";

    private final ExecutorService threads = Executors.newFixedThreadPool(2);

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void shouldSendExactlyOneStartAndOneEndWhenTwoNodesSeeTheSameIncidentAtOnce() throws Exception {
        // Each node has its own clock, a few milliseconds apart as real machines are.
        TestClock clockA = TestClock.at("2026-12-07T08:00:00Z");
        TestClock clockB = TestClock.at("2026-12-07T08:00:00.007Z");
        FakeDelivery delivery = new FakeDelivery();
        RecordingChannel channel = new RecordingChannel();
        AlertSettings settings = AlertSettings.builder().pixelIds(Collections.singletonList(PIXEL))
                .clearAfter(Duration.ZERO).build();
        AlertEvaluator nodeA = node(clockA, delivery, channel, settings, "node-a");
        AlertEvaluator nodeB = node(clockB, delivery, channel, settings, "node-b");

        for (int round = 0; round < 20; round++) {
            delivery.set(new PixelDelivery(PIXEL, "CLOSED", null, true, null, 0, 0));
            minutePasses(clockA, clockB);
            together(nodeA, nodeB);
            delivery.set(PixelDelivery.idle(PIXEL));
            minutePasses(clockA, clockB);
            together(nodeA, nodeB);
        }

        assertThat(channel.count(AlertMessage.Kind.STARTED)).as("starts of 20 incidents").isEqualTo(20);
        assertThat(channel.count(AlertMessage.Kind.ENDED)).as("ends of 20 incidents").isEqualTo(20);
    }

    private static void minutePasses(TestClock... clocks) {
        for (TestClock c : clocks) {
            c.advance(Duration.ofMinutes(1));
        }
    }

    private static AlertEvaluator node(TestClock clock, FakeDelivery delivery, RecordingChannel channel,
            AlertSettings settings, String nodeId) {
        JdbcAlertIncidents incidents = new JdbcAlertIncidents(POSTGRES.dataSource(), clock);
        incidents.initialize();
        return new AlertEvaluator(Collections.singletonList(AlertRules.credentialsHeld(delivery)), incidents,
                Collections.singletonList(channel), () -> settings, clock, nodeId);
    }

    /** Both nodes evaluate at the same moment (released by one latch), as two schedulers may. */
    private void together(AlertEvaluator a, AlertEvaluator b) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        Future<?> fa = threads.submit(() -> {
            go.await();
            a.evaluateOnce();
            return null;
        });
        Future<?> fb = threads.submit(() -> {
            go.await();
            b.evaluateOnce();
            return null;
        });
        go.countDown();
        fa.get();
        fb.get();
    }
}
