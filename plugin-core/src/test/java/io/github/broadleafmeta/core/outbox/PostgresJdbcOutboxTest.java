package io.github.broadleafmeta.core.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** The outbox contract on a real PostgreSQL (embedded binaries), where claims use SKIP LOCKED. */
class PostgresJdbcOutboxTest extends AbstractJdbcOutboxContractTest {

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startDatabase() throws IOException {
        postgres = EmbeddedPostgres.start();
    }

    @AfterAll
    static void stopDatabase() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    DataSource dataSource() {
        return postgres.getPostgresDatabase();
    }

    @Test
    void shouldUseSkipLockedWhenTheDatabaseIsPostgres() {
        assertThat(outbox.dialect()).isEqualTo(Dialect.POSTGRESQL);
        assertThat(outbox.dialect().supportsSkipLocked()).isTrue();
    }
}
