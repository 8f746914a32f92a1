package io.github.broadleafmeta.core.settings;

import io.github.broadleafmeta.core.outbox.TestDatabases;

import javax.sql.DataSource;

/** Settings history on HSQLDB (in memory). */
class HsqldbSettingsHistoryTest extends AbstractSettingsHistoryTest {

    @Override
    DataSource dataSource() {
        return TestDatabases.hsqldbInMemory();
    }
}
