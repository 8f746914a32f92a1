package io.github.broadleafmeta.core.outbox;

import javax.sql.DataSource;

import org.junit.jupiter.api.extension.RegisterExtension;

/** Customer erasure on a real MariaDB server (Debian's mariadbd). */
class MariaDbCustomerErasureTest extends AbstractCustomerErasureTest {

    @RegisterExtension
    static final EmbeddedMariaDbDatabase MARIADB = new EmbeddedMariaDbDatabase();

    @Override
    DataSource dataSource() {
        return MARIADB.dataSource();
    }
}
