package io.github.broadleafmeta.core.broadleaf31.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.broadleafmeta.core.outbox.JdbcOutbox;
import io.github.broadleafmeta.core.outbox.OutboxConfig;
import io.github.broadleafmeta.core.outbox.OutboxEntry;
import io.github.broadleafmeta.core.outbox.TestClock;
import io.github.broadleafmeta.core.outbox.TestDatabases;
import io.github.broadleafmeta.core.tracking.OrderCancellations;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The scan's query over Broadleaf's BLC_ORDER and the outbox; {@link MariaDbCancelledOrderScanTest} runs it on MariaDB. */
class CancelledOrderScanTest {

    private static final String PIXEL = "123456789012345";

    private final TestClock clock = TestClock.at("2026-12-07T05:00:00Z");
    private DataSource db;
    private JdbcOutbox outbox;

    /** An empty database for one test. */
    DataSource newDatabase() {
        return TestDatabases.hsqldbInMemory();
    }

    @BeforeEach
    void setUp() throws SQLException {
        db = newDatabase();
        outbox = new JdbcOutbox(db, OutboxConfig.ofDefaults(), clock);
        outbox.initialize();
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            // The columns of Broadleaf 3.1's BLC_ORDER the scan reads, named as Hibernate names them.
            s.execute("CREATE TABLE BLC_ORDER (ORDER_ID BIGINT NOT NULL PRIMARY KEY, ORDER_NUMBER VARCHAR(255),"
                    + " ORDER_STATUS VARCHAR(255))");
        }
    }

    private void order(long id, String orderNumber, String status) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO BLC_ORDER VALUES (?, ?, ?)")) {
            ps.setLong(1, id);
            ps.setString(2, orderNumber);
            ps.setString(3, status);
            ps.executeUpdate();
        }
    }

    private void event(String eventName, String eventId, String orderNumber, boolean sent) {
        outbox.enqueue(OutboxEntry.builder().pixelId(PIXEL).eventName(eventName).eventId(eventId)
                .eventTime(1700000000L).payloadJson(TestDatabases.payload(eventName, eventId))
                .orderNumber(orderNumber).confirmationKey(orderNumber).build());
        if (sent) {
            // var: the claimed rows' type changes with the outbox's storage version.
            var claimed = outbox.claim("test-node", 10, Duration.ofMinutes(1));
            outbox.markSent(claimed, claimed.size(), "trace");
        }
    }

    @Test
    void shouldFindOnlyCancelledOrdersWhosePurchaseWasSentAndNotYetCancelled() throws Exception {
        order(1, "A100", "CANCELLED");
        order(2, "A200", "CANCELLED");
        order(3, "A300", "SUBMITTED");
        order(4, "A400", "CANCELLED");
        // Sent ones first: a claim takes every pending row.
        event("Purchase", "order.A100", "A100", true);
        event("Purchase", "order.A300", "A300", true);
        event("Purchase", "order.A400", "A400", true);
        event("Purchase", "order.A200", "A200", false);
        event("OrderCancelled", "order.A400" + OrderCancellations.EVENT_ID_SUFFIX, "A400", false);

        CancelledOrderScan scan = new CancelledOrderScan(db, outbox, null, null, clock);

        assertThat(scan.cancelledOrdersWithSentPurchase()).containsExactly("A100");
    }
}
