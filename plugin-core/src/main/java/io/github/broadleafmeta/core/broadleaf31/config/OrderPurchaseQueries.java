package io.github.broadleafmeta.core.broadleaf31.config;

import io.github.broadleafmeta.core.event.EventNames;
import io.github.broadleafmeta.core.tracking.OrderRequestFields;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import javax.sql.DataSource;

/**
 * Read-only questions to Broadleaf's order tables about submitted orders without their Purchase: which ones (for
 * the sweep and a backfill) and how many and how much (the admin's backfill preview). Plain JDBC, like
 * {@link CancelledOrderScan}: the sweep thread has no JPA session. Every query is a range on
 * {@code BLC_ORDER.SUBMIT_DATE}, which Broadleaf 3.1 does not index: {@link #ensureIndexes} adds
 * {@value #SUBMIT_DATE_INDEX} once (and the index on the order attributes' order id the checkout needs).
 *
 * <p>An order qualifies when it is SUBMITTED in the window, carries the plugin's {@code meta_event_time} attribute
 * (its request fields were stored at checkout; an order without them cannot be rebuilt, as Meta needs a user agent
 * for a website event), was not refused by consent or the bot rules ({@code meta_consent = denied},
 * {@code meta_bot = true}: the same rules as the live Purchase), and has no Purchase row for the pixel.
 */
public class OrderPurchaseQueries {

    private static final Log LOG = LogFactory.getLog(OrderPurchaseQueries.class);
    public static final String SUBMIT_DATE_INDEX = "META_ORDER_SUBMIT_DATE_IDX";
    public static final String ORDER_ATTRIBUTE_INDEX = "META_ORDER_ATTR_ORDER_IDX";
    /** PostgreSQL's SQLSTATE for a name already in use. */
    private static final String DUPLICATE_RELATION = "42P07";

    private final DataSource dataSource;
    private final String outboxTable;

    public OrderPurchaseQueries(DataSource dataSource, String outboxTable) {
        this.dataSource = dataSource;
        this.outboxTable = outboxTable;
    }

    /** What the admin's backfill preview shows. */
    public static final class Preview {
        /** Orders without a Purchase for the pixel in the window. */
        public final int orders;
        /** Of those, the ones with stored request fields, which a backfill can send. */
        public final int rebuildable;
        /** Order total per currency code, of the rebuildable orders. */
        public final Map<String, BigDecimal> totalByCurrency;

        Preview(int orders, int rebuildable, Map<String, BigDecimal> totalByCurrency) {
            this.orders = orders;
            this.rebuildable = rebuildable;
            this.totalByCurrency = Collections.unmodifiableMap(totalByCurrency);
        }
    }

    /**
     * Adds the two indexes the plugin's reads of Broadleaf's order tables need, when missing: {@value
     * #SUBMIT_DATE_INDEX} (every query here is a range on {@code BLC_ORDER.SUBMIT_DATE}) and {@value
     * #ORDER_ATTRIBUTE_INDEX} on {@code BLC_ORDER_ATTRIBUTE.ORDER_ID}: the checkout loads the order's attributes by
     * that column to store its request fields, and the queries here look them up per order. Broadleaf 3.1 declares
     * neither; HSQLDB and MariaDB index a foreign key's column by themselves, PostgreSQL does not, so there the
     * checkout's load scanned every attribute row of every order the store ever took. An existing index that starts
     * with the column counts, whatever its name. On PostgreSQL the index is built {@code CONCURRENTLY}, so checkouts
     * on other nodes go on writing while it builds. A failure only costs speed, so it is logged (with the statement
     * to run by hand), not thrown.
     */
    public void ensureIndexes() {
        ensureIndex("BLC_ORDER", "SUBMIT_DATE", SUBMIT_DATE_INDEX);
        ensureIndex("BLC_ORDER_ATTRIBUTE", "ORDER_ID", ORDER_ATTRIBUTE_INDEX);
    }

    private void ensureIndex(String table, String column, String indexName) {
        String ddl = "CREATE INDEX " + indexName + " ON " + table + " (" + column + ")";
        try (Connection c = dataSource.getConnection()) {
            if (indexed(c, table, column, indexName)) {
                return;
            }
            boolean postgres = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
            boolean autoCommit = c.getAutoCommit();
            if (postgres && !autoCommit) {
                c.setAutoCommit(true); // CREATE INDEX CONCURRENTLY cannot run inside a transaction
            }
            try (Statement s = c.createStatement()) {
                s.execute(postgres ? ddl.replace("CREATE INDEX ", "CREATE INDEX CONCURRENTLY ") : ddl);
                if (!c.getAutoCommit()) {
                    c.commit();
                }
                LOG.info("Meta tracking: added the index " + indexName + " on " + table + "(" + column + ")");
            } catch (SQLException e) {
                if (postgres && !DUPLICATE_RELATION.equals(e.getSQLState())) {
                    // Our concurrent build failed and left an invalid index under that name: remove it. Not when the
                    // name was taken: that index is another node's (or another table's), not ours to drop.
                    dropQuietly(c, indexName);
                } else if (!c.getAutoCommit()) {
                    c.rollback();
                }
                if (!indexed(c, table, column, indexName)) {
                    throw e;
                }
            } finally {
                if (postgres && !autoCommit) {
                    c.setAutoCommit(false);
                }
            }
        } catch (SQLException e) {
            LOG.warn("Meta tracking: could not add the index " + indexName + " on " + table + "(" + column + "): "
                    + e.getMessage() + "; without it the plugin's reads of that table scan more rows. To add it by"
                    + " hand: " + ddl);
        }
    }

    /** Whether the table has an index of that name, or any index whose first column is {@code column}. */
    static boolean indexed(Connection c, String table, String column, String indexName) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        for (String t : new String[] {table, table.toLowerCase(Locale.ROOT)}) {
            try (ResultSet rs = meta.getIndexInfo(null, null, t, false, false)) {
                while (rs.next()) {
                    String name = rs.getString("INDEX_NAME");
                    if (name != null && indexName.equalsIgnoreCase(name)) {
                        return true;
                    }
                    if (rs.getShort("ORDINAL_POSITION") == 1 && column.equalsIgnoreCase(rs.getString("COLUMN_NAME"))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static void dropQuietly(Connection c, String indexName) {
        try (Statement s = c.createStatement()) {
            s.execute("DROP INDEX CONCURRENTLY IF EXISTS " + indexName);
        } catch (SQLException e) {
            LOG.warn("Meta tracking: could not drop the unfinished index " + indexName + ": " + e.getMessage());
        }
    }

    /**
     * Order numbers of rebuildable orders submitted in [from, to) without a Purchase row for the pixel, oldest
     * first, at most {@code limit}.
     */
    public List<String> ordersWithoutPurchase(String pixelId, Instant from, Instant to, int limit) {
        String sql = "SELECT o.ORDER_NUMBER FROM BLC_ORDER o WHERE " + window() + " AND " + rebuildable()
                + " ORDER BY o.SUBMIT_DATE, o.ORDER_ID LIMIT " + limit;
        List<String> orders = new ArrayList<String>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bindWindow(ps, pixelId, from, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    orders.add(rs.getString(1));
                }
            }
            rollback(c);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read orders without a Purchase: " + e.getMessage(), e);
        }
        return orders;
    }

    /**
     * Order numbers of orders submitted in [from, to) that still carry raw request values (IP, user agent, fbp, fbc,
     * page URL), at most {@code limit}: what retention removes once no Purchase can be rebuilt from them.
     */
    public List<String> ordersWithRawRequestValues(Instant from, Instant to, int limit) {
        StringBuilder names = new StringBuilder();
        for (String name : OrderRequestFields.RAW_REQUEST_VALUES) {
            names.append(names.length() == 0 ? "'" : ", '").append(name).append('\'');
        }
        String sql = "SELECT o.ORDER_NUMBER FROM BLC_ORDER o WHERE o.SUBMIT_DATE >= ? AND o.SUBMIT_DATE < ?"
                + " AND EXISTS (SELECT 1 FROM BLC_ORDER_ATTRIBUTE a WHERE a.ORDER_ID = o.ORDER_ID AND a.NAME IN ("
                + names + ")) ORDER BY o.SUBMIT_DATE LIMIT " + limit;
        List<String> orders = new ArrayList<String>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, new Timestamp(from.toEpochMilli()));
            ps.setTimestamp(2, new Timestamp(to.toEpochMilli()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    orders.add(rs.getString(1));
                }
            }
            rollback(c);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read orders with request values: " + e.getMessage(), e);
        }
        return orders;
    }

    /** How many orders in [from, to) lack the pixel's Purchase, how many can be rebuilt, and their value. */
    public Preview preview(String pixelId, Instant from, Instant to) {
        int orders = 0;
        int rebuildable = 0;
        Map<String, BigDecimal> totals = new TreeMap<String, BigDecimal>();
        String all = "SELECT COUNT(*) FROM BLC_ORDER o WHERE " + window();
        String byCurrency = "SELECT o.CURRENCY_CODE, COUNT(*), SUM(o.ORDER_TOTAL) FROM BLC_ORDER o WHERE " + window()
                + " AND " + rebuildable() + " GROUP BY o.CURRENCY_CODE";
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(all)) {
                bindWindow(ps, pixelId, from, to);
                try (ResultSet rs = ps.executeQuery()) {
                    orders = rs.next() ? rs.getInt(1) : 0;
                }
            }
            try (PreparedStatement ps = c.prepareStatement(byCurrency)) {
                bindWindow(ps, pixelId, from, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String currency = rs.getString(1) == null ? "(none)" : rs.getString(1);
                        rebuildable += rs.getInt(2);
                        BigDecimal sum = rs.getBigDecimal(3);
                        totals.put(currency, sum == null ? BigDecimal.ZERO : sum.stripTrailingZeros());
                    }
                }
            }
            rollback(c);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the backfill preview: " + e.getMessage(), e);
        }
        return new Preview(orders, rebuildable, totals);
    }

    /** Submitted in [from, to), no Purchase row of the pixel. Parameters: from, to, pixel id. */
    private String window() {
        return "o.ORDER_STATUS = 'SUBMITTED' AND o.SUBMIT_DATE >= ? AND o.SUBMIT_DATE < ?"
                // By order number (the outbox indexes it): the same row as the event id order.{n}, and also the
                // hashed id of an order number with unsafe characters.
                + " AND NOT EXISTS (SELECT 1 FROM " + outboxTable + " p WHERE p.order_number = o.ORDER_NUMBER"
                + " AND p.pixel_id = ? AND p.event_name = '" + EventNames.PURCHASE + "')";
    }

    /**
     * Request fields stored at checkout, including the two a website event cannot go without (user agent, page URL:
     * an order without them would be selected again on every run and never rebuilt), and neither consent nor the
     * bot rules refused the Purchase.
     */
    private static String rebuildable() {
        return stored(OrderRequestFields.EVENT_TIME) + " AND " + stored(OrderRequestFields.USER_AGENT) + " AND "
                + stored(OrderRequestFields.SOURCE_URL)
                + " AND NOT EXISTS (SELECT 1 FROM BLC_ORDER_ATTRIBUTE r WHERE r.ORDER_ID = o.ORDER_ID AND ((r.NAME = '"
                + OrderRequestFields.CONSENT + "' AND r.VALUE = '" + OrderRequestFields.CONSENT_DENIED + "') OR (r.NAME = '"
                + OrderRequestFields.BOT + "' AND r.VALUE = 'true')))";
    }

    private static String stored(String attribute) {
        return "EXISTS (SELECT 1 FROM BLC_ORDER_ATTRIBUTE a WHERE a.ORDER_ID = o.ORDER_ID AND a.NAME = '" + attribute
                + "')";
    }

    private static void bindWindow(PreparedStatement ps, String pixelId, Instant from, Instant to)
            throws SQLException {
        ps.setTimestamp(1, new Timestamp(from.toEpochMilli()));
        ps.setTimestamp(2, new Timestamp(to.toEpochMilli()));
        ps.setString(3, pixelId);
    }

    private static void rollback(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            c.rollback();
        }
    }

    @Override
    public String toString() {
        return "OrderPurchaseQueries{outbox=" + outboxTable.toLowerCase(Locale.ROOT) + "}";
    }
}
