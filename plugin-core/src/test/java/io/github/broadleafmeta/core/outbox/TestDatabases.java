package io.github.broadleafmeta.core.outbox;

import org.mockito.Mockito;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.hsqldb.jdbc.JDBCDataSource;

/** Data sources for the outbox tests. */
public final class TestDatabases {

    private static final AtomicInteger SEQ = new AtomicInteger();

    private TestDatabases() {
    }

    /** A fresh in-memory HSQLDB database (Broadleaf's own HSQLDB version, 2.3.1). */
    public static DataSource hsqldbInMemory() {
        return hsqldb("jdbc:hsqldb:mem:outbox" + SEQ.incrementAndGet() + System.nanoTime());
    }

    public static DataSource hsqldb(String url) {
        JDBCDataSource ds = new JDBCDataSource();
        ds.setUrl(url);
        ds.setUser("SA");
        ds.setPassword("");
        return ds;
    }

    /**
     * Sent events straight into an outbox table, as many as a test of the indexes needs: first {@code purchases}
     * Purchases (order number and confirmation key {@code order-<n>}, event id {@code e<n>}; the first
     * {@code rejected} of them with an error at {@code createdAt + n}), then page views without either key.
     */
    public static void insertSentEvents(Connection c, String table, int purchases, int pageEvents, int rejected,
            long createdAt) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("INSERT INTO " + table + " (pixel_id, event_name, event_id, event_time, payload, status,"
                    + " attempts, next_attempt_at, version, created_at, updated_at, order_number, confirmation_key,"
                    + " last_error_at) SELECT '111111111111111',"
                    + " CASE WHEN g <= " + purchases + " THEN 'Purchase' ELSE 'PageView' END, 'e' || g, "
                    + createdAt / 1000 + ", '{}', 'SENT', 1, " + Dialect.NEVER + ", 0, " + createdAt + " + g, "
                    + createdAt + ", CASE WHEN g <= " + purchases + " THEN 'order-' || g END,"
                    + " CASE WHEN g <= " + purchases + " THEN 'order-' || g END,"
                    + " CASE WHEN g <= " + rejected + " THEN " + createdAt + " + g END"
                    + " FROM generate_series(1, " + (purchases + pageEvents) + ") AS g");
        }
    }

    /** A fresh table name, so tests sharing one database never see each other's rows. */
    public static String uniqueTable() {
        return "OUTBOX_T" + SEQ.incrementAndGet();
    }

    /** A data source whose every connection attempt fails, like a database that went away. */
    public static DataSource broken() {
        DataSource broken = Mockito.mock(DataSource.class);
        try {
            Mockito.when(broken.getConnection()).thenThrow(new SQLException("Connection refused (test)", "08001"));
        } catch (SQLException impossible) {
            throw new AssertionError(impossible);
        }
        return broken;
    }

    /** A small valid event JSON; the outbox treats it as opaque text. */
    public static String payload(String eventName, String eventId) {
        return "{\"event_name\":\"" + eventName + "\",\"event_id\":\"" + eventId
                + "\",\"action_source\":\"website\",\"user_data\":{\"em\":[\"" + "a".repeat(64) + "\"]}}";
    }

    public static OutboxEntry.Builder entry(String pixel, String eventName, String eventId, long eventTime) {
        return OutboxEntry.builder().pixelId(pixel).eventName(eventName).eventId(eventId).eventTime(eventTime)
                .payloadJson(payload(eventName, eventId));
    }
}
