package io.github.broadleafmeta.core.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.hsqldb.jdbc.JDBCDataSource;
import org.junit.jupiter.api.Test;

class PurchaseRecoveryStoreTest {

    private static final AtomicInteger DBS = new AtomicInteger();
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private final PurchaseRecoveryStore store = new PurchaseRecoveryStore(database());

    @Test
    void shouldKeepTheFirstConfiguredMomentWhenThePixelIsSeenAgainLater() {
        store.recordConfigured("111", T0);

        Instant later = store.recordConfigured("111", T0.plusSeconds(3600));

        assertThat(later).isEqualTo(T0);
        assertThat(new PurchaseRecoveryStore(sameDatabase()).firstConfigured("111")).isEqualTo(T0);
    }

    @Test
    void shouldHaveNoMomentForAPixelNeverConfigured() {
        store.recordConfigured("111", T0);

        assertThat(store.firstConfigured("222")).isNull();
    }

    @Test
    void shouldReportOriginsOfRebuiltEventsOnlyForTheirPixel() {
        store.recordOrigin("111", "order.7", PurchaseRecoveryStore.Origin.SWEEP, T0);
        store.recordOrigin("111", "order.7", PurchaseRecoveryStore.Origin.BACKFILL, T0);
        store.recordOrigin("222", "order.8", PurchaseRecoveryStore.Origin.BACKFILL, T0);

        assertThat(store.origins(Arrays.asList("order.7", "order.8", "order.9")))
                .containsOnlyKeys("111/order.7", "222/order.8")
                .containsEntry("111/order.7", PurchaseRecoveryStore.Origin.SWEEP);
        assertThat(store.origin("222", "order.7")).isNull();
    }

    @Test
    void shouldRemoveOnlyTheOriginsOfEventsRebuiltBeforeTheCutOff() {
        store.recordOrigin("111", "order.1", PurchaseRecoveryStore.Origin.SWEEP, T0.minusSeconds(31 * 86400));
        store.recordOrigin("111", "order.2", PurchaseRecoveryStore.Origin.BACKFILL, T0.minusSeconds(29 * 86400));

        int removed = store.removeOriginsBefore(T0.minusSeconds(30 * 86400));

        assertThat(removed).isEqualTo(1);
        assertThat(store.origins(Arrays.asList("order.1", "order.2"))).containsOnlyKeys("111/order.2");
    }

    @Test
    void shouldListABackfillAsPendingUntilItIsCompleted() {
        store.requestBackfill("111", "admin", T0.minusSeconds(86400), T0, T0.plusSeconds(5));

        List<PurchaseRecoveryStore.BackfillRequest> pending = store.pendingBackfills();
        assertThat(pending).hasSize(1);
        assertThat(pending.get(0).from).isEqualTo(T0.minusSeconds(86400));
        store.completeBackfill(pending.get(0), 3, T0.plusSeconds(9));

        assertThat(store.pendingBackfills()).isEmpty();
        assertThat(store.recentBackfills(5).get(0).rebuilt).isEqualTo(3);
        assertThat(store.recentBackfills(5).get(0).doneAt).isEqualTo(T0.plusSeconds(9));
    }

    private String url;

    private JDBCDataSource database() {
        url = "jdbc:hsqldb:mem:recovery-" + DBS.incrementAndGet();
        return sameDatabase();
    }

    private JDBCDataSource sameDatabase() {
        JDBCDataSource db = new JDBCDataSource();
        db.setUrl(url);
        db.setUser("SA");
        return db;
    }
}
