package io.github.broadleafmeta.core.broadleaf31.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.broadleafmeta.core.settings.MapSettingsSource;
import io.github.broadleafmeta.core.settings.MetaSettingKeys;
import io.github.broadleafmeta.core.settings.SettingsResolver;
import io.github.broadleafmeta.core.settings.SettingsSource;
import io.github.broadleafmeta.core.tracking.PurchaseRecoveryStore;
import io.github.broadleafmeta.core.tracking.SettingsSnapshots;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.hsqldb.jdbc.JDBCDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The sweep's own schedule: its start does not wait for its index builds (they can take a while on a large order
 * history), and its first tick runs retention.
 */
class PurchaseSweepStartTest {

    private final CountDownLatch databaseSlow = new CountDownLatch(1);
    private PurchaseSweep sweep;

    @AfterEach
    void stop() {
        databaseSlow.countDown();
        if (sweep != null) {
            sweep.stop();
        }
    }

    @Test
    void shouldReturnFromStartBeforeTheIndexesAreBuiltAndBuildThemAfter() throws Exception {
        JDBCDataSource db = orderDatabase("sweep-start");
        DataSource slowForTheQueries = new DelegatingDataSource(db) {
            @Override
            public Connection getConnection() throws SQLException {
                try {
                    databaseSlow.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.getConnection();
            }
        };
        Clock clock = Clock.systemUTC();
        SettingsSnapshots settings = new SettingsSnapshots(new SettingsResolver(
                List.<SettingsSource>of(new MapSettingsSource("admin", new HashMap<>())), clock), clock);
        sweep = new PurchaseSweep(new OrderPurchaseQueries(slowForTheQueries, "META_EVENT_OUTBOX"),
                new PurchaseRecoveryStore(db), null, null, null, settings, clock);

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> sweep.start());
        assertThat(indexed(db)).isFalse();

        databaseSlow.countDown();
        long deadline = System.currentTimeMillis() + 10_000;
        while (!indexed(db) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(indexed(db)).isTrue();
    }

    @Test
    void shouldRemoveRebuiltPurchaseNotesADayPastTheOutboxRetentionOnItsFirstTick() throws Exception {
        JDBCDataSource db = orderDatabase("sweep-retention");
        Clock clock = Clock.systemUTC();
        Map<String, String> admin = new HashMap<>();
        admin.put(MetaSettingKeys.OUTBOX_RETENTION_DAYS, "10");
        SettingsSnapshots settings = new SettingsSnapshots(new SettingsResolver(
                List.<SettingsSource>of(new MapSettingsSource("admin", admin)), clock), clock);
        PurchaseRecoveryStore store = new PurchaseRecoveryStore(db);
        store.recordOrigin("1", "order.OLD", PurchaseRecoveryStore.Origin.SWEEP,
                clock.instant().minus(Duration.ofDays(11).plusHours(1)));
        store.recordOrigin("1", "order.KEPT", PurchaseRecoveryStore.Origin.SWEEP,
                clock.instant().minus(Duration.ofDays(10).plusHours(23)));
        sweep = new PurchaseSweep(new OrderPurchaseQueries(db, "META_EVENT_OUTBOX"), store, null, null, null,
                settings, clock);

        sweep.start();

        long deadline = System.currentTimeMillis() + 10_000;
        while (store.origin("1", "order.OLD") != null && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(store.origin("1", "order.OLD")).isNull();
        assertThat(store.origin("1", "order.KEPT")).isEqualTo(PurchaseRecoveryStore.Origin.SWEEP);
    }

    /** An in-memory HSQLDB with Broadleaf's order tables. */
    private static JDBCDataSource orderDatabase(String name) throws SQLException {
        JDBCDataSource db = new JDBCDataSource();
        db.setUrl("jdbc:hsqldb:mem:" + name);
        db.setUser("SA");
        try (Connection c = db.getConnection()) {
            BroadleafOrderTables.create(c, false);
        }
        return db;
    }

    private static boolean indexed(DataSource db) throws SQLException {
        try (Connection c = db.getConnection()) {
            return OrderPurchaseQueries.indexed(c, "BLC_ORDER_ATTRIBUTE", "ORDER_ID",
                    OrderPurchaseQueries.ORDER_ATTRIBUTE_INDEX)
                    && OrderPurchaseQueries.indexed(c, "BLC_ORDER", "SUBMIT_DATE",
                            OrderPurchaseQueries.SUBMIT_DATE_INDEX);
        }
    }
}
