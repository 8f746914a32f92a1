package io.github.broadleafmeta.core.broadleaf31.config;

import io.github.broadleafmeta.core.dispatch.Confirmation;
import io.github.broadleafmeta.core.dispatch.ConfirmationCheck;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

/**
 * Sends a Purchase only for an order that is really submitted: reads the order's status from Broadleaf's
 * {@code BLC_ORDER} table with plain JDBC (the dispatcher thread has no JPA session, and Hibernate's caches could
 * answer with a stale status). A database error counts as "not yet": the row is checked again later.
 */
public class OrderStatusConfirmationCheck implements ConfirmationCheck {

    private final DataSource dataSource;

    public OrderStatusConfirmationCheck(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Confirmation check(String orderNumber) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT ORDER_STATUS FROM BLC_ORDER WHERE ORDER_NUMBER = ?")) {
            ps.setString(1, orderNumber);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Confirmation.PENDING;
                }
                return confirmation(rs.getString(1));
            }
        } catch (SQLException e) {
            return Confirmation.PENDING;
        }
    }

    /** SUBMITTED (and later fulfilment states of custom workflows) confirm; CANCELLED never does. */
    protected Confirmation confirmation(String status) {
        if ("CANCELLED".equals(status)) {
            return Confirmation.CANCELLED;
        }
        if ("SUBMITTED".equals(status)) {
            return Confirmation.CONFIRMED;
        }
        return Confirmation.PENDING;
    }
}
