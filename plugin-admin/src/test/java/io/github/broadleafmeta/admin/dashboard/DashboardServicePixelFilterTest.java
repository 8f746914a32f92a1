package io.github.broadleafmeta.admin.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.broadleafmeta.core.outbox.JdbcOutbox;
import io.github.broadleafmeta.core.outbox.OutboxConfig;
import io.github.broadleafmeta.core.outbox.OutboxEntry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.hsqldb.jdbc.JDBCDataSource;
import org.junit.jupiter.api.Test;

/** The dashboard's chart and backlog cover only the pixel its filter names (real outbox on HSQLDB). */
class DashboardServicePixelFilterTest {

    private static final String FIRST = "111111111111111";
    private static final String SECOND = "222222222222222";

    @Test
    void shouldCountOnlyTheFilteredPixelsEventsInChartAndBacklog() {
        JDBCDataSource db = new JDBCDataSource();
        db.setUrl("jdbc:hsqldb:mem:dashboard" + System.nanoTime());
        db.setUser("SA");
        Clock clock = Clock.fixed(Instant.parse("2026-12-01T12:34:00Z"), ZoneOffset.UTC);
        JdbcOutbox outbox = new JdbcOutbox(db, OutboxConfig.ofDefaults(), clock);
        outbox.initialize();
        for (int i = 0; i < 3; i++) {
            outbox.enqueue(entry(FIRST, "a" + i, clock));
        }
        outbox.enqueue(entry(SECOND, "b0", clock));
        DashboardService service = new DashboardService(outbox, new BrowserCoverage(db, outbox.tableName()), clock);

        Dashboard second = service.dashboard(List.of(FIRST, SECOND), SECOND);
        Dashboard all = service.dashboard(List.of(FIRST, SECOND), null);

        assertThat(second.getBacklog().pending()).isEqualTo(1);
        assertThat(second.getChartSvg()).contains("data-count=\"1\"").doesNotContain("data-count=\"3\"")
                .doesNotContain("data-count=\"4\"");
        assertThat(all.getBacklog().pending()).isEqualTo(4);
        assertThat(all.getChartSvg()).contains("data-count=\"4\"");
    }

    private static OutboxEntry entry(String pixel, String eventId, Clock clock) {
        return OutboxEntry.builder().pixelId(pixel).eventName("AddToCart").eventId(eventId)
                .eventTime(clock.instant().getEpochSecond())
                .payloadJson("{\"event_name\":\"AddToCart\",\"event_id\":\"" + eventId + "\"}").build();
    }
}
