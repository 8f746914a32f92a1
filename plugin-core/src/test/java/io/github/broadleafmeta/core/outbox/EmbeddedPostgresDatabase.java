package io.github.broadleafmeta.core.outbox;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

/**
 * A real PostgreSQL (embedded binaries from Maven Central) for one test class: started before its first test,
 * stopped after its last. {@code @RegisterExtension static final EmbeddedPostgresDatabase POSTGRES = ...}.
 */
public final class EmbeddedPostgresDatabase implements BeforeAllCallback, AfterAllCallback {

    private final Map<String, String> serverConfig;
    private EmbeddedPostgres postgres;

    /** The embedded server's defaults (fsync off, synchronous_commit off: fast tests). */
    public EmbeddedPostgresDatabase() {
        this(Collections.<String, String>emptyMap());
    }

    /** With these server settings over the defaults (e.g. synchronous_commit on). */
    public EmbeddedPostgresDatabase(Map<String, String> serverConfig) {
        this.serverConfig = serverConfig;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
        serverConfig.forEach(builder::setServerConfig);
        postgres = builder.start();
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

    /**
     * How often the index was scanned, waiting up to 5 s for a first scan to be reported (the statistics collector
     * reports a little after the query).
     */
    public long awaitIndexScans(String indexName) throws Exception {
        long scans = 0;
        for (int wait = 0; wait < 50 && scans == 0; wait++) {
            try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("SELECT pg_stat_clear_snapshot()");
                try (ResultSet rs = s.executeQuery("SELECT idx_scan FROM pg_stat_user_indexes WHERE indexrelname = '"
                        + indexName.toLowerCase(Locale.ROOT) + "'")) {
                    scans = rs.next() ? rs.getLong(1) : 0;
                }
            }
            if (scans == 0) {
                Thread.sleep(100);
            }
        }
        return scans;
    }
}
