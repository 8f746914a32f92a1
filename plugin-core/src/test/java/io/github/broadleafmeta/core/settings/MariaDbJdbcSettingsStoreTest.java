package io.github.broadleafmeta.core.settings;

import io.github.broadleafmeta.core.outbox.EmbeddedMariaDbDatabase;

import javax.sql.DataSource;

import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link JdbcSettingsStoreTest}'s tests on a real MariaDB server, each with an empty database. */
class MariaDbJdbcSettingsStoreTest extends JdbcSettingsStoreTest {

    @RegisterExtension
    static final EmbeddedMariaDbDatabase MARIADB = new EmbeddedMariaDbDatabase();

    @Override
    DataSource newDatabase() {
        return MARIADB.newDatabase();
    }
}
