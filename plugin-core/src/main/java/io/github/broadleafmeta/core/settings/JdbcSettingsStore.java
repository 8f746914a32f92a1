package io.github.broadleafmeta.core.settings;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

/**
 * The settings saved in the admin: one key/value table ({@code META_SETTINGS}) in the store's database, the
 * highest-priority {@link SettingsSource}. Reads are served from a snapshot refreshed at most every
 * {@code cacheTtl}, so every node sees an admin edit within seconds without a database read per request.
 * A failed refresh keeps the last snapshot and is logged once per failure streak.
 */
public final class JdbcSettingsStore implements SettingsSource {

    public static final String TABLE = "META_SETTINGS";
    public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(2);
    private static final Log LOG = LogFactory.getLog(JdbcSettingsStore.class);

    private final DataSource dataSource;
    private final Duration cacheTtl;
    private final Clock clock;
    private final Object lock = new Object();
    private volatile Map<String, String> snapshot = Collections.emptyMap();
    private volatile long loadedAtMillis = Long.MIN_VALUE;
    private boolean failing;

    public JdbcSettingsStore(DataSource dataSource, Duration cacheTtl, Clock clock) {
        if (dataSource == null || cacheTtl == null || clock == null) {
            throw new IllegalArgumentException("dataSource, cacheTtl and clock are required");
        }
        if (cacheTtl.isNegative()) {
            throw new IllegalArgumentException("cacheTtl must not be negative, was: " + cacheTtl);
        }
        this.dataSource = dataSource;
        this.cacheTtl = cacheTtl;
        this.clock = clock;
    }

    public JdbcSettingsStore(DataSource dataSource) {
        this(dataSource, DEFAULT_CACHE_TTL, Clock.systemUTC());
    }

    /** Creates the table when it does not exist (several nodes may start at once). */
    public void initialize() {
        try (Connection c = dataSource.getConnection()) {
            if (tableExists(c)) {
                return;
            }
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE " + TABLE + " (setting_key VARCHAR(100) NOT NULL PRIMARY KEY, "
                        + "setting_value VARCHAR(4000), updated_at BIGINT NOT NULL, updated_by VARCHAR(100))");
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
            throw new IllegalStateException("Could not create the settings table " + TABLE, e);
        }
    }

    private static boolean tableExists(Connection c) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        for (String name : new String[] {TABLE, TABLE.toLowerCase(java.util.Locale.ROOT)}) {
            try (ResultSet rs = meta.getTables(null, null, name, new String[] {"TABLE"})) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public String get(String key) {
        return values().get(key);
    }

    @Override
    public String name() {
        return "admin";
    }

    @Override
    public String describe(String key) {
        return "saved in the admin";
    }

    /** All saved values (secrets included: callers must not display them). */
    public Map<String, String> values() {
        long now = clock.millis();
        if (now - loadedAtMillis >= cacheTtl.toMillis() || loadedAtMillis == Long.MIN_VALUE) {
            refresh(now);
        }
        return snapshot;
    }

    private void refresh(long now) {
        synchronized (lock) {
            if (now - loadedAtMillis < cacheTtl.toMillis() && loadedAtMillis != Long.MIN_VALUE) {
                return;
            }
            try {
                snapshot = load();
                if (failing) {
                    LOG.info("Meta settings: reading " + TABLE + " works again");
                }
                failing = false;
            } catch (SQLException e) {
                if (!failing) {
                    LOG.warn("Meta settings: could not read " + TABLE + " (keeping the last values): " + e);
                }
                failing = true;
            }
            loadedAtMillis = now;
        }
    }

    private Map<String, String> load() throws SQLException {
        Map<String, String> values = new HashMap<String, String>();
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT setting_key, setting_value FROM " + TABLE)) {
            while (rs.next()) {
                String value = rs.getString(2);
                if (value != null) {
                    values.put(rs.getString(1), value);
                }
            }
        }
        return Collections.unmodifiableMap(values);
    }

    /**
     * Saves values in one transaction: a non-null value is stored, a null value deletes the key (the setting then
     * comes from the environment or its default again). Visible to this node at once.
     */
    public void save(Map<String, String> changes, String updatedBy) {
        if (changes.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM " + TABLE + " WHERE setting_key = ?");
                    PreparedStatement insert = c.prepareStatement("INSERT INTO " + TABLE
                            + " (setting_key, setting_value, updated_at, updated_by) VALUES (?, ?, ?, ?)")) {
                long now = clock.millis();
                for (Map.Entry<String, String> e : changes.entrySet()) {
                    delete.setString(1, e.getKey());
                    delete.executeUpdate();
                    if (e.getValue() != null) {
                        insert.setString(1, e.getKey());
                        insert.setString(2, e.getValue());
                        insert.setLong(3, now);
                        insert.setString(4, updatedBy);
                        insert.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not save the Meta settings", e);
        }
        synchronized (lock) {
            loadedAtMillis = Long.MIN_VALUE;
        }
    }

    @Override
    public String toString() {
        return "JdbcSettingsStore{" + TABLE + ", ttl=" + cacheTtl + "}";
    }
}
