package io.github.broadleafmeta.core.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a table or column exists in the connection's own database. The catalog is the connection's current one:
 * MariaDB's driver treats a null catalog as "every database on the server", so a table of the same name in another
 * database (a second store, a test database) would otherwise count as ours. The name is tried as written, in upper
 * case (HSQLDB) and in lower case (PostgreSQL); MySQL and MariaDB on Linux keep it as written.
 */
public final class JdbcTables {

    private JdbcTables() {
    }

    public static boolean exists(Connection c, String table) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        String catalog = c.getCatalog();
        for (String name : spellings(table)) {
            try (ResultSet rs = meta.getTables(catalog, null, name, new String[] {"TABLE"})) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    public static boolean hasColumn(Connection c, String table, String column) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        String catalog = c.getCatalog();
        for (String t : spellings(table)) {
            for (String col : spellings(column)) {
                try (ResultSet rs = meta.getColumns(catalog, null, t, col)) {
                    if (rs.next()) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static Set<String> spellings(String name) {
        Set<String> names = new LinkedHashSet<String>();
        names.add(name);
        names.add(name.toUpperCase(Locale.ROOT));
        names.add(name.toLowerCase(Locale.ROOT));
        return names;
    }

    /**
     * Runs {@code ddl} unless {@code table} exists; when two nodes create it at once, the loser's failure is
     * ignored as long as the table exists afterwards.
     */
    public static void createIfMissing(Connection c, String table, String ddl) throws SQLException {
        if (exists(c, table)) {
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute(ddl);
        } catch (SQLException e) {
            if (!exists(c, table)) {
                throw e;
            }
        }
    }
}
