package io.github.broadleafmeta.core.outbox;

import javax.sql.DataSource;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real MariaDB for one test class: the JVM's shared {@link MariaDbServer} (started by the first class that needs
 * it, stopped when the JVM exits) with an empty database of this class's own.
 * {@code @RegisterExtension static final EmbeddedMariaDbDatabase MARIADB = new EmbeddedMariaDbDatabase();}
 */
public final class EmbeddedMariaDbDatabase implements BeforeAllCallback {

    private volatile String database;

    @Override
    public void beforeAll(ExtensionContext context) {
        if (database == null) {
            database = MariaDbServer.shared().createDatabase();
        }
    }

    public DataSource dataSource() {
        return MariaDbServer.shared().dataSource(database());
    }

    public String jdbcUrl() {
        return MariaDbServer.shared().jdbcUrl(database());
    }

    public String user() {
        return MariaDbServer.USER;
    }

    public String password() {
        return MariaDbServer.PASSWORD;
    }

    private String database() {
        if (database == null) {
            throw new IllegalStateException("The MariaDB database exists once the test class runs (register this"
                    + " extension with @RegisterExtension on a static field)");
        }
        return database;
    }
}
