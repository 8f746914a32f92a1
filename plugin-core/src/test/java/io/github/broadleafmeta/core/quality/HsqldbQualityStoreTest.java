package io.github.broadleafmeta.core.quality;

import io.github.broadleafmeta.core.outbox.TestDatabases;
import javax.sql.DataSource;

class HsqldbQualityStoreTest extends AbstractQualityStoreTest {

    private final DataSource db = TestDatabases.hsqldbInMemory();

    @Override
    DataSource dataSource() {
        return db;
    }
}
