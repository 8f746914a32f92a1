package io.github.broadleafmeta.core.reconcile;

import io.github.broadleafmeta.core.outbox.OutboxRow;
import io.github.broadleafmeta.core.outbox.JdbcOutbox;
import io.github.broadleafmeta.core.outbox.OutboxConfig;
import io.github.broadleafmeta.core.outbox.OutboxError;
import io.github.broadleafmeta.core.outbox.OutboxStatus;
import io.github.broadleafmeta.core.outbox.TestClock;
import io.github.broadleafmeta.core.outbox.TestDatabases;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Purchase rows read from a real outbox (HSQLDB) by pixel and order number. */
class JdbcPurchaseRecordsTest {

    private static final String PIXEL = "123456789012345";

    @Test
    void shouldFindEachOrdersPurchaseRowOfThePixelWithStatusAndMetasMessage() {
        DataSource db = TestDatabases.hsqldbInMemory();
        TestClock clock = TestClock.at("2026-12-01T10:00:00Z");
        JdbcOutbox outbox = new JdbcOutbox(db, OutboxConfig.ofDefaults(), clock);
        outbox.initialize();
        long t = clock.instant().getEpochSecond();
        outbox.enqueue(TestDatabases.entry(PIXEL, "Purchase", "order.1", t).orderNumber("1").build());
        outbox.enqueue(TestDatabases.entry(PIXEL, "Purchase", "order.2", t).orderNumber("2").build());
        outbox.enqueue(TestDatabases.entry(PIXEL, "AddToCart", "order.3", t).build());
        outbox.enqueue(TestDatabases.entry("999999999999999", "Purchase", "order.4", t).orderNumber("4").build());
        List<OutboxRow> claimed = outbox.claim("node", 10, Duration.ofMinutes(1));
        List<OutboxRow> two = claimed.stream().filter(e -> e.eventId().equals("order.2"))
                .collect(Collectors.toList());
        outbox.markRejected(two, new OutboxError(100, 2804008, "Invalid parameter", "trace"));

        Map<String, PurchaseRecord> rows = new JdbcPurchaseRecords(db, outbox.tableName())
                .purchasesOf(PIXEL, Arrays.asList("1", "2", "3", "4", "5"));

        assertThat(rows).containsOnlyKeys("1", "2");
        // Outbox v2 never stores IN_FLIGHT: a claimed row's event record says PENDING (either is "waiting").
        assertThat(rows.get("1").status()).isEqualTo(OutboxStatus.PENDING);
        assertThat(rows.get("2").status()).isEqualTo(OutboxStatus.REJECTED);
        assertThat(rows.get("2").errorCode()).isEqualTo(100);
        assertThat(rows.get("2").errorMessage()).contains("Invalid parameter");
    }

    @Test
    void shouldReadMoreOrdersThanOneChunkHolds() {
        DataSource db = TestDatabases.hsqldbInMemory();
        TestClock clock = TestClock.at("2026-12-01T10:00:00Z");
        JdbcOutbox outbox = new JdbcOutbox(db, OutboxConfig.ofDefaults(), clock);
        outbox.initialize();
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < JdbcPurchaseRecords.CHUNK * 2 + 7; i++) {
            numbers.add(String.valueOf(i));
            outbox.enqueue(TestDatabases.entry(PIXEL, "Purchase", "order." + i, clock.instant().getEpochSecond())
                    .build());
        }
        assertThat(new JdbcPurchaseRecords(db, outbox.tableName()).purchasesOf(PIXEL, numbers))
                .hasSize(numbers.size());
    }
}
