package io.github.broadleafmeta.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads the plugin's outbox table in the store's database. */
final class OutboxRows {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final class Row {
        String eventName;
        String eventId;
        String status;
        JsonNode payload;
        String matchKeys;
        boolean browserRendered;
    }

    /**
     * An event's copy counts as rendered when it rendered with the page that recorded it (browser_rendered_at) or
     * later (a row in the outbox v2 side table META_EVENT_OUTBOX_RENDERED).
     */
    private static final String ROWS = "SELECT e.event_name, e.event_id, e.status, e.payload, e.match_keys, "
            + "COALESCE(e.browser_rendered_at, r.rendered_at) FROM META_EVENT_OUTBOX e LEFT JOIN "
            + "META_EVENT_OUTBOX_RENDERED r ON r.pixel_id = e.pixel_id AND r.event_name = e.event_name "
            + "AND r.event_id = e.event_id";

    static Row byEventId(String eventId) throws Exception {
        List<Row> rows = query(ROWS + " WHERE e.event_id = ?", eventId);
        return rows.isEmpty() ? null : rows.get(0);
    }

    static long count(String eventName) throws Exception {
        return query(ROWS + " WHERE e.event_name = ?", eventName).size();
    }

    static long countPayloadsContaining(String text) throws Exception {
        BackgroundWrites.settle();
        try (Connection db = RunningStore.database();
                PreparedStatement q = db.prepareStatement(
                        "SELECT COUNT(*) FROM META_EVENT_OUTBOX WHERE LOWER(payload) LIKE ?")) {
            q.setString(1, "%" + text.toLowerCase() + "%");
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Every row's payload, lower-cased (to find raw values that normalization only lower-cased). */
    static List<String> allPayloadsLowerCase() throws Exception {
        BackgroundWrites.settle();
        List<String> payloads = new ArrayList<>();
        try (Connection db = RunningStore.database(); Statement q = db.createStatement();
                ResultSet rs = q.executeQuery("SELECT payload FROM META_EVENT_OUTBOX")) {
            while (rs.next()) {
                payloads.add(rs.getString(1).toLowerCase(Locale.ROOT));
            }
        }
        return payloads;
    }

    /** Waits (bounded) until the row reaches {@code status}. */
    static Row awaitStatus(String eventId, String status) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        Row row = byEventId(eventId);
        while (System.currentTimeMillis() < deadline && (row == null || !status.equals(row.status))) {
            Thread.sleep(200);
            row = byEventId(eventId);
        }
        if (row == null || !status.equals(row.status)) {
            throw new AssertionError("event " + eventId + " did not reach " + status + " (is "
                    + (row == null ? "absent" : row.status) + ")");
        }
        return row;
    }

    /** The row as the database holds it this moment, without waiting for the background writer. */
    static Row byEventIdNow(String eventId) throws Exception {
        List<Row> rows = queryNow("SELECT event_name, event_id, status, payload, match_keys, browser_rendered_at"
                + " FROM META_EVENT_OUTBOX WHERE event_id = ?", eventId);
        return rows.isEmpty() ? null : rows.get(0);
    }

    private static List<Row> query(String sql, String arg) throws Exception {
        BackgroundWrites.settle();
        return queryNow(sql, arg);
    }

    private static List<Row> queryNow(String sql, String arg) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (Connection db = RunningStore.database(); PreparedStatement q = db.prepareStatement(sql)) {
            q.setString(1, arg);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    Row r = new Row();
                    r.eventName = rs.getString(1);
                    r.eventId = rs.getString(2);
                    r.status = rs.getString(3);
                    r.payload = JSON.readTree(rs.getString(4));
                    r.matchKeys = rs.getString(5);
                    rs.getLong(6);
                    r.browserRendered = !rs.wasNull();
                    rows.add(r);
                }
            }
        }
        return rows;
    }

    private OutboxRows() {
    }
}
