package io.github.broadleafmeta.core.metrics.micrometer;

import static io.github.broadleafmeta.core.outbox.TestDatabases.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.broadleafmeta.core.capi.SendResult;
import io.github.broadleafmeta.core.dispatch.CircuitBreaker;
import io.github.broadleafmeta.core.metrics.DeliveryMetrics;
import io.github.broadleafmeta.core.metrics.OutboxBacklogByPixel;
import io.github.broadleafmeta.core.metrics.PixelDeliveryCounters;
import io.github.broadleafmeta.core.outbox.OutboxRow;
import io.github.broadleafmeta.core.outbox.JdbcOutbox;
import io.github.broadleafmeta.core.outbox.OutboxConfig;
import io.github.broadleafmeta.core.outbox.TestClock;
import io.github.broadleafmeta.core.outbox.TestDatabases;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Micrometer binder on a SimpleMeterRegistry, over a real outbox on HSQLDB. */
class MetaDeliveryMeterBinderTest {

    static final String PIXEL = "1111111111";

    final TestClock clock = TestClock.at("2026-12-07T08:00:00Z");
    final CopyOnWriteArrayList<String> pixels = new CopyOnWriteArrayList<String>(Collections.singletonList(PIXEL));
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    JdbcOutbox outbox;
    PixelDeliveryCounters counters;
    MetaDeliveryMeterBinder binder;

    @BeforeEach
    void setUp() {
        DataSource db = TestDatabases.hsqldbInMemory();
        outbox = new JdbcOutbox(db, OutboxConfig.ofDefaults(), clock);
        outbox.initialize();
        counters = new PixelDeliveryCounters();
        binder = new MetaDeliveryMeterBinder(new DeliveryMetrics(counters, new OutboxBacklogByPixel(outbox),
                () -> new ArrayList<String>(pixels), clock, Duration.ZERO));
        binder.bindTo(registry);
    }

    @Test
    void shouldReportTheOutboxBacklogAndOldestWaitingAgeAsGauges() {
        long t = clock.instant().getEpochSecond();
        outbox.enqueue(entry(PIXEL, "PageView", "a", t).build());
        outbox.enqueue(entry(PIXEL, "PageView", "b", t).build());
        clock.advance(Duration.ofSeconds(75));

        assertThat(registry.get("meta.delivery.backlog").tags("pixel", PIXEL, "state", "pending").gauge().value())
                .isEqualTo(2.0);
        assertThat(registry.get("meta.delivery.backlog").tags("pixel", PIXEL, "state", "held").gauge().value())
                .isZero();
        assertThat(registry.get("meta.delivery.oldest.waiting").tags("pixel", PIXEL).timeGauge()
                .value(TimeUnit.SECONDS)).isEqualTo(75.0);
    }

    @Test
    void shouldCountEventsPerOutcomeAndShowTheCircuitState() {
        List<OutboxRow> two = Arrays.asList(claimed(1), claimed(2));
        counters.sent(PIXEL, two, SendResult.delivered(200, 2, Collections.<String>emptyList(), "t"));
        counters.held(PIXEL, Collections.singletonList(claimed(3)));
        counters.circuitChanged(PIXEL, CircuitBreaker.State.CLOSED, CircuitBreaker.State.OPEN);

        assertThat(registry.get("meta.delivery.events").tags("pixel", PIXEL, "outcome", "sent").functionCounter()
                .count()).isEqualTo(2.0);
        assertThat(registry.get("meta.delivery.events").tags("pixel", PIXEL, "outcome", "held").functionCounter()
                .count()).isEqualTo(1.0);
        assertThat(registry.get("meta.delivery.circuit.state").tags("pixel", PIXEL).gauge().value()).isEqualTo(2.0);
        assertThat(registry.get("meta.delivery.circuit.opened").tags("pixel", PIXEL).functionCounter().count())
                .isEqualTo(1.0);
    }

    @Test
    void shouldAddMetersForAPixelConfiguredAfterBinding() {
        pixels.add("2222222222");
        assertThat(registry.find("meta.delivery.backlog").tags("pixel", "2222222222").gauges()).isEmpty();

        binder.refresh();

        assertThat(registry.find("meta.delivery.backlog").tags("pixel", "2222222222").gauges()).hasSize(3);
    }

    /** A real claimed row (the listener only counts them). */
    private OutboxRow claimed(long id) {
        long t = clock.instant().getEpochSecond();
        outbox.enqueue(entry(PIXEL, "AddToCart", "c" + id + System.nanoTime(), t).build());
        return outbox.claim("node", 1, Duration.ofMinutes(1)).get(0);
    }
}
