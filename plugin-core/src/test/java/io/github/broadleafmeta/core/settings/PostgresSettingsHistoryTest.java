package io.github.broadleafmeta.core.settings;

import io.github.broadleafmeta.core.outbox.EmbeddedPostgresDatabase;

import javax.sql.DataSource;

import org.junit.jupiter.api.extension.RegisterExtension;

/** Settings history on a real PostgreSQL (embedded binaries). */
class PostgresSettingsHistoryTest extends AbstractSettingsHistoryTest {

    @RegisterExtension
    static final EmbeddedPostgresDatabase POSTGRES = new EmbeddedPostgresDatabase();

    @Override
    DataSource dataSource() {
        return POSTGRES.dataSource();
    }
}
