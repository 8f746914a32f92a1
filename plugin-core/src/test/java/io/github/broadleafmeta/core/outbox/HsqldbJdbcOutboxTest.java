package io.github.broadleafmeta.core.outbox;

import static io.github.broadleafmeta.core.outbox.TestDatabases.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The outbox contract on HSQLDB 2.3.1, the version Broadleaf's demo store runs (no SKIP LOCKED). */
class HsqldbJdbcOutboxTest extends AbstractJdbcOutboxContractTest {

    private static DataSource db;

    @BeforeAll
    static void startDatabase() {
        db = new PooledDataSource(TestDatabases.hsqldbInMemory());
    }

    @Override
    DataSource dataSource() {
        return db;
    }

    @Test
    void shouldUseTheOptimisticClaimWhenTheDatabaseIsHsqldb() {
        assertThat(outbox.dialect()).isEqualTo(Dialect.HSQLDB);
        assertThat(outbox.dialect().supportsSkipLocked()).isFalse();
    }

    /**
     * Thousands of distinct events in a row, as a busy store writes them: none is refused or merged. How fast each
     * enqueue is belongs to the benchmark (./bench.sh throughput, the enqueue phase; docs/PERFORMANCE.md).
     */
    @Test
    void shouldKeepEachOfEightThousandDistinctEventsAsOnePendingRowWhenTheDatabaseIsHsqldb() {
        Instant start = clock.instant();
        int n = 8000;
        int enqueued = 0;
        for (int i = 0; i < n; i++) {
            EnqueueResult r = outbox.enqueue(entry(PIXEL, "AddToCart", "m" + i, nowSeconds)
                    .matchKeys("em,ph,fbp,ip,ua").build());
            enqueued += r.isEnqueued() ? 1 : 0;
        }

        assertThat(enqueued).isEqualTo(n);
        Map<OutboxStatus, Long> rows = outbox.countsByStatus(start).get(PIXEL);
        assertThat(rows).containsEntry(OutboxStatus.PENDING, (long) n);
        assertThat(rows.values().stream().mapToLong(Long::longValue).sum()).as("rows of any status").isEqualTo(n);
    }
}
