package io.github.broadleafmeta.core.dispatch;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.broadleafmeta.core.outbox.EmbeddedMariaDbDatabase;
import io.github.broadleafmeta.core.outbox.PooledDataSource;

/** Several store nodes on one real MariaDB server (Debian's mariadbd), where claims use SKIP LOCKED. */
class MultiNodeMariaDbTest extends AbstractMultiNodeTest {

    @RegisterExtension
    static final EmbeddedMariaDbDatabase MARIADB = new EmbeddedMariaDbDatabase();

    private static DataSource db;

    @BeforeAll
    static void pool() {
        db = new PooledDataSource(MARIADB.dataSource());
    }

    @Override
    DataSource db() {
        return db;
    }
}
