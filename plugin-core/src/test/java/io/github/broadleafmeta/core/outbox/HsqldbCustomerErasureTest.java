package io.github.broadleafmeta.core.outbox;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;

/** Customer erasure on HSQLDB 2.3.1. */
class HsqldbCustomerErasureTest extends AbstractCustomerErasureTest {

    private static DataSource db;

    @BeforeAll
    static void startDatabase() {
        db = new PooledDataSource(TestDatabases.hsqldbInMemory());
    }

    @Override
    DataSource dataSource() {
        return db;
    }
}
