package io.github.broadleafmeta.store.launcher;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Opens the embedded HSQLDB file database after a crash. HSQLDB takes over a lock file once the heartbeat its owner
 * writes every 10 s is more than 10.1 s old, but polls for only about 9.2 s: a store restarted within a second of a
 * kill would fail although nothing holds the database. One more poll covers that; a live owner keeps the heartbeat
 * fresh and still fails both.
 */
public final class HsqldbFileDatabase {

    private static final int LOCK_ATTEMPTS = 2;
    private static final int LOCK_ACQUISITION_FAILURE = 451;

    private HsqldbFileDatabase() {
    }

    public static Connection connect(String jdbcUrl, String user, String password) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return DriverManager.getConnection(jdbcUrl, user, password);
            } catch (SQLException e) {
                if (Math.abs(e.getErrorCode()) != LOCK_ACQUISITION_FAILURE) {
                    throw e;
                }
                if (attempt == LOCK_ATTEMPTS) {
                    throw new SQLException("The HSQLDB database " + databasePath(jdbcUrl)
                            + " is in use by another running process (its lock file's heartbeat stays fresh)."
                            + " Stop the other store on this data directory first.", e.getSQLState(),
                            e.getErrorCode(), e);
                }
                System.out.println("The HSQLDB database's lock file was left by a process that stopped without"
                        + " shutting down; waiting for its heartbeat to go stale.");
            }
        }
    }

    /** The file path of a {@code jdbc:hsqldb:file:} URL, without its properties. */
    private static String databasePath(String jdbcUrl) {
        String path = jdbcUrl.substring("jdbc:hsqldb:file:".length());
        int properties = path.indexOf(';');
        return properties < 0 ? path : path.substring(0, properties);
    }
}
