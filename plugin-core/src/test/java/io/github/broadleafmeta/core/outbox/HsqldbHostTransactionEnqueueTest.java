package io.github.broadleafmeta.core.outbox;

import org.junit.jupiter.api.BeforeAll;

import javax.sql.DataSource;

class HsqldbHostTransactionEnqueueTest extends AbstractHostTransactionEnqueueTest {

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
