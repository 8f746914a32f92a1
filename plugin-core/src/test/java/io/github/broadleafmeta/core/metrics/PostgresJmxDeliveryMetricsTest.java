package io.github.broadleafmeta.core.metrics;

import io.github.broadleafmeta.core.outbox.EmbeddedPostgresDatabase;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresJmxDeliveryMetricsTest extends AbstractJmxDeliveryMetricsTest {

    @RegisterExtension
    static final EmbeddedPostgresDatabase POSTGRES = new EmbeddedPostgresDatabase();

    @Override
    DataSource database() {
        return POSTGRES.dataSource();
    }
}
