package io.github.broadleafmeta.core.broadleaf31.config;

import io.github.broadleafmeta.core.outbox.EmbeddedMariaDbDatabase;

import javax.sql.DataSource;

import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link CancelledOrderScanTest}'s tests on a real MariaDB server, each with an empty database. */
class MariaDbCancelledOrderScanTest extends CancelledOrderScanTest {

    @RegisterExtension
    static final EmbeddedMariaDbDatabase MARIADB = new EmbeddedMariaDbDatabase();

    @Override
    DataSource newDatabase() {
        return MARIADB.newDatabase();
    }
}
