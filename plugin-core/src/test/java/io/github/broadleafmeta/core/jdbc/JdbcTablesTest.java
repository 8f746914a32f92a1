package io.github.broadleafmeta.core.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.broadleafmeta.core.outbox.EmbeddedMariaDbDatabase;
import io.github.broadleafmeta.core.outbox.EmbeddedPostgresDatabase;
import io.github.broadleafmeta.core.outbox.TestDatabases;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Table and column lookups on the three databases the plugin runs on, each only in the connection's own database. */
class JdbcTablesTest {

    @RegisterExtension
    static final EmbeddedMariaDbDatabase MARIADB = new EmbeddedMariaDbDatabase();
    @RegisterExtension
    static final EmbeddedPostgresDatabase POSTGRES = new EmbeddedPostgresDatabase();

    private static void createSettingsTable(DataSource db) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE META_SETTINGS (setting_key VARCHAR(100) NOT NULL PRIMARY KEY)");
        }
    }

    private static void assertLookups(DataSource db) throws SQLException {
        createSettingsTable(db);
        try (Connection c = db.getConnection()) {
            assertThat(JdbcTables.exists(c, "META_SETTINGS")).isTrue();
            assertThat(JdbcTables.exists(c, "META_DISPATCH_STATUS")).isFalse();
            assertThat(JdbcTables.hasColumn(c, "META_SETTINGS", "setting_key")).isTrue();
            assertThat(JdbcTables.hasColumn(c, "META_SETTINGS", "updated_at")).isFalse();
        }
    }

    @Test
    void shouldFindTablesAndColumnsOnHsqldb() throws SQLException {
        assertLookups(TestDatabases.hsqldbInMemory());
    }

    @Test
    void shouldFindTablesAndColumnsOnPostgresql() throws SQLException {
        assertLookups(POSTGRES.dataSource());
    }

    @Test
    void shouldFindTablesAndColumnsOnMariaDb() throws SQLException {
        assertLookups(MARIADB.dataSource());
    }

    @Test
    void shouldNotCountATableOfAnotherDatabaseOnTheSameMariaDbServer() throws SQLException {
        createSettingsTable(MARIADB.newDatabase());
        DataSource empty = MARIADB.newDatabase();

        try (Connection c = empty.getConnection()) {
            assertThat(JdbcTables.exists(c, "META_SETTINGS")).isFalse();
            assertThat(JdbcTables.hasColumn(c, "META_SETTINGS", "setting_key")).isFalse();
        }
    }
}
