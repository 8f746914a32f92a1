package io.github.broadleafmeta.core.settings;

import io.github.broadleafmeta.core.jdbc.JdbcTables;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import javax.sql.DataSource;

/**
 * Every change of an admin-saved setting ({@value #TABLE}): when, by whom, key, old → new. Written by
 * {@link JdbcSettingsStore#save} inside the save's own transaction, so a change and its record commit together.
 * Secrets are recorded as "changed" only: neither their plaintext nor their ciphertext is stored here.
 *
 * <p>Portable SQL (HSQLDB, PostgreSQL, MySQL/MariaDB): a random text id as primary key instead of an
 * identity column, epoch milliseconds in a BIGINT.
 */
public final class SettingsHistory {

    public static final String TABLE = "META_SETTINGS_HISTORY";
    /** Longest value kept: the settings table's own column size. */
    static final int MAX_VALUE = 4000;

    private final DataSource dataSource;

    public SettingsHistory(DataSource dataSource) {
        if (dataSource == null) {
            throw new IllegalArgumentException("dataSource is required");
        }
        this.dataSource = dataSource;
    }

    /** Creates the table when it does not exist (several nodes may start at once). */
    public void initialize() {
        try (Connection c = dataSource.getConnection()) {
            if (tableExists(c)) {
                return;
            }
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE " + TABLE + " (id VARCHAR(36) NOT NULL PRIMARY KEY, "
                        + "changed_at BIGINT NOT NULL, changed_by VARCHAR(100) NOT NULL, "
                        + "setting_key VARCHAR(100) NOT NULL, old_value VARCHAR(4000), new_value VARCHAR(4000), "
                        + "secret_value INT NOT NULL)");
                s.execute("CREATE INDEX " + TABLE + "_AT_IX ON " + TABLE + " (changed_at)");
                s.execute("CREATE INDEX " + TABLE + "_KEY_IX ON " + TABLE + " (setting_key, changed_at)");
            } catch (SQLException e) {
                if (!tableExists(c)) {
                    throw e;
                }
                // Another node created it first.
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the settings history table " + TABLE, e);
        }
    }

    // In the connection's own database: MariaDB's driver reads a null catalog as every database on the server.
    private static boolean tableExists(Connection c) throws SQLException {
        return JdbcTables.exists(c, TABLE);
    }

    /**
     * Records the changes on the caller's connection and transaction. {@code before} holds the stored values of
     * the changed keys before the save (absent or null: not saved); {@code changes} the plaintext new values (null:
     * removed). Keys whose value does not change are not recorded, except secrets, whose old value is
     * encrypted and cannot be compared: a secret in {@code changes} is always recorded as changed.
     */
    void record(Connection c, Map<String, String> before, Map<String, String> changes, String changedBy, long at)
            throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + TABLE
                + " (id, changed_at, changed_by, setting_key, old_value, new_value, secret_value)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            String who = changedBy == null || changedBy.trim().isEmpty() ? "unknown" : truncate(changedBy.trim(), 100);
            for (Map.Entry<String, String> e : changes.entrySet()) {
                String key = e.getKey();
                boolean secret = SettingsResolver.isSecret(key);
                String old = before.get(key);
                if (!secret && Objects.equals(old, e.getValue())) {
                    continue;
                }
                if (secret && old == null && e.getValue() == null) {
                    continue;
                }
                insert.setString(1, UUID.randomUUID().toString());
                insert.setLong(2, at);
                insert.setString(3, who);
                insert.setString(4, key);
                insert.setString(5, secret ? null : truncate(old, MAX_VALUE));
                insert.setString(6, secret ? null : truncate(e.getValue(), MAX_VALUE));
                insert.setInt(7, secret ? 1 : 0);
                insert.executeUpdate();
            }
        }
    }

    private static String truncate(String v, int max) {
        return v == null || v.length() <= max ? v : v.substring(0, max);
    }

    /** Number of recorded changes. */
    public long count() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + TABLE)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not count the settings history", e);
        }
    }

    /** Recorded changes, newest first. */
    public List<SettingsChange> recent(int offset, int limit) {
        if (offset < 0 || limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("offset must be >= 0 and limit 1..1000, were: " + offset + ", "
                    + limit);
        }
        return query("SELECT changed_at, changed_by, setting_key, old_value, new_value, secret_value FROM " + TABLE
                + " ORDER BY changed_at DESC, setting_key LIMIT " + limit + " OFFSET " + offset);
    }

    /** One key's recorded changes, oldest first. */
    public List<SettingsChange> changesOf(String key) {
        return query("SELECT changed_at, changed_by, setting_key, old_value, new_value, secret_value FROM " + TABLE
                + " WHERE setting_key = ? ORDER BY changed_at, id", key);
    }

    /**
     * The value the admin had saved for {@code key} at {@code at}, from the history: the new value of the last
     * change at or before {@code at}, else the old value of the first change after it. {@link Known#unknown()}
     * when the key was never changed through a recorded save.
     */
    public Known valueAt(String key, Instant at) {
        List<SettingsChange> changes = changesOf(key);
        if (changes.isEmpty()) {
            return Known.unknown();
        }
        SettingsChange lastBefore = null;
        for (SettingsChange change : changes) {
            if (change.changedAt().isAfter(at)) {
                return lastBefore != null ? Known.of(lastBefore.newValue()) : Known.of(change.oldValue());
            }
            lastBefore = change;
        }
        return Known.of(lastBefore.newValue());
    }

    private List<SettingsChange> query(String sql, String... args) {
        List<SettingsChange> out = new ArrayList<SettingsChange>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new SettingsChange(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getInt(6) != 0));
                }
            }
            if (!c.getAutoCommit()) {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the settings history", e);
        }
        return out;
    }

    /** A saved value at a past moment, or "the history does not say". A known null means "not saved then". */
    public static final class Known {
        private static final Known UNKNOWN = new Known(false, null);
        private final boolean known;
        private final String value;

        private Known(boolean known, String value) {
            this.known = known;
            this.value = value;
        }

        static Known of(String value) {
            return new Known(true, value);
        }

        public static Known unknown() {
            return UNKNOWN;
        }

        public boolean isKnown() {
            return known;
        }

        /** The saved value (null: not saved, the environment or default applied); null when unknown. */
        public String value() {
            return value;
        }
    }
}
