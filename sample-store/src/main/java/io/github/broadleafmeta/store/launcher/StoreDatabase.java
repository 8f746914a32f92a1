package io.github.broadleafmeta.store.launcher;

import io.github.broadleafmeta.core.jdbc.JdbcTables;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Plain-JDBC housekeeping the launcher does around Broadleaf's own start-up: is the database new (then the
 * storefront creates the schema and loads the seed data), the admin login, and a clean HSQLDB shutdown.
 */
final class StoreDatabase {

    /** Ids from a block of our own that Broadleaf's seed SQL does not use. */
    private static final long ADMIN_USER_ID = -9901L;
    private static final long ADMIN_MASTER_ROLE_ID = -1L;

    private final StoreSettings settings;

    StoreDatabase(StoreSettings settings) {
        this.settings = settings;
    }

    String driverClassName() {
        if (settings.jdbcUrl().startsWith("jdbc:postgresql:")) {
            return "org.postgresql.Driver";
        }
        return settings.jdbcUrl().startsWith("jdbc:mariadb:") ? "org.mariadb.jdbc.Driver" : "org.hsqldb.jdbc.JDBCDriver";
    }

    String hibernateDialect() {
        if (settings.jdbcUrl().startsWith("jdbc:postgresql:")) {
            return "org.hibernate.dialect.PostgreSQLDialect";
        }
        // Hibernate 4.1's dialect for MySQL 5+ on InnoDB (ENGINE=InnoDB tables); MariaDB speaks the same SQL.
        return settings.jdbcUrl().startsWith("jdbc:mariadb:") ? "org.hibernate.dialect.MySQL5InnoDBDialect"
                : "org.hibernate.dialect.HSQLDialect";
    }

    /** True when Broadleaf's catalog tables do not exist yet. */
    boolean isEmpty() throws SQLException {
        Connection c = connect();
        try {
            return !JdbcTables.exists(c, "BLC_PRODUCT");
        } finally {
            c.close();
        }
    }

    /**
     * Hibernate's import_files only log a failed statement; a store without its catalog or admin permissions must
     * not come up looking healthy.
     */
    void verifySeed() throws SQLException {
        for (String table : new String[] {"BLC_PRODUCT", "BLC_SKU", "BLC_ADMIN_PERMISSION", "BLC_ADMIN_SECTION",
            "SEQUENCE_GENERATOR", "BLC_ID_GENERATION"}) {
            if (count(table) == 0) {
                throw new IllegalStateException("Seeding the new database failed: " + table
                        + " is empty. See the SchemaExport errors in the log; the data directory can be deleted"
                        + " to start over.");
            }
        }
    }

    private long count(String table) throws SQLException {
        Connection c = connect();
        try {
            Statement s = c.createStatement();
            try {
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table);
                rs.next();
                return rs.getLong(1);
            } finally {
                s.close();
            }
        } finally {
            c.close();
        }
    }

    /** Creates the admin login, or resets its password to the configured one (so ADMIN_PASSWORD always applies). */
    void ensureAdminUser(String password) throws SQLException {
        Connection c = connect();
        try {
            c.setAutoCommit(false);
            PreparedStatement update = c.prepareStatement(
                    "UPDATE BLC_ADMIN_USER SET PASSWORD = ?, ACTIVE_STATUS_FLAG = ? WHERE LOGIN = 'admin'");
            try {
                update.setString(1, password);
                update.setBoolean(2, true);
                if (update.executeUpdate() == 0) {
                    insertAdmin(c, password);
                }
            } finally {
                update.close();
            }
            c.commit();
        } finally {
            c.close();
        }
    }

    private static void insertAdmin(Connection c, String password) throws SQLException {
        PreparedStatement insert = c.prepareStatement("INSERT INTO BLC_ADMIN_USER"
                + " (ADMIN_USER_ID, NAME, LOGIN, EMAIL, PASSWORD, ACTIVE_STATUS_FLAG) VALUES (?, ?, ?, ?, ?, ?)");
        try {
            insert.setLong(1, ADMIN_USER_ID);
            insert.setString(2, "Store Administrator");
            insert.setString(3, "admin");
            insert.setString(4, "admin@brewbeans.example");
            insert.setString(5, password);
            insert.setBoolean(6, true);
            insert.executeUpdate();
        } finally {
            insert.close();
        }
        PreparedStatement role = c.prepareStatement(
                "INSERT INTO BLC_ADMIN_USER_ROLE_XREF (ADMIN_USER_ID, ADMIN_ROLE_ID) VALUES (?, ?)");
        try {
            role.setLong(1, ADMIN_USER_ID);
            role.setLong(2, ADMIN_MASTER_ROLE_ID);
            role.executeUpdate();
        } finally {
            role.close();
        }
    }

    /** Checkpoints and closes an embedded HSQLDB so the next start opens a clean database. */
    void shutdownEmbedded() {
        if (!settings.isEmbeddedHsqldb()) {
            return;
        }
        try {
            Connection c = connect();
            try {
                Statement s = c.createStatement();
                s.execute("SHUTDOWN");
                s.close();
            } finally {
                c.close();
            }
        } catch (SQLException e) {
            // Already shut down by its last pooled connection closing (shutdown=true): nothing to do.
        }
    }

    Connection connect() throws SQLException {
        try {
            Class.forName(driverClassName());
        } catch (ClassNotFoundException e) {
            throw new SQLException("JDBC driver not on the class path: " + driverClassName(), e);
        }
        if (settings.isEmbeddedHsqldb()) {
            return HsqldbFileDatabase.connect(settings.jdbcUrl(), settings.jdbcUser(), settings.jdbcPassword());
        }
        return DriverManager.getConnection(settings.jdbcUrl(), settings.jdbcUser(), settings.jdbcPassword());
    }
}
