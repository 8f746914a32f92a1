package io.github.broadleafmeta.core.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;

import org.junit.jupiter.api.extension.RegisterExtension;

import org.junit.jupiter.api.Test;

/** The outbox contract on a real PostgreSQL (embedded binaries), where claims use SKIP LOCKED. */
class PostgresJdbcOutboxTest extends AbstractJdbcOutboxContractTest {

    @RegisterExtension
    static final EmbeddedPostgresDatabase POSTGRES = new EmbeddedPostgresDatabase();

    @Override
    DataSource dataSource() {
        return POSTGRES.dataSource();
    }

    @Test
    void shouldUseSkipLockedWhenTheDatabaseIsPostgres() {
        assertThat(outbox.dialect()).isEqualTo(Dialect.POSTGRESQL);
        assertThat(outbox.dialect().supportsSkipLocked()).isTrue();
    }
}
