package io.github.broadleafmeta.core.broadleaf31.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.broadleafmeta.core.settings.MapSettingsSource;
import io.github.broadleafmeta.core.settings.SettingsResolver;
import io.github.broadleafmeta.core.settings.SettingsSource;
import io.github.broadleafmeta.core.tracking.PurchaseRecoveryStore;
import io.github.broadleafmeta.core.tracking.SettingsSnapshots;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.hsqldb.jdbc.JDBCDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/** The sweep's start does not wait for its index builds, which can take a while on a large order history. */
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
        JDBCDataSource db = new JDBCDataSource();
        db.setUrl("jdbc:hsqldb:mem:sweep-start");
        db.setUser("SA");
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE BLC_ORDER (ORDER_ID BIGINT PRIMARY KEY, ORDER_NUMBER VARCHAR(255),"
                    + " ORDER_STATUS VARCHAR(255), SUBMIT_DATE TIMESTAMP, ORDER_TOTAL DECIMAL(19,5),"
                    + " CURRENCY_CODE VARCHAR(255))");
            s.execute("CREATE TABLE BLC_ORDER_ATTRIBUTE (ORDER_ATTRIBUTE_ID BIGINT PRIMARY KEY, NAME VARCHAR(255)"
                    + " NOT NULL, VALUE VARCHAR(255), ORDER_ID BIGINT NOT NULL)");
        }
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

    private static boolean indexed(DataSource db) throws SQLException {
        try (Connection c = db.getConnection()) {
            return OrderPurchaseQueries.indexed(c, "BLC_ORDER_ATTRIBUTE", "ORDER_ID",
                    OrderPurchaseQueries.ORDER_ATTRIBUTE_INDEX)
                    && OrderPurchaseQueries.indexed(c, "BLC_ORDER", "SUBMIT_DATE",
                            OrderPurchaseQueries.SUBMIT_DATE_INDEX);
        }
    }
}
