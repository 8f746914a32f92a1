package io.github.broadleafmeta.core.broadleaf31.reconcile;

import io.github.broadleafmeta.core.reconcile.ReconciliationException;
import io.github.broadleafmeta.core.reconcile.SubmittedOrder;
import io.github.broadleafmeta.core.reconcile.SubmittedOrders;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

/**
 * Broadleaf 3.1's submitted orders, read-only with plain SQL: {@code BLC_ORDER} rows with a submit date in the
 * range whose status is SUBMITTED or CANCELLED (a cancelled order was submitted first), and the order attributes
 * the checkout stored for the plugin ({@code BLC_ORDER_ATTRIBUTE}: {@value #CONSENT_ATTRIBUTE},
 * {@value #BOT_ATTRIBUTE}), absent on orders placed before the plugin stored them.
 */
public class BroadleafSubmittedOrders implements SubmittedOrders {

    public static final String CONSENT_ATTRIBUTE = "meta_consent";
    public static final String BOT_ATTRIBUTE = "meta_bot";

    private final DataSource dataSource;

    public BroadleafSubmittedOrders(DataSource dataSource) {
        if (dataSource == null) {
            throw new IllegalArgumentException("dataSource is required");
        }
        this.dataSource = dataSource;
    }

    @Override
    public List<SubmittedOrder> submittedBetween(Instant from, Instant to) {
        String sql = "SELECT o.ORDER_NUMBER, o.SUBMIT_DATE,"
                + " (SELECT MAX(a.VALUE) FROM BLC_ORDER_ATTRIBUTE a WHERE a.ORDER_ID = o.ORDER_ID AND a.NAME = ?),"
                + " (SELECT MAX(b.VALUE) FROM BLC_ORDER_ATTRIBUTE b WHERE b.ORDER_ID = o.ORDER_ID AND b.NAME = ?)"
                + " FROM BLC_ORDER o WHERE o.SUBMIT_DATE >= ? AND o.SUBMIT_DATE < ?"
                + " AND o.ORDER_STATUS IN ('SUBMITTED', 'CANCELLED') AND o.ORDER_NUMBER IS NOT NULL"
                + " ORDER BY o.SUBMIT_DATE, o.ORDER_NUMBER";
        List<SubmittedOrder> out = new ArrayList<SubmittedOrder>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, CONSENT_ATTRIBUTE);
            ps.setString(2, BOT_ATTRIBUTE);
            ps.setTimestamp(3, new Timestamp(from.toEpochMilli()));
            ps.setTimestamp(4, new Timestamp(to.toEpochMilli()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String bot = rs.getString(4);
                    out.add(new SubmittedOrder(rs.getString(1), rs.getTimestamp(2).toInstant(),
                            blankToNull(rs.getString(3)), bot == null || bot.trim().isEmpty() ? null
                                    : Boolean.valueOf("true".equalsIgnoreCase(bot.trim()))));
                }
            }
            if (!c.getAutoCommit()) {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new ReconciliationException("Could not read the submitted orders (BLC_ORDER)", e);
        }
        return out;
    }

    private static String blankToNull(String v) {
        return v == null || v.trim().isEmpty() ? null : v.trim();
    }
}
