package io.github.broadleafmeta.core.dispatch;

import io.github.broadleafmeta.core.capi.Credentials;

import static io.github.broadleafmeta.core.outbox.TestDatabases.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.broadleafmeta.core.capi.SendResult;
import io.github.broadleafmeta.core.outbox.JdbcOutbox;
import io.github.broadleafmeta.core.outbox.OutboxConfig;
import io.github.broadleafmeta.core.outbox.OutboxSearch;
import io.github.broadleafmeta.core.outbox.OutboxStatus;
import io.github.broadleafmeta.core.outbox.TestClock;
import io.github.broadleafmeta.core.outbox.TestDatabases;

/** Rows left pending when a store stops are sent after it starts again, from an HSQLDB file database. */
class RestartTest {

    static final String PIXEL = "111111111111111";

    @TempDir
    Path dir;

    @Test
    void shouldSendRowsLeftPendingWhenANewDispatcherStartsOnTheSameDatabase() throws Exception {
        String url = "jdbc:hsqldb:file:" + dir.resolve("store").toString() + ";shutdown=true";
        TestClock clock = TestClock.at("2025-03-01T10:00:00Z");
        long now = clock.millis() / 1000;
        DeliverySettingsProvider settings = pixelId -> PixelDeliverySettings.builder(pixelId).credentials(Credentials.of("t", null))
                .build();

        // First run: events arrive while Meta is unreachable; the store then shuts down.
        DataSource first = TestDatabases.hsqldb(url);
        JdbcOutbox outbox1 = new JdbcOutbox(first, OutboxConfig.ofDefaults(), clock);
        outbox1.initialize();
        int schemaVersion = outbox1.schemaVersion();
        for (int i = 0; i < 20; i++) {
            outbox1.enqueue(entry(PIXEL, "AddToCart", "r" + i, now).build());
        }
        ScriptedSender down = new ScriptedSender();
        down.script = r -> CompletableFuture.completedFuture(ScriptedSender.failure(
                io.github.broadleafmeta.core.capi.DeliveryOutcome.RETRY, 0, 1, "connect timed out"));
        Dispatcher d1 = Dispatcher.builder(outbox1, down, settings).clock(clock).jitter(() -> 0.5).build();
        assertThat(d1.runOnce().retried()).isEqualTo(20);
        d1.stop();
        try (Connection c = first.getConnection(); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }

        // Second run: a new process (new data source, outbox and dispatcher) on the same files.
        clock.advance(java.time.Duration.ofSeconds(5));
        DataSource second = TestDatabases.hsqldb(url);
        JdbcOutbox outbox2 = new JdbcOutbox(second, OutboxConfig.ofDefaults(), clock);
        outbox2.initialize();
        ScriptedSender up = new ScriptedSender();
        up.script = r -> CompletableFuture.<SendResult>completedFuture(ScriptedSender.ok(r));
        Dispatcher d2 = Dispatcher.builder(outbox2, up, settings).clock(clock).jitter(() -> 0.5).build();
        try {
            DispatchSummary s = d2.runOnce();

            assertThat(outbox2.schemaVersion()).as("no migration re-run on restart").isEqualTo(schemaVersion);
            assertThat(s.sent()).isEqualTo(20);
            assertThat(up.delivered).hasSize(20);
            assertThat(outbox2.search(OutboxSearch.builder().status(OutboxStatus.SENT).build(), 0, 1).total())
                    .isEqualTo(20);
            assertThat(outbox2.findById(outbox2.search(OutboxSearch.all(), 0, 1).rows().get(0).id()).attempts())
                    .isEqualTo(1);
        } finally {
            d2.stop();
            try (Connection c = second.getConnection(); Statement st = c.createStatement()) {
                st.execute("SHUTDOWN");
            }
        }
    }
}
