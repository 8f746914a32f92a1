package io.github.broadleafmeta.core.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class OutboxContentIdsTest {

    private final DataSource db = TestDatabases.hsqldbInMemory();
    private final String table = TestDatabases.uniqueTable();
    private final TestClock clock = TestClock.at("2026-12-01T12:00:00Z");
    private final JdbcOutbox outbox = new JdbcOutbox(db, OutboxConfig.custom().tableName(table).build(), clock);

    @Test
    void shouldCountEachEventsContentIdsPerEventNameWhenEventsAreRecent() {
        outbox.initialize();
        enqueue("ViewContent", "v1", "{\"custom_data\":{\"content_ids\":[\"4001\"],\"content_type\":\"product\"}}");
        enqueue("ViewContent", "v2", "{\"user_data\":{\"em\":[\"x\"]},\"custom_data\":{\"contents\":[{\"id\":\"4001\"}],"
                + "\"content_ids\":[\"4001\",\"4001\"]}}");
        enqueue("Purchase", "p1", "{\"custom_data\":{\"content_ids\":[\"4001\",\"4002\"]}}");
        enqueue("PageView", "pv", "{\"custom_data\":{}}");
        enqueue("Search", "bad", "not json");

        Map<String, Map<String, Long>> ids = new OutboxContentIds(db, table).since(clock.instant().minus(Duration.ofDays(7)));

        assertThat(ids.get("ViewContent")).containsEntry("4001", 2L).hasSize(1);
        assertThat(ids.get("Purchase")).containsEntry("4001", 1L).containsEntry("4002", 1L);
        assertThat(ids.get("PageView")).isEmpty();
        assertThat(ids.get("Search")).isEmpty();
    }

    @Test
    void shouldLeaveOutEventsWhenTheyAreOlderThanTheWindow() {
        outbox.initialize();
        enqueue("AddToCart", "old", "{\"custom_data\":{\"content_ids\":[\"9\"]}}");
        clock.advance(Duration.ofDays(8));
        enqueue("AddToCart", "new", "{\"custom_data\":{\"content_ids\":[\"10\"]}}");

        Map<String, Map<String, Long>> ids = new OutboxContentIds(db, table).since(clock.instant().minus(Duration.ofDays(7)));

        assertThat(ids.get("AddToCart")).containsOnlyKeys("10");
    }

    private void enqueue(String name, String id, String payload) {
        EnqueueResult r = outbox.enqueue(TestDatabases.entry("1234567890", name, id, clock.instant().getEpochSecond())
                .payloadJson(payload).build());
        assertThat(r.isEnqueued()).as(r.toString()).isTrue();
    }
}
