package io.github.broadleafmeta.core.settings;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.broadleafmeta.core.jdbc.JdbcTables;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

/**
 * The settings saved in the admin: one key/value table ({@code META_SETTINGS}) in the store's database, the
 * highest-priority {@link SettingsSource}. Reads are served from a snapshot refreshed at most every
 * {@code cacheTtl}, so every node sees an admin edit within seconds without a database read per request.
 * A failed refresh keeps the last snapshot and is logged once per failure streak.
 *
 * <p>Secrets ({@link SettingsResolver#isSecret}) are stored encrypted by a {@link SecretCipher} whose key is not in
 * the database. Plaintext secrets saved by older versions are still read and are encrypted by {@link #initialize()}
 * (and by the next save); {@link #initialize()} also re-encrypts values readable only with the previous key after a
 * rotation. A secret that cannot be decrypted is not returned: {@link #unreadable(String)} says why.
 */
public final class JdbcSettingsStore implements SettingsSource {

    public static final String TABLE = "META_SETTINGS";
    public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(2);
    private static final Log LOG = LogFactory.getLog(JdbcSettingsStore.class);

    private final DataSource dataSource;
    private final Duration cacheTtl;
    private final Clock clock;
    private final SecretCipher cipher;
    private final SettingsHistory history;
    private final Object lock = new Object();
    private volatile Map<String, String> snapshot = Collections.emptyMap();
    private volatile Map<String, String> unreadable = Collections.emptyMap();
    private final Set<String> loggedUnreadable = ConcurrentHashMap.newKeySet();
    private volatile long loadedAtMillis = Long.MIN_VALUE;
    private boolean failing;

    /** Secrets encrypted with the key from this JVM's environment or key file ({@link SecretCipher#fromEnvironment}). */
    public JdbcSettingsStore(DataSource dataSource, Duration cacheTtl, Clock clock) {
        this(dataSource, cacheTtl, clock, SecretCipher.fromEnvironment());
    }

    public JdbcSettingsStore(DataSource dataSource, Duration cacheTtl, Clock clock, SecretCipher cipher) {
        if (dataSource == null || cacheTtl == null || clock == null || cipher == null) {
            throw new IllegalArgumentException("dataSource, cacheTtl, clock and cipher are required");
        }
        if (!cipher.isAvailable()) {
            LOG.error("Meta settings: no encryption key for saved secrets: " + cipher.unavailableReason()
                    + ". Saved access tokens cannot be read (delivery is held) and new ones cannot be saved.");
        }
        if (cacheTtl.isNegative()) {
            throw new IllegalArgumentException("cacheTtl must not be negative, was: " + cacheTtl);
        }
        this.dataSource = dataSource;
        this.cacheTtl = cacheTtl;
        this.clock = clock;
        this.cipher = cipher;
        this.history = new SettingsHistory(dataSource);
    }

    public JdbcSettingsStore(DataSource dataSource) {
        this(dataSource, DEFAULT_CACHE_TTL, Clock.systemUTC());
    }

    /**
     * Creates the table when it does not exist (several nodes may start at once), then encrypts plaintext secrets
     * and re-encrypts those readable only with the previous key.
     */
    public void initialize() {
        createTable();
        history.initialize();
        reencryptSecrets();
    }

    /** Who changed which setting when: every {@link #save} records its changes there. */
    public SettingsHistory history() {
        return history;
    }

    private void createTable() {
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

    /**
     * Encrypts plaintext secrets (saved before encryption existed) and re-encrypts those readable only with the
     * previous key, each row only if nobody changed it meanwhile. Failures are logged; reading still works.
     */
    void reencryptSecrets() {
        if (!cipher.isAvailable()) {
            return;
        }
        int rewritten = 0;
        try (Connection c = dataSource.getConnection()) {
            Map<String, String> stale = new HashMap<String, String>();
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT setting_key, setting_value FROM " + TABLE)) {
                while (rs.next()) {
                    String key = rs.getString(1);
                    String value = rs.getString(2);
                    if (value != null && SettingsResolver.isSecret(key) && cipher.needsReencryption(key, value)) {
                        stale.put(key, value);
                    }
                }
            }
            try (PreparedStatement update = c.prepareStatement("UPDATE " + TABLE
                    + " SET setting_value = ? WHERE setting_key = ? AND setting_value = ?")) {
                for (Map.Entry<String, String> e : stale.entrySet()) {
                    update.setString(1, cipher.encrypt(e.getKey(), cipher.decrypt(e.getKey(), e.getValue())));
                    update.setString(2, e.getKey());
                    update.setString(3, e.getValue());
                    rewritten += update.executeUpdate();
                }
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
        } catch (SQLException e) {
            LOG.warn("Meta settings: could not encrypt the saved secrets yet (" + e + "); retried at next start");
            return;
        }
        if (rewritten > 0) {
            LOG.info("Meta settings: encrypted " + rewritten + " saved secret(s) with the key from " + cipher.origin());
        }
        synchronized (lock) {
            loadedAtMillis = Long.MIN_VALUE;
        }
    }

    private static boolean tableExists(Connection c) throws SQLException {
        return JdbcTables.exists(c, TABLE);
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

    /** Why a saved secret cannot be read (no key, wrong key), or null when it can be or is not saved. */
    @Override
    public String unreadable(String key) {
        values();
        return unreadable.get(key);
    }

    /** The cipher protecting saved secrets (its availability and origin are shown to the admin). */
    public SecretCipher cipher() {
        return cipher;
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
                Map<String, String> failed = new HashMap<String, String>();
                snapshot = load(failed);
                unreadable = Collections.unmodifiableMap(failed);
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

    private Map<String, String> load(Map<String, String> failed) throws SQLException {
        Map<String, String> values = new HashMap<String, String>();
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT setting_key, setting_value FROM " + TABLE)) {
            while (rs.next()) {
                String key = rs.getString(1);
                String value = rs.getString(2);
                if (value == null) {
                    continue;
                }
                if (!SettingsResolver.isSecret(key)) {
                    values.put(key, value);
                    continue;
                }
                try {
                    values.put(key, cipher.decrypt(key, value));
                } catch (SecretCipher.UnreadableSecretException e) {
                    failed.put(key, "cannot be decrypted: " + e.getMessage());
                    if (loggedUnreadable.add(key + '\n' + e.getMessage())) {
                        LOG.error("Meta settings: the saved " + key + " cannot be decrypted (" + e.getMessage()
                                + "); events of its pixel are held until the right key is configured or the "
                                + "secret is saved again");
                    }
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
        // Encrypt first: without a key nothing is written at all.
        Map<String, String> stored = new HashMap<String, String>();
        for (Map.Entry<String, String> e : changes.entrySet()) {
            stored.put(e.getKey(), e.getValue() != null && SettingsResolver.isSecret(e.getKey())
                    ? cipher.encrypt(e.getKey(), e.getValue()) : e.getValue());
        }
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM " + TABLE + " WHERE setting_key = ?");
                    PreparedStatement insert = c.prepareStatement("INSERT INTO " + TABLE
                            + " (setting_key, setting_value, updated_at, updated_by) VALUES (?, ?, ?, ?)")) {
                long now = clock.millis();
                history.record(c, storedValues(c, changes.keySet()), changes, updatedBy, now);
                for (Map.Entry<String, String> e : stored.entrySet()) {
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

    /** The stored (for secrets: encrypted) values of {@code keys}, read on the saving transaction. */
    private static Map<String, String> storedValues(Connection c, Set<String> keys) throws SQLException {
        Map<String, String> values = new HashMap<String, String>();
        try (PreparedStatement select = c.prepareStatement("SELECT setting_value FROM " + TABLE
                + " WHERE setting_key = ?")) {
            for (String key : keys) {
                select.setString(1, key);
                try (ResultSet rs = select.executeQuery()) {
                    if (rs.next()) {
                        values.put(key, rs.getString(1));
                    }
                }
            }
        }
        return values;
    }

    @Override
    public String toString() {
        return "JdbcSettingsStore{" + TABLE + ", ttl=" + cacheTtl + "}";
    }
}
