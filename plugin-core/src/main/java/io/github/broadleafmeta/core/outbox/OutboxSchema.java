package io.github.broadleafmeta.core.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The outbox's schema: creates it, applies the {@link Dialect#migrations migrations} a database lacks, and knows
 * the dialect every other side of the outbox writes SQL for.
 */
final class OutboxSchema {

    private static final Log LOG = LogFactory.getLog(OutboxSchema.class);

    private final DataSource dataSource;
    private final OutboxConfig config;
    private final Clock clock;
    private volatile Dialect dialect;

    OutboxSchema(DataSource dataSource, OutboxConfig config, Clock clock) {
        this.dataSource = dataSource;
        this.config = config;
        this.clock = clock;
    }

    /** Every migration; see {@link JdbcOutbox#initialize()}. */
    void initialize() {
        migrateTo(Integer.MAX_VALUE);
    }

    /** Applies the migrations up to {@code version} only (tests build an older schema with it). */
    void migrateTo(int version) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(true);
            try {
                Dialect d = dialect(c);
                executeTolerant(c, d, d.createSchemaTable(config.schemaTableName()));
                int current = currentVersion(c);
                List<List<String>> migrations = d.migrations(config.tableName());
                for (int v = current + 1; v <= Math.min(version, migrations.size()); v++) {
                    for (String sql : migrations.get(v - 1)) {
                        executeTolerant(c, d, sql);
                    }
                    recordVersion(c, d, v);
                    LOG.info("Meta event outbox: schema " + config.tableName() + " migrated to version " + v + " ("
                            + d + ")");
                }
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new OutboxException("Could not create or migrate the outbox schema " + config.tableName(), e);
        }
    }

    /** The dialect found so far, {@code null} before the first connection. */
    Dialect dialect() {
        return dialect;
    }

    /** The dialect of {@code c}'s database, detected once. */
    Dialect dialect(Connection c) throws SQLException {
        Dialect d = dialect;
        if (d == null) {
            d = Dialect.detect(c.getMetaData().getDatabaseProductName());
            dialect = d;
        }
        return d;
    }

    int version() {
        try (Connection c = dataSource.getConnection()) {
            return currentVersion(c);
        } catch (SQLException e) {
            throw new OutboxException("Could not read the outbox schema version", e);
        }
    }

    private int currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT MAX(version) FROM " + config.schemaTableName())) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private void recordVersion(Connection c, Dialect d, int version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + config.schemaTableName()
                + " (version, applied_at) VALUES (?, ?)")) {
            ps.setInt(1, version);
            ps.setLong(2, clock.millis());
            ps.executeUpdate();
        } catch (SQLException e) {
            if (!d.isDuplicateKey(e)) {
                throw e;
            }
            // Another node recorded it first.
        }
    }

    private static void executeTolerant(Connection c, Dialect d, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            // A duplicate key: another node moved the same rows (migration 4) at the same moment.
            if (!d.isAlreadyExists(e) && !d.isDuplicateKey(e)) {
                throw e;
            }
            if (LOG.isDebugEnabled()) {
                LOG.debug("Meta event outbox: already applied: " + sql.substring(0, Math.min(60, sql.length())));
            }
        }
    }
}
