package io.github.broadleafmeta.core.dispatch;

import io.github.broadleafmeta.core.outbox.EmbeddedMariaDbDatabase;

import javax.sql.DataSource;

import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link JdbcDispatchStatusTest}'s tests on a real MariaDB server, each with an empty database. */
class MariaDbJdbcDispatchStatusTest extends JdbcDispatchStatusTest {

    @RegisterExtension
    static final EmbeddedMariaDbDatabase MARIADB = new EmbeddedMariaDbDatabase();

    @Override
    DataSource newDatabase() {
        return MARIADB.newDatabase();
    }
}
