package io.github.broadleafmeta.core.broadleaf31.config;

import io.github.broadleafmeta.core.concurrent.DaemonThreads;
import io.github.broadleafmeta.core.event.EventNames;
import io.github.broadleafmeta.core.outbox.JdbcOutbox;
import io.github.broadleafmeta.core.settings.MetaSettings;
import io.github.broadleafmeta.core.tracking.OrderCancellations;
import io.github.broadleafmeta.core.tracking.SettingsSnapshots;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

/**
 * Catches cancellations no hook sees (an admin edit in another JVM, a direct database update): every
 * {@code meta.cancellation.scanSeconds} it reads, read-only, Broadleaf's {@code BLC_ORDER} rows with status
 * CANCELLED whose Purchase the outbox SENT and that have no cancellation row yet, at most {@link #BATCH} per run,
 * and hands their order numbers to {@link OrderCancellations}. Every step uses an index (Broadleaf's
 * ORDER_STATUS_INDEX, the outbox's order number and event id indexes). Every node may scan: the cancellation's
 * event id makes repeats harmless.
 */
public class CancelledOrderScan {

    private static final Log LOG = LogFactory.getLog(CancelledOrderScan.class);
    /** Orders handed over per run; the next run continues with the rest. */
    public static final int BATCH = 100;

    private final DataSource dataSource;
    private final JdbcOutbox outbox;
    private final OrderCancellations cancellations;
    private final SettingsSnapshots settings;
    private final Clock clock;
    private ScheduledExecutorService scheduler;
    private long lastRunMillis = Long.MIN_VALUE;
    private boolean warned;

    public CancelledOrderScan(DataSource dataSource, JdbcOutbox outbox, OrderCancellations cancellations,
            SettingsSnapshots settings, Clock clock) {
        this.dataSource = dataSource;
        this.outbox = outbox;
        this.cancellations = cancellations;
        this.settings = settings;
        this.clock = clock;
    }

    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("meta-cancelled-order-scan"));
        // A light tick; the interval setting (read live) decides when a scan is due.
        scheduler.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    private void tick() {
        try {
            MetaSettings s = settings.current();
            if (!s.isActive() || !s.dispatchEnabled() || s.cancellationEvent() == null) {
                return;
            }
            long now = clock.millis();
            if (lastRunMillis != Long.MIN_VALUE && now - lastRunMillis < s.cancellationScanSeconds() * 1000L) {
                return;
            }
            lastRunMillis = now;
            scanOnce();
        } catch (RuntimeException e) {
            if (!warned) {
                warned = true;
                LOG.warn("Meta tracking: the scan for cancelled orders failed (" + e + "); it runs again later");
            }
        }
    }

    /** One scan: returns how many cancellation rows it recorded. */
    public int scanOnce() {
        int recorded = 0;
        for (String orderNumber : cancelledOrdersWithSentPurchase()) {
            recorded += cancellations.orderCancelled(orderNumber);
        }
        return recorded;
    }

    List<String> cancelledOrdersWithSentPurchase() {
        String t = outbox.tableName();
        // Driven by the cancelled orders (ORDER_STATUS_INDEX), each looked up in the outbox by order number:
        // O(cancelled orders), never O(sent events).
        String sql = "SELECT o.ORDER_NUMBER FROM BLC_ORDER o JOIN " + t + " p ON p.order_number = o.ORDER_NUMBER"
                + " AND p.event_name = ? AND p.status = 'SENT'"
                + " WHERE o.ORDER_STATUS = 'CANCELLED'"
                + " AND NOT EXISTS (SELECT 1 FROM " + t + " c WHERE c.event_id = CONCAT(p.event_id, ?)"
                + " AND c.pixel_id = p.pixel_id) LIMIT " + BATCH;
        List<String> orders = new ArrayList<String>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, EventNames.PURCHASE);
            ps.setString(2, OrderCancellations.EVENT_ID_SUFFIX);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!orders.contains(rs.getString(1))) {
                        orders.add(rs.getString(1));
                    }
                }
            }
            if (!c.getAutoCommit()) {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read cancelled orders: " + e.getMessage(), e);
        }
        return orders;
    }
}
