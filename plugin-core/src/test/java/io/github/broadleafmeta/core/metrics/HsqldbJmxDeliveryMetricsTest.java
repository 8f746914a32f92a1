package io.github.broadleafmeta.core.metrics;

import io.github.broadleafmeta.core.outbox.TestDatabases;
import javax.sql.DataSource;

class HsqldbJmxDeliveryMetricsTest extends AbstractJmxDeliveryMetricsTest {

    @Override
    DataSource database() {
        return TestDatabases.hsqldbInMemory();
    }
}
