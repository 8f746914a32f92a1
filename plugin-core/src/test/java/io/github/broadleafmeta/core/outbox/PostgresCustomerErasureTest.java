package io.github.broadleafmeta.core.outbox;

import javax.sql.DataSource;

import org.junit.jupiter.api.extension.RegisterExtension;

/** Customer erasure on a real PostgreSQL (embedded binaries). */
class PostgresCustomerErasureTest extends AbstractCustomerErasureTest {

    @RegisterExtension
    static final EmbeddedPostgresDatabase POSTGRES = new EmbeddedPostgresDatabase();

    @Override
    DataSource dataSource() {
        return POSTGRES.dataSource();
    }
}
