package io.github.broadleafmeta.core.outbox;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Read side for the catalog health check: the {@code custom_data.content_ids} of the outbox events recorded since a
 * time, counted per event name. A read-only query over the stored payloads (hashed user data is never parsed: only
 * {@code custom_data} is read), streamed row by row; what it keeps is one counter per distinct id.
 */
public final class OutboxContentIds {

    private static final JsonFactory JSON = new JsonFactory();

    private final DataSource dataSource;
    private final String table;

    /** @param table the outbox table, {@link OutboxConfig#DEFAULT_TABLE_NAME} unless configured otherwise */
    public OutboxContentIds(DataSource dataSource, String table) {
        if (dataSource == null || table == null || !table.matches("[A-Za-z_][A-Za-z0-9_.]*")) {
            throw new IllegalArgumentException("dataSource and a plain table name are required, table was: " + table);
        }
        this.dataSource = dataSource;
        this.table = table;
    }

    /** Event name → content id → number of events that reported it, for events created at or after {@code since}. */
    public Map<String, Map<String, Long>> since(Instant since) {
        Map<String, Map<String, Long>> out = new TreeMap<String, Map<String, Long>>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT event_name, payload FROM " + table + " WHERE created_at >= ?")) {
            ps.setLong(1, since.toEpochMilli());
            ps.setFetchSize(500);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Long> ids = out.get(rs.getString(1));
                    if (ids == null) {
                        ids = new HashMap<String, Long>();
                        out.put(rs.getString(1), ids);
                    }
                    readContentIds(rs.getString(2), ids);
                }
            }
        } catch (SQLException e) {
            throw new OutboxException("reading content ids from " + table + " failed: " + e.getMessage(), e);
        }
        return out;
    }

    /** Adds the ids of {@code custom_data.content_ids} (each once per event); a malformed payload adds nothing. */
    static void readContentIds(String payload, Map<String, Long> counts) {
        if (payload == null) {
            return;
        }
        try (JsonParser p = JSON.createParser(payload)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.getCurrentName();
                p.nextToken();
                if (!"custom_data".equals(field) || p.currentToken() != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.getCurrentName();
                    p.nextToken();
                    if ("content_ids".equals(name) && p.currentToken() == JsonToken.START_ARRAY) {
                        Set<String> once = new HashSet<String>();
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            if (p.currentToken() == JsonToken.VALUE_STRING && once.add(p.getText())) {
                                Long n = counts.get(p.getText());
                                counts.put(p.getText(), n == null ? 1L : n + 1);
                            } else {
                                p.skipChildren();
                            }
                        }
                        return;
                    }
                    p.skipChildren();
                }
                return;
            }
        } catch (IOException e) {
            // a payload that is not JSON cannot hold ids; the health panel counts what it can read
        }
    }
}
