package io.github.broadleafmeta.core.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The outbox contract on a real MariaDB server (Debian's mariadbd), where claims use SKIP LOCKED. */
class MariaDbJdbcOutboxTest extends AbstractJdbcOutboxContractTest {

    @RegisterExtension
    static final EmbeddedMariaDbDatabase MARIADB = new EmbeddedMariaDbDatabase();

    private static DataSource db;

    @BeforeAll
    static void pool() {
        db = new PooledDataSource(MARIADB.dataSource());
    }

    @Override
    DataSource dataSource() {
        return db;
    }

    @Test
    void shouldUseSkipLockedWhenTheDatabaseIsMariaDb() {
        assertThat(outbox.dialect()).isEqualTo(Dialect.MARIADB);
        assertThat(outbox.dialect().supportsSkipLocked()).isTrue();
    }
}
