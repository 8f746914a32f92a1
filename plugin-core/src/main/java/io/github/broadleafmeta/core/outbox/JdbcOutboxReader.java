package io.github.broadleafmeta.core.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.sql.DataSource;

/**
 * The read side: the admin's reports. Statuses and retry state come from joining each event record to its queue
 * row, if any ({@link OutboxSql#rowSelect}); counts over time ranges read the event records through their
 * created_at index.
 */
final class JdbcOutboxReader implements OutboxReader {

    private final DataSource dataSource;
    private final Clock clock;
    private final OutboxSchema schema;
    private final OutboxSql sql;

    JdbcOutboxReader(DataSource dataSource, OutboxConfig config, Clock clock, OutboxSchema schema) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.schema = schema;
        this.sql = new OutboxSql(config);
    }

    @Override
    public String tableName() {
        return sql.events();
    }

    @Override
    public Map<String, Map<OutboxStatus, Long>> countsByStatus(Instant since) {
        Map<String, Map<OutboxStatus, Long>> out = new TreeMap<String, Map<OutboxStatus, Long>>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT pixel_id, st, COUNT(*) FROM (SELECT e.pixel_id, "
                        + OutboxSql.STATUS + " AS st FROM " + sql.events() + " e LEFT JOIN " + sql.queue()
                        + " q ON q.id = e.id WHERE e.created_at >= ?) x GROUP BY pixel_id, st")) {
            ps.setLong(1, since.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<OutboxStatus, Long> byStatus = out.get(rs.getString(1));
                    if (byStatus == null) {
                        byStatus = new EnumMap<OutboxStatus, Long>(OutboxStatus.class);
                        out.put(rs.getString(1), byStatus);
                    }
                    byStatus.put(OutboxStatus.valueOf(rs.getString(2).trim()), rs.getLong(3));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new OutboxException("Could not count outbox rows", e);
        }
    }

    @Override
    public List<HourlyCount> hourlyCounts(Instant since) {
        return hourlyCounts(since, null);
    }

    @Override
    public List<HourlyCount> hourlyCounts(Instant since, String pixelId) {
        List<HourlyCount> out = new ArrayList<HourlyCount>();
        try (Connection c = dataSource.getConnection()) {
            Dialect d = schema.dialect(c);
            try (PreparedStatement ps = c.prepareStatement("SELECT hr, st, COUNT(*) FROM (SELECT "
                    + d.intDiv("e.created_at", "3600000") + " AS hr, " + OutboxSql.STATUS + " AS st FROM "
                    + sql.events() + " e LEFT JOIN " + sql.queue() + " q ON q.id = e.id WHERE e.created_at >= ?"
                    + (pixelId == null ? "" : " AND e.pixel_id = ?") + ") x GROUP BY hr, st")) {
                ps.setLong(1, since.toEpochMilli());
                if (pixelId != null) {
                    ps.setString(2, pixelId);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new HourlyCount(Instant.ofEpochMilli(rs.getLong(1) * 3_600_000L),
                                OutboxStatus.valueOf(rs.getString(2).trim()), rs.getLong(3)));
                    }
                }
            }
        } catch (SQLException e) {
            throw new OutboxException("Could not count outbox rows per hour", e);
        }
        out.sort(Comparator.comparing(HourlyCount::hourStart).thenComparing(HourlyCount::status));
        return out;
    }

    @Override
    public Backlog backlog() {
        return backlog(null);
    }

    @Override
    public Backlog backlog(String pixelId) {
        Map<String, Backlog> byPixel = readBacklog(pixelId, false);
        Backlog b = byPixel.get("");
        return b != null ? b : new Backlog(0, 0, 0, null, clock.instant());
    }

    @Override
    public Map<String, Backlog> backlogByPixel() {
        return readBacklog(null, true);
    }

    /**
     * The queue holds exactly the undelivered rows (held ones wait at NEVER, leased ones are in flight); the event
     * record gives their created time. One grouped query, through the queue (small) and the records' primary key.
     *
     * @param perPixel group per pixel id; else one entry under ""
     */
    private Map<String, Backlog> readBacklog(String pixelId, boolean perPixel) {
        // pending, inFlight, held, oldest created_at (Long.MAX_VALUE: none)
        Map<String, long[]> acc = new HashMap<String, long[]>();
        String group = perPixel ? "q.pixel_id" : "''";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT px, st, COUNT(*), MIN(created_at) FROM (SELECT "
                        + group + " AS px, CASE WHEN q.lease_owner IS NOT NULL THEN 'IN_FLIGHT' WHEN q.due_at = "
                        + Dialect.NEVER + " THEN 'HELD_CREDENTIALS' ELSE 'PENDING' END AS st, e.created_at FROM "
                        + sql.queue() + " q JOIN " + sql.events() + " e ON e.id = q.id"
                        + (pixelId == null ? "" : " WHERE q.pixel_id = ?") + ") x GROUP BY px, st")) {
            if (pixelId != null) {
                ps.setString(1, pixelId);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long[] a = acc.computeIfAbsent(rs.getString(1).trim(), k -> new long[] {0, 0, 0, Long.MAX_VALUE});
                    // HSQLDB pads a CASE result to its longest branch.
                    OutboxStatus status = OutboxStatus.valueOf(rs.getString(2).trim());
                    long n = rs.getLong(3);
                    if (status == OutboxStatus.HELD_CREDENTIALS) {
                        a[2] = n;
                        continue;
                    }
                    a[status == OutboxStatus.PENDING ? 0 : 1] = n;
                    a[3] = Math.min(a[3], rs.getLong(4));
                }
            }
        } catch (SQLException e) {
            throw new OutboxException("Could not read the outbox backlog", e);
        }
        Instant asOf = clock.instant();
        Map<String, Backlog> out = new HashMap<String, Backlog>();
        for (Map.Entry<String, long[]> e : acc.entrySet()) {
            long[] a = e.getValue();
            out.put(e.getKey(), new Backlog(a[0], a[1], a[2],
                    a[3] == Long.MAX_VALUE ? null : Instant.ofEpochMilli(a[3]), asOf));
        }
        return out;
    }

    @Override
    public OutboxRow lastError(String pixelId) {
        // The latest error is either a retry's, on a queue row, or one an outcome wrote into an event record.
        String pixel = pixelId == null ? "" : " AND pixel_id = ?";
        try (Connection c = dataSource.getConnection()) {
            long[] queued = latestError(c, "SELECT id, last_error_at FROM " + sql.queue()
                    + " WHERE last_error_at IS NOT NULL" + pixel + " ORDER BY last_error_at DESC, id DESC LIMIT 1",
                    pixelId);
            long[] recorded = latestError(c, "SELECT id, last_error_at FROM " + sql.events()
                    + " WHERE last_error_at IS NOT NULL" + pixel + " ORDER BY last_error_at DESC, id DESC LIMIT 1",
                    pixelId);
            long[] latest = queued == null ? recorded : recorded == null ? queued
                    : queued[1] > recorded[1] || (queued[1] == recorded[1] && queued[0] > recorded[0]) ? queued
                            : recorded;
            return latest == null ? null : row(c, latest[0], false);
        } catch (SQLException e) {
            throw new OutboxException("Could not read the last outbox error", e);
        }
    }

    private static long[] latestError(Connection c, String select, String pixelId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(select)) {
            if (pixelId != null) {
                ps.setString(1, pixelId);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new long[] {rs.getLong(1), rs.getLong(2)} : null;
            }
        }
    }

    @Override
    public OutboxPage search(OutboxSearch search, int offset, int limit) {
        if (offset < 0 || limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("offset must be >= 0 and limit 1..1000, were: " + offset + ", "
                    + limit);
        }
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        final List<String> params = new ArrayList<String>();
        if (search.pixelId() != null) {
            where.append(" AND e.pixel_id = ?");
            params.add(search.pixelId());
        }
        if (search.eventId() != null) {
            where.append(" AND e.event_id = ?");
            params.add(search.eventId());
        }
        if (search.eventName() != null) {
            where.append(" AND e.event_name = ?");
            params.add(search.eventName());
        }
        if (search.key() != null) {
            where.append(" AND (e.confirmation_key = ? OR e.order_number = ?)");
            params.add(search.key());
            params.add(search.key());
        }
        if (search.status() == OutboxStatus.IN_FLIGHT) {
            where.append(" AND q.lease_owner IS NOT NULL");
        } else if (search.status() != null) {
            where.append(" AND e.status = ? AND q.lease_owner IS NULL");
            params.add(search.status().name());
        }
        String from = " FROM " + sql.events() + " e LEFT JOIN " + sql.queue() + " q ON q.id = e.id";
        try (Connection c = dataSource.getConnection()) {
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*)" + from + where)) {
                bindStrings(ps, params);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<OutboxRow> rows = new ArrayList<OutboxRow>();
            try (PreparedStatement ps = c.prepareStatement(sql.rowSelect(false) + where
                    + " ORDER BY e.id DESC LIMIT ? OFFSET ?")) {
                int i = bindStrings(ps, params);
                ps.setInt(i++, limit);
                ps.setInt(i, offset);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(OutboxRow.read(rs, false));
                    }
                }
            }
            return new OutboxPage(rows, total, offset, limit);
        } catch (SQLException e) {
            throw new OutboxException("Could not search the outbox", e);
        }
    }

    @Override
    public OutboxRow findById(long id) {
        try (Connection c = dataSource.getConnection()) {
            return row(c, id, true);
        } catch (SQLException e) {
            throw new OutboxException("Could not read outbox row " + id, e);
        }
    }

    private OutboxRow row(Connection c, long id, boolean withPayload) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.rowSelect(withPayload) + " WHERE e.id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OutboxRow.read(rs, withPayload) : null;
            }
        }
    }

    @Override
    public List<MatchKeyCoverage> matchKeyCoverage(Instant since) {
        return matchKeyCoverage(since, JdbcOutbox.DEFAULT_MATCH_KEYS);
    }

    @Override
    public List<MatchKeyCoverage> matchKeyCoverage(Instant since, List<String> keys) {
        List<MatchKeyCoverage> out = new ArrayList<MatchKeyCoverage>();
        try (Connection c = dataSource.getConnection()) {
            Dialect d = schema.dialect(c);
            StringBuilder select = new StringBuilder("SELECT event_name, COUNT(*)");
            String listed = d.concat("','", "match_keys", "','");
            for (String key : keys) {
                // Keys go into the SQL text, so only plain lowercase keys are accepted.
                if (key == null || !key.matches("[a-z_]{1,40}")) {
                    throw new IllegalArgumentException("match keys are lowercase letters and _, was: " + key);
                }
                select.append(", SUM(CASE WHEN ").append(listed).append(" LIKE '%,").append(key)
                        .append(",%' THEN 1 ELSE 0 END)");
            }
            select.append(" FROM ").append(sql.events())
                    .append(" WHERE created_at >= ? GROUP BY event_name ORDER BY event_name");
            try (PreparedStatement ps = c.prepareStatement(select.toString())) {
                ps.setLong(1, since.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Map<String, Long> withKey = new LinkedHashMap<String, Long>();
                        for (int k = 0; k < keys.size(); k++) {
                            withKey.put(keys.get(k), rs.getLong(3 + k));
                        }
                        out.add(new MatchKeyCoverage(rs.getString(1), rs.getLong(2), withKey));
                    }
                }
            }
            return out;
        } catch (SQLException e) {
            throw new OutboxException("Could not compute match-key coverage", e);
        }
    }

    @Override
    public Map<String, String> sentPayloads(String eventName, String eventId) {
        Map<String, String> out = new LinkedHashMap<String, String>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT pixel_id, payload FROM " + sql.events()
                        + " WHERE event_name = ? AND event_id = ? AND status = 'SENT'")) {
            ps.setString(1, eventName);
            ps.setString(2, eventId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        } catch (SQLException e) {
            throw new OutboxException("Could not look up the sent " + eventName + " event_id=" + eventId, e);
        }
        return out;
    }

    private static int bindStrings(PreparedStatement ps, List<String> params) throws SQLException {
        int i = 1;
        for (String p : params) {
            ps.setString(i++, p);
        }
        return i;
    }
}
