package io.github.broadleafmeta.core.outbox;

import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;

class PostgresHostTransactionEnqueueTest extends AbstractHostTransactionEnqueueTest {

    @RegisterExtension
    static final EmbeddedPostgresDatabase POSTGRES = new EmbeddedPostgresDatabase();

    @Override
    DataSource dataSource() {
        return POSTGRES.dataSource();
    }
}
