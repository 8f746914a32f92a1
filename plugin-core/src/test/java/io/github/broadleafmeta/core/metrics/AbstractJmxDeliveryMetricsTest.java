package io.github.broadleafmeta.core.metrics;

import static io.github.broadleafmeta.core.outbox.TestDatabases.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.broadleafmeta.core.dispatch.CircuitBreaker;
import io.github.broadleafmeta.core.outbox.Backlog;
import io.github.broadleafmeta.core.outbox.OutboxRow;
import io.github.broadleafmeta.core.outbox.JdbcOutbox;
import io.github.broadleafmeta.core.outbox.OutboxConfig;
import io.github.broadleafmeta.core.outbox.OutboxError;
import io.github.broadleafmeta.core.outbox.TestClock;
import io.github.broadleafmeta.core.outbox.TestDatabases;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JMX beans read through the platform MBean server, against a real outbox (a subclass per database). */
abstract class AbstractJmxDeliveryMetricsTest {

    static final String PIXEL_A = "1111111111";
    static final String PIXEL_B = "2222222222";

    final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    final TestClock clock = TestClock.at("2026-12-07T08:00:00Z");
    final List<JmxDeliveryMetrics> started = new ArrayList<JmxDeliveryMetrics>();
    final CopyOnWriteArrayList<String> pixels = new CopyOnWriteArrayList<String>(Arrays.asList(PIXEL_A, PIXEL_B));
    DataSource db;
    JdbcOutbox outbox;
    PixelDeliveryCounters counters;
    DeliveryMetrics metrics;

    /** The database of this run; each test gets a table of its own. */
    abstract DataSource database();

    @BeforeEach
    void setUp() {
        db = database();
        outbox = new JdbcOutbox(db, OutboxConfig.custom().tableName(TestDatabases.uniqueTable()).build(), clock);
        outbox.initialize();
        counters = new PixelDeliveryCounters();
        metrics = new DeliveryMetrics(counters, new OutboxBacklogByPixel(outbox),
                () -> new ArrayList<String>(pixels), clock, Duration.ZERO);
    }

    @AfterEach
    void stopAll() {
        started.forEach(JmxDeliveryMetrics::stop);
    }

    JmxDeliveryMetrics start(String app) {
        JmxDeliveryMetrics jmx = new JmxDeliveryMetrics(metrics, app, Duration.ofHours(1));
        jmx.start();
        started.add(jmx);
        return jmx;
    }

    long attr(JmxDeliveryMetrics jmx, String pixel, String attribute) throws Exception {
        return ((Number) server.getAttribute(JmxDeliveryMetrics.objectName(jmx.app(), pixel), attribute))
                .longValue();
    }

    @Test
    void shouldMatchTheOutboxBacklogAndOldestAgePerPixel() throws Exception {
        long eventTime = clock.instant().getEpochSecond();
        for (int i = 0; i < 3; i++) {
            assertThat(outbox.enqueue(entry(PIXEL_A, "AddToCart", "a" + i, eventTime).build()).isEnqueued()).isTrue();
        }
        clock.advance(Duration.ofSeconds(90));
        for (int i = 0; i < 4; i++) {
            assertThat(outbox.enqueue(entry(PIXEL_B, "PageView", "b" + i, eventTime).build()).isEnqueued()).isTrue();
        }
        clock.advance(Duration.ofSeconds(30));
        // Some rows in flight, some held for credentials: every backlog status counted.
        List<OutboxRow> claimed = outbox.claim("node-1", 7, Duration.ofMinutes(2));
        List<OutboxRow> heldB = new ArrayList<OutboxRow>();
        List<OutboxRow> releasedA = new ArrayList<OutboxRow>();
        for (OutboxRow e : claimed) {
            if (e.pixelId().equals(PIXEL_B) && heldB.size() < 2) {
                heldB.add(e);
            } else if (e.pixelId().equals(PIXEL_A) && releasedA.size() < 1) {
                releasedA.add(e);
            }
        }
        outbox.markHeld(heldB, "fingerprint", OutboxError.reason("token rejected"), false);
        outbox.release(releasedA, clock.instant());
        JmxDeliveryMetrics jmx = start("store");

        Backlog whole = outbox.backlog();
        assertThat(attr(jmx, PIXEL_A, "Backlog") + attr(jmx, PIXEL_B, "Backlog")).isEqualTo(whole.total());
        assertThat(attr(jmx, PIXEL_A, "BacklogPending") + attr(jmx, PIXEL_B, "BacklogPending"))
                .isEqualTo(whole.pending());
        assertThat(attr(jmx, PIXEL_A, "BacklogInFlight") + attr(jmx, PIXEL_B, "BacklogInFlight"))
                .isEqualTo(whole.inFlight());
        assertThat(attr(jmx, PIXEL_A, "BacklogHeld") + attr(jmx, PIXEL_B, "BacklogHeld")).isEqualTo(whole.held());
        assertThat(attr(jmx, PIXEL_A, "Backlog")).isEqualTo(3);
        assertThat(attr(jmx, PIXEL_A, "BacklogPending")).isEqualTo(1);
        assertThat(attr(jmx, PIXEL_B, "BacklogHeld")).isEqualTo(2);
        assertThat(attr(jmx, PIXEL_A, "OldestWaitingAgeSeconds")).isEqualTo(120);
        assertThat(attr(jmx, PIXEL_B, "OldestWaitingAgeSeconds")).isEqualTo(30);
        assertThat(Math.max(attr(jmx, PIXEL_A, "OldestWaitingAgeSeconds"),
                attr(jmx, PIXEL_B, "OldestWaitingAgeSeconds"))).isEqualTo(whole.oldestAge().getSeconds());
    }

    @Test
    void shouldFollowTheOutboxWhenRowsAreAddedLater() throws Exception {
        JmxDeliveryMetrics jmx = start("store");
        assertThat(attr(jmx, PIXEL_A, "Backlog")).isZero();

        outbox.enqueue(entry(PIXEL_A, "PageView", "late", clock.instant().getEpochSecond()).build());
        clock.advance(Duration.ofSeconds(45));

        assertThat(attr(jmx, PIXEL_A, "Backlog")).isEqualTo(outbox.backlog().total()).isEqualTo(1);
        assertThat(attr(jmx, PIXEL_A, "OldestWaitingAgeSeconds")).isEqualTo(45);
    }

    @Test
    void shouldPublishThisNodesCountersAndCircuitStatePerPixel() throws Exception {
        JmxDeliveryMetrics jmx = start("store");

        counters.circuitChanged(PIXEL_B, CircuitBreaker.State.CLOSED, CircuitBreaker.State.OPEN);
        counters.requestFinished(PIXEL_A, 3, null);

        assertThat(server.getAttribute(JmxDeliveryMetrics.objectName(jmx.app(), PIXEL_B), "CircuitState"))
                .isEqualTo("OPEN");
        assertThat(server.getAttribute(JmxDeliveryMetrics.objectName(jmx.app(), PIXEL_A), "CircuitState"))
                .isEqualTo("CLOSED");
        assertThat(attr(jmx, PIXEL_B, "CircuitOpened")).isEqualTo(1);
        assertThat(attr(jmx, PIXEL_A, "Requests")).isEqualTo(1);
        assertThat(attr(jmx, PIXEL_B, "Requests")).isZero();
    }

    @Test
    void shouldGiveTwoStoreApplicationsInOneJvmTheirOwnNames() throws Exception {
        JmxDeliveryMetrics first = start("store");
        JmxDeliveryMetrics second = start("store");

        assertThat(first.app()).isEqualTo("store");
        assertThat(second.app()).isEqualTo("store-2");
        assertThat(server.isRegistered(JmxDeliveryMetrics.objectName("store", PIXEL_A))).isTrue();
        assertThat(server.isRegistered(JmxDeliveryMetrics.objectName("store-2", PIXEL_A))).isTrue();
    }

    @Test
    void shouldUnregisterEveryBeanOnStop() throws Exception {
        JmxDeliveryMetrics jmx = start("store");
        assertThat(server.queryNames(new ObjectName(JmxDeliveryMetrics.DOMAIN + ":app=store,*"), null)).hasSize(3);

        jmx.stop();

        assertThat(server.queryNames(new ObjectName(JmxDeliveryMetrics.DOMAIN + ":app=store,*"), null)).isEmpty();
    }

    @Test
    void shouldAddAndRemovePixelBeansWhenThePixelsChange() throws Exception {
        JmxDeliveryMetrics jmx = start("store");
        pixels.remove(PIXEL_B);
        pixels.add("3333333333");

        jmx.refresh();

        assertThat(server.isRegistered(JmxDeliveryMetrics.objectName("store", PIXEL_B))).isFalse();
        assertThat(server.isRegistered(JmxDeliveryMetrics.objectName("store", "3333333333"))).isTrue();
    }
}
