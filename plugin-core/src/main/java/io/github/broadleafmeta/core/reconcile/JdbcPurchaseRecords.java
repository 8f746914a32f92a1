package io.github.broadleafmeta.core.reconcile;

import io.github.broadleafmeta.core.event.EventNames;
import io.github.broadleafmeta.core.outbox.OutboxStatus;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

/**
 * The only SQL of the reconciliation against the outbox table: Purchase rows by pixel and event id
 * ({@code order.{orderNumber}}), in chunks of {@value #CHUNK} ids through the event id index. Columns read:
 * event_id, status, last_error_code, last_error_message.
 */
public final class JdbcPurchaseRecords implements PurchaseRecords {

    static final int CHUNK = 200;
    private static final String ORDER_EVENT_ID_PREFIX = "order.";

    private final DataSource dataSource;
    private final String outboxTable;

    /** @param outboxTable the outbox's table name ({@code JdbcOutbox.tableName()}) */
    public JdbcPurchaseRecords(DataSource dataSource, String outboxTable) {
        if (dataSource == null || outboxTable == null || !outboxTable.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("a data source and a plain table name are required, was: "
                    + outboxTable);
        }
        this.dataSource = dataSource;
        this.outboxTable = outboxTable;
    }

    @Override
    public Map<String, PurchaseRecord> purchasesOf(String pixelId, Collection<String> orderNumbers) {
        Map<String, PurchaseRecord> out = new HashMap<String, PurchaseRecord>();
        List<String> ids = new ArrayList<String>(orderNumbers.size());
        for (String n : orderNumbers) {
            ids.add(ORDER_EVENT_ID_PREFIX + n);
        }
        try (Connection c = dataSource.getConnection()) {
            for (int start = 0; start < ids.size(); start += CHUNK) {
                List<String> chunk = ids.subList(start, Math.min(ids.size(), start + CHUNK));
                read(c, pixelId, chunk, out);
            }
            if (!c.getAutoCommit()) {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new ReconciliationException("Could not read the Purchase rows of the outbox " + outboxTable, e);
        }
        return out;
    }

    private void read(Connection c, String pixelId, List<String> eventIds, Map<String, PurchaseRecord> out)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT event_id, status, last_error_code, last_error_message FROM ")
                .append(outboxTable).append(" WHERE pixel_id = ? AND event_name = ? AND event_id IN (");
        for (int i = 0; i < eventIds.size(); i++) {
            sql.append(i == 0 ? "?" : ", ?");
        }
        sql.append(')');
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            ps.setString(1, pixelId);
            ps.setString(2, EventNames.PURCHASE);
            for (int i = 0; i < eventIds.size(); i++) {
                ps.setString(i + 3, eventIds.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String orderNumber = rs.getString(1).substring(ORDER_EVENT_ID_PREFIX.length());
                    int code = rs.getInt(3);
                    Integer errorCode = rs.wasNull() ? null : code;
                    out.put(orderNumber, new PurchaseRecord(orderNumber, OutboxStatus.valueOf(rs.getString(2)),
                            errorCode, rs.getString(4)));
                }
            }
        }
    }
}
