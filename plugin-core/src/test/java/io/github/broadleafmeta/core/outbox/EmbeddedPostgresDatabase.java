package io.github.broadleafmeta.core.outbox;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL (embedded binaries from Maven Central) for one test class: started before its first test,
 * stopped after its last. {@code @RegisterExtension static final EmbeddedPostgresDatabase POSTGRES = ...}.
 */
public final class EmbeddedPostgresDatabase implements BeforeAllCallback, AfterAllCallback {

    private EmbeddedPostgres postgres;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        postgres = EmbeddedPostgres.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    public DataSource dataSource() {
        if (postgres == null) {
            throw new IllegalStateException("PostgreSQL runs only while the test class runs");
        }
        return postgres.getPostgresDatabase();
    }
}
