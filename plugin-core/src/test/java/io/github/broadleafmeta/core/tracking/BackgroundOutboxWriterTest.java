package io.github.broadleafmeta.core.tracking;

import io.github.broadleafmeta.core.outbox.JdbcOutbox;
import io.github.broadleafmeta.core.outbox.OutboxConfig;
import io.github.broadleafmeta.core.outbox.OutboxEntry;
import io.github.broadleafmeta.core.outbox.PooledDataSource;
import io.github.broadleafmeta.core.outbox.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-off of events raised outside a host transaction: a bounded queue, written in batches by one thread. */
class BackgroundOutboxWriterTest {

    private static final String PIXEL = "111111111111111";

    private JdbcOutbox outbox;
    private TrackingCounters counters;
    private BackgroundOutboxWriter writer;

    @BeforeEach
    void freshOutbox() {
        outbox = new JdbcOutbox(new PooledDataSource(TestDatabases.hsqldbInMemory()),
                OutboxConfig.custom().tableName(TestDatabases.uniqueTable()).build(), Clock.systemUTC());
        outbox.initialize();
        counters = new TrackingCounters();
    }

    @AfterEach
    void stopWriter() {
        if (writer != null) {
            writer.stop();
        }
    }

    @Test
    void shouldWriteHandedOffRowsFromItsOwnThread() throws InterruptedException {
        writer = new BackgroundOutboxWriter(outbox, counters);
        writer.start();

        Recording.ServerCopy outcome = writer.write(Arrays.asList(row("PageView", "pv.1"), row("ViewContent", "vc.1")));

        assertThat(outcome).isEqualTo(Recording.ServerCopy.HANDED_OFF);
        awaitWritten();
        assertThat(outbox.contains(PIXEL, "PageView", "pv.1")).isTrue();
        assertThat(outbox.contains(PIXEL, "ViewContent", "vc.1")).isTrue();
        assertThat(writer.getWritten()).isEqualTo(2);
    }

    @Test
    void shouldDropAndCountWhatAFullQueueCannotTake() {
        writer = new BackgroundOutboxWriter(outbox, counters, 2, 10);

        writer.write(Collections.singletonList(row("PageView", "pv.1")));
        writer.write(Collections.singletonList(row("PageView", "pv.2")));
        Recording.ServerCopy outcome = writer.write(Collections.singletonList(row("PageView", "pv.3")));
        writer.flush();

        assertThat(outcome).isEqualTo(Recording.ServerCopy.DROPPED);
        assertThat(writer.getDropped()).isEqualTo(1);
        assertThat(outbox.contains(PIXEL, "PageView", "pv.2")).isTrue();
        assertThat(outbox.contains(PIXEL, "PageView", "pv.3")).isFalse();
        assertThat(writer.getUnwritten()).isZero();
    }

    @Test
    void shouldBuildHandedOffActionsOnItsOwnThread() throws InterruptedException {
        writer = new BackgroundOutboxWriter(outbox, counters);
        writer.start();
        AtomicReference<String> builtOn = new AtomicReference<>();

        Recording.ServerCopy outcome = writer.write(new PendingServerCopy("ViewContent") {
            @Override
            public List<OutboxEntry> build() {
                builtOn.set(Thread.currentThread().getName());
                return Collections.singletonList(row("ViewContent", "vc.built"));
            }
        });

        assertThat(outcome).isEqualTo(Recording.ServerCopy.HANDED_OFF);
        awaitWritten();
        assertThat(builtOn.get()).isEqualTo("meta-outbox-writer");
        assertThat(outbox.contains(PIXEL, "ViewContent", "vc.built")).isTrue();
    }

    @Test
    void shouldCountActionsThatCannotBeBuiltAndWriteTheRestOfTheBatch() {
        writer = new BackgroundOutboxWriter(outbox, counters);

        writer.write(new PendingServerCopy("Search") {
            @Override
            public List<OutboxEntry> build() {
                return null;
            }
        });
        writer.write(new PendingServerCopy("Lead") {
            @Override
            public List<OutboxEntry> build() {
                throw new IllegalStateException("a bug in building");
            }
        });
        writer.write(Collections.singletonList(row("PageView", "pv.after")));
        writer.flush();

        assertThat(counters.get("server.INVALID.Search")).isEqualTo(1);
        assertThat(counters.get("server.FAILED.Lead")).isEqualTo(1);
        assertThat(outbox.contains(PIXEL, "PageView", "pv.after")).isTrue();
        assertThat(writer.getUnwritten()).isZero();
    }

    @Test
    void shouldMarkABrowserCopyRenderedEvenWhenItsRowIsInTheSameBatch() {
        writer = new BackgroundOutboxWriter(outbox, counters);

        writer.write(Collections.singletonList(row("AddToCart", "atc.1")));
        writer.browserCopiesRendered(Collections.singletonList(new String[] {PIXEL, "AddToCart", "atc.1"}));
        writer.flush();

        assertThat(outbox.markBrowserRendered(PIXEL, "AddToCart", "atc.1")).as("already marked").isFalse();
        assertThat(outbox.contains(PIXEL, "AddToCart", "atc.1")).isTrue();
    }

    @Test
    void shouldWriteWhatIsStillQueuedWhenStopped() {
        writer = new BackgroundOutboxWriter(outbox, counters);
        List<OutboxEntry> rows = Collections.singletonList(row("Search", "s.1"));
        writer.write(rows);

        writer.stop();
        writer = null;

        assertThat(outbox.contains(PIXEL, "Search", "s.1")).isTrue();
    }

    private void awaitWritten() throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (writer.getUnwritten() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(writer.getUnwritten()).as("rows still unwritten after 10 s").isZero();
    }

    private static OutboxEntry row(String eventName, String eventId) {
        return TestDatabases.entry(PIXEL, eventName, eventId, System.currentTimeMillis() / 1000).build();
    }
}
