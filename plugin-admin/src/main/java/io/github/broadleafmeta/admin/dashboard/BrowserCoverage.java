package io.github.broadleafmeta.admin.dashboard;

import io.github.broadleafmeta.core.jdbc.JdbcTables;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;

/**
 * For each server event name: how many outbox rows there were and how many of them had their browser copy
 * rendered ({@code browser_rendered_at} when it rendered with the page that recorded it, a row in the outbox's
 * {@code _RENDERED} table when it rendered later). The column comes with a later outbox schema; until it exists
 * the report is simply unavailable ({@link #read} returns null).
 */
public final class BrowserCoverage {

    public static final String COLUMN = "browser_rendered_at";

    /** One event name's numbers. */
    public static final class Row {
        private final String eventName;
        private final long serverEvents;
        private final long withBrowserCopy;

        Row(String eventName, long serverEvents, long withBrowserCopy) {
            this.eventName = eventName;
            this.serverEvents = serverEvents;
            this.withBrowserCopy = withBrowserCopy;
        }

        public String getEventName() {
            return eventName;
        }

        public long getServerEvents() {
            return serverEvents;
        }

        public long getWithBrowserCopy() {
            return withBrowserCopy;
        }

        /** Whole percent, 0 when there were no events. */
        public long getPercent() {
            return serverEvents == 0 ? 0 : Math.round(100.0 * withBrowserCopy / serverEvents);
        }
    }

    private final DataSource dataSource;
    private final String table;

    public BrowserCoverage(DataSource dataSource, String table) {
        if (dataSource == null || table == null || !table.matches("[A-Za-z_][A-Za-z0-9_]{0,60}")) {
            throw new IllegalArgumentException("dataSource and a plain table name are required");
        }
        this.dataSource = dataSource;
        this.table = table;
    }

    /** Rows created since {@code since}, per event name; null when the outbox has no {@value #COLUMN} column. */
    public List<Row> read(Instant since) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            if (!hasColumn(c)) {
                return null;
            }
            List<Row> out = new ArrayList<Row>();
            // Outbox v2 records a copy rendered after the row was written in a side table, not in the row.
            String rendered = table + "_RENDERED";
            boolean side = hasTable(c, rendered);
            try (PreparedStatement ps = c.prepareStatement("SELECT e.event_name, COUNT(*), SUM(CASE WHEN e." + COLUMN
                    + " IS NOT NULL" + (side ? " OR r.rendered_at IS NOT NULL" : "") + " THEN 1 ELSE 0 END) FROM "
                    + table + " e" + (side ? " LEFT JOIN " + rendered + " r ON r.pixel_id = e.pixel_id AND "
                            + "r.event_name = e.event_name AND r.event_id = e.event_id" : "")
                    + " WHERE e.created_at >= ? GROUP BY e.event_name ORDER BY e.event_name")) {
                ps.setLong(1, since.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Row(rs.getString(1), rs.getLong(2), rs.getLong(3)));
                    }
                }
            }
            return Collections.unmodifiableList(out);
        }
    }

    // JdbcTables looks in the connection's own database: MariaDB's driver reads a null catalog as every database.
    private static boolean hasTable(Connection c, String name) throws SQLException {
        return JdbcTables.exists(c, name);
    }

    private boolean hasColumn(Connection c) throws SQLException {
        return JdbcTables.hasColumn(c, table, COLUMN);
    }
}
