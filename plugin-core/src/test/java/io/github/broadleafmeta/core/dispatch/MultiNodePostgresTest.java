package io.github.broadleafmeta.core.dispatch;

import java.io.IOException;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.github.broadleafmeta.core.outbox.PooledDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** Several store nodes on one real PostgreSQL (embedded binaries), where claims use SKIP LOCKED. */
class MultiNodePostgresTest extends AbstractMultiNodeTest {

    private static EmbeddedPostgres postgres;
    private static DataSource db;

    @BeforeAll
    static void start() throws IOException {
        postgres = EmbeddedPostgres.start();
        db = new PooledDataSource(postgres.getPostgresDatabase());
    }

    @AfterAll
    static void stop() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    DataSource db() {
        return db;
    }
}
