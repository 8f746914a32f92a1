package io.github.broadleafmeta.core.metrics;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The outbox backlog per pixel in one grouped query, with the same statuses and the same "oldest waiting" rule as
 * {@code JdbcOutbox.backlog()}. Plain SQL on the outbox's event and queue tables (names from
 * {@code JdbcOutbox.tableName()}, the queue is that plus {@code _QUEUE}): the one place the metrics read the outbox,
 * so a change of the outbox schema touches only this class.
 */
public final class OutboxBacklogByPixel {

    private final DataSource dataSource;
    private final String table;
    private final Clock clock;

    public OutboxBacklogByPixel(DataSource dataSource, String outboxTable, Clock clock) {
        if (dataSource == null || clock == null || outboxTable == null || !outboxTable.matches("[A-Za-z0-9_.]+")) {
            throw new IllegalArgumentException("dataSource, clock and a plain table name are required");
        }
        this.dataSource = dataSource;
        this.table = outboxTable;
        this.clock = clock;
    }

    /** Every pixel with rows not yet final; pixels without such rows are absent. */
    public Map<String, PixelBacklog> read() {
        Map<String, long[]> acc = new HashMap<String, long[]>();
        try (Connection c = dataSource.getConnection();
                // Outbox v2: the queue table holds exactly the undelivered rows (held ones wait at the largest
                // due time, leased ones are in flight), the event record their created time.
                PreparedStatement ps = c.prepareStatement("SELECT pixel_id, st, COUNT(*), MIN(created_at) FROM ("
                        + "SELECT q.pixel_id, CASE WHEN q.lease_owner IS NOT NULL THEN 'IN_FLIGHT' WHEN q.due_at = "
                        + Long.MAX_VALUE + " THEN 'HELD_CREDENTIALS' ELSE 'PENDING' END AS st, e.created_at FROM "
                        + table + "_QUEUE q JOIN " + table + " e ON e.id = q.id) x GROUP BY pixel_id, st")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // pending, inFlight, held, oldest created_at (Long.MAX_VALUE: none)
                    long[] a = acc.computeIfAbsent(rs.getString(1), p -> new long[] {0, 0, 0, Long.MAX_VALUE});
                    String status = rs.getString(2).trim(); // HSQLDB pads a CASE result to its longest branch
                    long n = rs.getLong(3);
                    if ("HELD_CREDENTIALS".equals(status)) {
                        a[2] = n;
                        continue;
                    }
                    a["PENDING".equals(status) ? 0 : 1] = n;
                    a[3] = Math.min(a[3], rs.getLong(4));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the outbox backlog per pixel: " + e.getMessage(), e);
        }
        long now = clock.millis();
        Map<String, PixelBacklog> out = new HashMap<String, PixelBacklog>();
        for (Map.Entry<String, long[]> e : acc.entrySet()) {
            long[] a = e.getValue();
            out.put(e.getKey(), new PixelBacklog(a[0], a[1], a[2],
                    a[3] == Long.MAX_VALUE ? Duration.ZERO : Duration.ofMillis(now - a[3])));
        }
        return out;
    }
}
