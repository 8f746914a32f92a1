package io.github.broadleafmeta.core.quality;

import io.github.broadleafmeta.core.outbox.EmbeddedPostgresDatabase;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresQualityStoreTest extends AbstractQualityStoreTest {

    @RegisterExtension
    static final EmbeddedPostgresDatabase POSTGRES = new EmbeddedPostgresDatabase();

    @Override
    DataSource dataSource() {
        return POSTGRES.dataSource();
    }
}
