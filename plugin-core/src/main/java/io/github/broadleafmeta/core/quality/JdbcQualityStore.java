package io.github.broadleafmeta.core.quality;

import io.github.broadleafmeta.core.jdbc.JdbcTables;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stores every quality reading (tables {@value #READING_TABLE} and {@value #EVENT_TABLE}, created when missing) and
 * answers the trend and the {@link QualitySignals}. Portable SQL (BIGINT epoch millis, SMALLINT flags, DOUBLE
 * PRECISION, VARCHAR; no sequences), so HSQLDB, PostgreSQL and MariaDB/MySQL run it unchanged. Holds outcomes only:
 * no token, no customer data (Meta's figures are aggregates).
 */
public final class JdbcQualityStore implements QualitySignals {

    public static final String READING_TABLE = "META_QUALITY_READING";
    public static final String EVENT_TABLE = "META_QUALITY_EVENT";
    private static final Log LOG = LogFactory.getLog(JdbcQualityStore.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_MESSAGE = 1000;
    private static final int MAX_JSON = 4000;
    private static final String READING_COLUMNS = "pixel_id, read_at, dataset_state, dataset_message, token_state, "
            + "token_message, token_valid, token_expires_at, token_data_access_expires_at, token_scopes";

    private final DataSource dataSource;

    public JdbcQualityStore(DataSource dataSource) {
        if (dataSource == null) {
            throw new IllegalArgumentException("dataSource is required");
        }
        this.dataSource = dataSource;
    }

    /** Creates the tables when missing (several nodes may start at once). Never throws: logs instead. */
    public void initialize() {
        try (Connection c = dataSource.getConnection()) {
            JdbcTables.createIfMissing(c, READING_TABLE, "CREATE TABLE " + READING_TABLE + " (pixel_id VARCHAR(32) NOT NULL, "
                    + "read_at BIGINT NOT NULL, dataset_state VARCHAR(32) NOT NULL, dataset_message VARCHAR(1000), "
                    + "token_state VARCHAR(32) NOT NULL, token_message VARCHAR(1000), token_valid SMALLINT, "
                    + "token_expires_at BIGINT, token_data_access_expires_at BIGINT, token_scopes VARCHAR(4000), "
                    + "PRIMARY KEY (pixel_id, read_at))");
            JdbcTables.createIfMissing(c, EVENT_TABLE, "CREATE TABLE " + EVENT_TABLE + " (pixel_id VARCHAR(32) NOT NULL, "
                    + "read_at BIGINT NOT NULL, event_name VARCHAR(100) NOT NULL, emq_score DOUBLE PRECISION, "
                    + "event_coverage DOUBLE PRECISION, event_coverage_goal DOUBLE PRECISION, "
                    + "upload_frequency VARCHAR(64), match_keys VARCHAR(4000), dedupe_feedback VARCHAR(4000), "
                    + "PRIMARY KEY (pixel_id, read_at, event_name))");
            if (!c.getAutoCommit()) {
                c.commit();
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Meta quality: could not create " + READING_TABLE + "/" + EVENT_TABLE
                    + " (readings are not kept): " + e);
        }
    }


    // ------------------------------------------------------------------------------------------------ writing

    /** Saves one reading and its event rows in one transaction. */
    public void save(QualityReading r) {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                insertReading(c, r);
                insertEvents(c, r);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not save the quality reading of pixel " + r.pixelId() + ": "
                    + e.getMessage(), e);
        }
    }

    private static void insertReading(Connection c, QualityReading r) throws SQLException {
        TokenHealth t = r.token();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + READING_TABLE + " (" + READING_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, r.pixelId());
            ps.setLong(2, r.readAt().toEpochMilli());
            ps.setString(3, r.dataset().state().name());
            ps.setString(4, cut(r.dataset().message(), MAX_MESSAGE));
            ps.setString(5, t.state().name());
            ps.setString(6, cut(t.message(), MAX_MESSAGE));
            if (t.valid() == null) {
                ps.setNull(7, Types.SMALLINT);
            } else {
                ps.setShort(7, (short) (t.valid() ? 1 : 0));
            }
            setInstant(ps, 8, t.expiresAt());
            setInstant(ps, 9, t.dataAccessExpiresAt());
            ps.setString(10, cut(String.join(",", t.scopes()), MAX_JSON));
            ps.executeUpdate();
        }
    }

    private static void insertEvents(Connection c, QualityReading r) throws SQLException {
        if (r.dataset().events().isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + EVENT_TABLE + " (pixel_id, read_at, "
                + "event_name, emq_score, event_coverage, event_coverage_goal, upload_frequency, match_keys, "
                + "dedupe_feedback) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (EventQuality e : r.dataset().events()) {
                ps.setString(1, r.pixelId());
                ps.setLong(2, r.readAt().toEpochMilli());
                ps.setString(3, cut(e.eventName(), 100));
                setDouble(ps, 4, e.emqScore());
                setDouble(ps, 5, e.eventCoverage());
                setDouble(ps, 6, e.eventCoverageGoal());
                ps.setString(7, cut(e.uploadFrequency(), 64));
                ps.setString(8, json(MAPPER.valueToTree(e.matchKeyCoverage())));
                ArrayNode dedupe = MAPPER.createArrayNode();
                for (DedupeKeyFeedback d : e.dedupeFeedback()) {
                    ObjectNode o = dedupe.addObject();
                    o.put("key", d.dedupeKey());
                    o.put("browser", d.browserEventsWithKey());
                    o.put("server", d.serverEventsWithKey());
                    o.put("browserCoverage", d.browserCoverageFromKey());
                }
                ps.setString(9, json(dedupe));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Deletes readings older than {@code before}; returns how many readings went. */
    public int prune(Instant before) {
        try (Connection c = dataSource.getConnection()) {
            int n;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + EVENT_TABLE + " WHERE read_at < ?")) {
                ps.setLong(1, before.toEpochMilli());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + READING_TABLE + " WHERE read_at < ?")) {
                ps.setLong(1, before.toEpochMilli());
                n = ps.executeUpdate();
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
            return n;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not prune quality readings: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------------------------------------ reading

    /** The newest reading of a pixel, or null. */
    public QualityReading latest(String pixelId) {
        List<QualityReading> one = history(pixelId, 1);
        return one.isEmpty() ? null : one.get(0);
    }

    /** When the pixel was last read, or null. */
    public Instant lastReadAt(String pixelId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT MAX(read_at) FROM " + READING_TABLE
                        + " WHERE pixel_id = ?")) {
            ps.setString(1, pixelId);
            try (ResultSet rs = ps.executeQuery()) {
                long v = rs.next() ? rs.getLong(1) : 0;
                return rs.wasNull() || v == 0 ? null : Instant.ofEpochMilli(v);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the last quality reading: " + e.getMessage(), e);
        }
    }

    /** The newest {@code limit} readings of a pixel, newest first, each with its event figures. */
    public List<QualityReading> history(String pixelId, int limit) {
        List<Object[]> heads = new ArrayList<Object[]>();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + READING_COLUMNS + " FROM " + READING_TABLE
                    + " WHERE pixel_id = ? ORDER BY read_at DESC")) {
                ps.setString(1, pixelId);
                ps.setMaxRows(Math.max(1, limit));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next() && heads.size() < limit) {
                        heads.add(readHead(rs));
                    }
                }
            }
            if (heads.isEmpty()) {
                return Collections.emptyList();
            }
            long oldest = ((Instant) heads.get(heads.size() - 1)[0]).toEpochMilli();
            Map<Long, List<EventQuality>> events = new LinkedHashMap<Long, List<EventQuality>>();
            try (PreparedStatement ps = c.prepareStatement("SELECT read_at, event_name, emq_score, event_coverage, "
                    + "event_coverage_goal, upload_frequency, match_keys, dedupe_feedback FROM " + EVENT_TABLE
                    + " WHERE pixel_id = ? AND read_at >= ? ORDER BY read_at, event_name")) {
                ps.setString(1, pixelId);
                ps.setLong(2, oldest);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        List<EventQuality> list = events.get(rs.getLong(1));
                        if (list == null) {
                            list = new ArrayList<EventQuality>();
                            events.put(rs.getLong(1), list);
                        }
                        list.add(readEvent(rs));
                    }
                }
            }
            List<QualityReading> out = new ArrayList<QualityReading>(heads.size());
            for (Object[] h : heads) {
                Instant at = (Instant) h[0];
                DatasetQuality dataset = (DatasetQuality) h[1];
                if (dataset.state() == ReadState.OK) {
                    List<EventQuality> list = events.get(at.toEpochMilli());
                    dataset = DatasetQuality.ok(list == null ? Collections.<EventQuality>emptyList() : list);
                }
                out.add(new QualityReading(pixelId, at, dataset, (TokenHealth) h[2]));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read quality readings: " + e.getMessage(), e);
        }
    }

    private static Object[] readHead(ResultSet rs) throws SQLException {
        Instant at = Instant.ofEpochMilli(rs.getLong("read_at"));
        ReadState datasetState = state(rs.getString("dataset_state"));
        DatasetQuality dataset = datasetState == ReadState.OK ? DatasetQuality.ok(null)
                : DatasetQuality.failed(datasetState, rs.getString("dataset_message"));
        ReadState tokenState = state(rs.getString("token_state"));
        TokenHealth token;
        if (tokenState == ReadState.OK) {
            short valid = rs.getShort("token_valid");
            boolean isValid = !rs.wasNull() && valid == 1;
            String scopes = rs.getString("token_scopes");
            token = TokenHealth.read(isValid, instant(rs, "token_expires_at"),
                    instant(rs, "token_data_access_expires_at"), scopes == null || scopes.isEmpty()
                            ? Collections.<String>emptyList() : Arrays.asList(scopes.split(",")),
                    rs.getString("token_message"));
        } else {
            token = TokenHealth.failed(tokenState, rs.getString("token_message"));
        }
        return new Object[] {at, dataset, token};
    }

    private static EventQuality readEvent(ResultSet rs) throws SQLException {
        Map<String, Double> keys = new LinkedHashMap<String, Double>();
        List<DedupeKeyFeedback> dedupe = new ArrayList<DedupeKeyFeedback>();
        try {
            String k = rs.getString("match_keys");
            if (k != null) {
                JsonNode stored = MAPPER.readTree(k);
                stored.fieldNames().forEachRemaining(name -> keys.put(name, dbl(stored.get(name))));
            }
            String d = rs.getString("dedupe_feedback");
            if (d != null) {
                for (JsonNode n : MAPPER.readTree(d)) {
                    dedupe.add(new DedupeKeyFeedback(n.path("key").asText(), dbl(n.get("browser")),
                            dbl(n.get("server")), dbl(n.get("browserCoverage"))));
                }
            }
        } catch (IOException e) {
            // Written by this class; a truncated value loses the detail, not the reading.
            LOG.debug("Meta quality: unreadable detail of a stored reading", e);
        }
        return new EventQuality(rs.getString("event_name"), getDouble(rs, "emq_score"),
                keys, getDouble(rs, "event_coverage"), getDouble(rs, "event_coverage_goal"), dedupe,
                rs.getString("upload_frequency"));
    }

    // ------------------------------------------------------------------------------------------------ signals

    @Override
    public PurchaseQuality purchaseQuality(String pixelId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT read_at, emq_score FROM " + EVENT_TABLE
                        + " WHERE pixel_id = ? AND event_name = 'Purchase' AND emq_score IS NOT NULL "
                        + "ORDER BY read_at DESC")) {
            ps.setString(1, pixelId);
            ps.setMaxRows(2);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Instant latestAt = Instant.ofEpochMilli(rs.getLong(1));
                double latest = rs.getDouble(2);
                if (!rs.next()) {
                    return new PurchaseQuality(latest, latestAt, null, null);
                }
                return new PurchaseQuality(latest, latestAt, rs.getDouble(2), Instant.ofEpochMilli(rs.getLong(1)));
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Meta quality: could not read the Purchase match quality of pixel " + pixelId + ": " + e);
            return null;
        }
    }

    @Override
    public Long tokenDaysToExpiry(String pixelId, Instant now) {
        TokenHealth t = latestTokenHealth(pixelId);
        return t == null ? null : t.daysToExpiry(now);
    }

    @Override
    public TokenHealth latestTokenHealth(String pixelId) {
        try {
            QualityReading r = latest(pixelId);
            return r == null ? null : r.token();
        } catch (RuntimeException e) {
            LOG.warn("Meta quality: could not read the token health of pixel " + pixelId + ": " + e);
            return null;
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static ReadState state(String name) {
        try {
            return ReadState.valueOf(name);
        } catch (RuntimeException e) {
            return ReadState.FAILED;
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    private static Double getDouble(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    private static Double dbl(JsonNode n) {
        return n == null || !n.isNumber() ? null : n.doubleValue();
    }

    private static void setInstant(PreparedStatement ps, int i, Instant v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, v.toEpochMilli());
        }
    }

    private static void setDouble(PreparedStatement ps, int i, Double v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.DOUBLE);
        } else {
            ps.setDouble(i, v);
        }
    }

    private static String json(JsonNode node) {
        try {
            return cut(MAPPER.writeValueAsString(node), MAX_JSON);
        } catch (IOException e) {
            return null;
        }
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
