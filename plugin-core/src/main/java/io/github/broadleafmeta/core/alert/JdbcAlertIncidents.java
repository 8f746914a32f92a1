package io.github.broadleafmeta.core.alert;

import io.github.broadleafmeta.core.jdbc.JdbcTables;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Incidents in the shared database, claimed so that several store nodes send one message, not one each.
 * {@value #STATE_TABLE} holds one row per rule and pixel with an {@code active} flag; a node starts an incident with
 * {@code UPDATE ... SET active = 1 WHERE ... AND active = 0} and ends it with the reverse, and only the node whose
 * update changed the row sends the message (row locks serialize the updates on HSQLDB, PostgreSQL and MariaDB; the
 * loser's WHERE no longer matches). The same transaction writes the history row in {@value #INCIDENT_TABLE}, which
 * the admin lists. Portable SQL only: no upsert, no identity column.
 */
public final class JdbcAlertIncidents {

    public static final String STATE_TABLE = "META_ALERT_STATE";
    public static final String INCIDENT_TABLE = "META_ALERT_INCIDENT";
    static final int MAX_DETAIL = 500;
    private static final Log LOG = LogFactory.getLog(JdbcAlertIncidents.class);

    private final DataSource dataSource;
    private final Clock clock;

    public JdbcAlertIncidents(DataSource dataSource, Clock clock) {
        if (dataSource == null || clock == null) {
            throw new IllegalArgumentException("dataSource and clock are required");
        }
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Creates the tables when missing (several nodes may start at once). */
    public void initialize() {
        try (Connection c = dataSource.getConnection()) {
            create(c, STATE_TABLE, "CREATE TABLE " + STATE_TABLE + " (rule_id VARCHAR(40) NOT NULL, "
                    + "pixel_id VARCHAR(32) NOT NULL, active INTEGER NOT NULL, started_at BIGINT, "
                    + "updated_at BIGINT NOT NULL, PRIMARY KEY (rule_id, pixel_id))");
            create(c, INCIDENT_TABLE, "CREATE TABLE " + INCIDENT_TABLE + " (rule_id VARCHAR(40) NOT NULL, "
                    + "pixel_id VARCHAR(32) NOT NULL, started_at BIGINT NOT NULL, ended_at BIGINT, "
                    + "start_detail VARCHAR(" + MAX_DETAIL + "), end_detail VARCHAR(" + MAX_DETAIL + "), "
                    + "started_by VARCHAR(100), PRIMARY KEY (rule_id, pixel_id, started_at))");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the alert tables " + STATE_TABLE + " and "
                    + INCIDENT_TABLE, e);
        }
    }

    private static void create(Connection c, String table, String ddl) throws SQLException {
        JdbcTables.createIfMissing(c, table, ddl);
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }

    // In the connection's own database: MariaDB's driver reads a null catalog as every database on the server.
    private static boolean tableExists(Connection c, String table) throws SQLException {
        return JdbcTables.exists(c, table);
    }

    /** Incidents that have not ended, oldest first. */
    public List<Incident> active() {
        return query("SELECT rule_id, pixel_id, started_at, ended_at, start_detail, end_detail FROM "
                + INCIDENT_TABLE + " WHERE ended_at IS NULL ORDER BY started_at", 1000);
    }

    /** The latest incidents (started or ended), newest first, at most {@code limit}. */
    public List<Incident> recent(int limit) {
        return query("SELECT rule_id, pixel_id, started_at, ended_at, start_detail, end_detail FROM "
                + INCIDENT_TABLE + " ORDER BY started_at DESC, rule_id, pixel_id", limit);
    }

    private List<Incident> query(String sql, int limit) {
        List<Incident> out = new ArrayList<Incident>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setMaxRows(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long ended = rs.getLong(4);
                    out.add(new Incident(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)),
                            rs.wasNull() ? null : Instant.ofEpochMilli(ended), rs.getString(5), rs.getString(6)));
                }
            }
            return Collections.unmodifiableList(out);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read " + INCIDENT_TABLE, e);
        }
    }

    /**
     * Claims the start of an incident of {@code ruleId} for {@code pixelId}. Returns it to exactly one caller
     * across all nodes; null when an incident of the rule and pixel is already active (another node was first).
     */
    public Incident tryStart(String ruleId, String pixelId, String detail, String nodeId) {
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection()) {
            ensureStateRow(c, ruleId, pixelId, now);
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                int claimed;
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + STATE_TABLE + " SET active = 1, "
                        + "started_at = ?, updated_at = ? WHERE rule_id = ? AND pixel_id = ? AND active = 0")) {
                    ps.setLong(1, now.toEpochMilli());
                    ps.setLong(2, now.toEpochMilli());
                    ps.setString(3, ruleId);
                    ps.setString(4, pixelId);
                    claimed = ps.executeUpdate();
                }
                if (claimed != 1) {
                    c.rollback();
                    return null;
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + INCIDENT_TABLE + " (rule_id, "
                        + "pixel_id, started_at, ended_at, start_detail, end_detail, started_by) "
                        + "VALUES (?, ?, ?, NULL, ?, NULL, ?)")) {
                    ps.setString(1, ruleId);
                    ps.setString(2, pixelId);
                    ps.setLong(3, now.toEpochMilli());
                    ps.setString(4, clip(detail));
                    ps.setString(5, clip(nodeId, 100));
                    ps.executeUpdate();
                }
                c.commit();
                return new Incident(ruleId, pixelId, now, null, clip(detail), null);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not claim an incident of " + ruleId + " for pixel " + pixelId, e);
        }
    }

    /** Claims the end of {@code incident}; the ended incident for exactly one caller, null for the others. */
    public Incident tryEnd(Incident incident, String detail) {
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                int claimed;
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + STATE_TABLE + " SET active = 0, "
                        + "updated_at = ? WHERE rule_id = ? AND pixel_id = ? AND active = 1 AND started_at = ?")) {
                    ps.setLong(1, now.toEpochMilli());
                    ps.setString(2, incident.ruleId());
                    ps.setString(3, incident.pixelId());
                    ps.setLong(4, incident.startedAt().toEpochMilli());
                    claimed = ps.executeUpdate();
                }
                if (claimed != 1) {
                    c.rollback();
                    return null;
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + INCIDENT_TABLE + " SET ended_at = ?, "
                        + "end_detail = ? WHERE rule_id = ? AND pixel_id = ? AND started_at = ?")) {
                    ps.setLong(1, now.toEpochMilli());
                    ps.setString(2, clip(detail));
                    ps.setString(3, incident.ruleId());
                    ps.setString(4, incident.pixelId());
                    ps.setLong(5, incident.startedAt().toEpochMilli());
                    ps.executeUpdate();
                }
                c.commit();
                return new Incident(incident.ruleId(), incident.pixelId(), incident.startedAt(), now,
                        incident.startDetail(), clip(detail));
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not end the incident " + incident, e);
        }
    }

    /** The state row must exist before the conditional update; two nodes inserting it at once is fine. */
    private static void ensureStateRow(Connection c, String ruleId, String pixelId, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT active FROM " + STATE_TABLE
                + " WHERE rule_id = ? AND pixel_id = ?")) {
            ps.setString(1, ruleId);
            ps.setString(2, pixelId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
        }
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(true); // own transaction: a duplicate key must not abort the claim's transaction
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + STATE_TABLE
                + " (rule_id, pixel_id, active, started_at, updated_at) VALUES (?, ?, 0, NULL, ?)")) {
            ps.setString(1, ruleId);
            ps.setString(2, pixelId);
            ps.setLong(3, now.toEpochMilli());
            ps.executeUpdate();
        } catch (SQLException e) {
            LOG.debug("alert state row inserted by another node", e);
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static String clip(String s) {
        return clip(s, MAX_DETAIL);
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    @Override
    public String toString() {
        return "JdbcAlertIncidents{" + STATE_TABLE + ", " + INCIDENT_TABLE + "}";
    }
}
