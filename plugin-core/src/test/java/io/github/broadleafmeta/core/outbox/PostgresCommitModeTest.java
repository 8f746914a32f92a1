package io.github.broadleafmeta.core.outbox;

import static io.github.broadleafmeta.core.outbox.TestDatabases.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.broadleafmeta.core.tracking.BackgroundOutboxWriter;
import io.github.broadleafmeta.core.tracking.TrackingCounters;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import javax.sql.DataSource;

/**
 * Which of the outbox's own commits wait for PostgreSQL's log flush ({@link CommitMode}), read at each commit from
 * the transaction itself ({@code SHOW synchronous_commit}) on a server whose default is {@code on}.
 */
class PostgresCommitModeTest {

    @RegisterExtension
    static final EmbeddedPostgresDatabase POSTGRES = new EmbeddedPostgresDatabase(
            Collections.singletonMap("synchronous_commit", "on"));

    private static final String PIXEL = "111111111111111";

    /** The synchronous_commit in force at each commit on the outbox's connections, in order. */
    private final List<String> commits = Collections.synchronizedList(new ArrayList<String>());
    private DataSource pool;
    private TestClock clock;
    private long now;

    @BeforeEach
    void pool() {
        pool = new PooledDataSource(POSTGRES.dataSource());
        clock = TestClock.at("2025-03-01T10:15:30Z");
        now = clock.millis() / 1000;
    }

    private JdbcOutbox outbox(boolean asynchronousCommit) {
        OutboxConfig config = OutboxConfig.custom().tableName(TestDatabases.uniqueTable())
                .asynchronousCommit(asynchronousCommit).build();
        JdbcOutbox outbox = new JdbcOutbox(recordingCommits(pool), config, clock);
        outbox.initialize();
        commits.clear();
        return outbox;
    }

    @Test
    void shouldCommitAnAsynchronousBatchWithoutWaitingForTheLogFlush() throws SQLException {
        JdbcOutbox outbox = outbox(true);

        outbox.enqueueAll(Arrays.asList(entry(PIXEL, "PageView", "a", now).build(),
                entry(PIXEL, "PageView", "b", now).build()), CommitMode.ASYNCHRONOUS);

        assertThat(commits).containsExactly("off");
        // Transaction-local: the pooled connection goes back to the server's default.
        try (Connection c = pool.getConnection()) {
            assertThat(synchronousCommit(c)).isEqualTo("on");
        }
    }

    @Test
    void shouldCommitTheBackgroundWritersBatchesWithoutWaitingForTheLogFlush() {
        JdbcOutbox outbox = outbox(true);
        BackgroundOutboxWriter writer = new BackgroundOutboxWriter(outbox, new TrackingCounters());

        writer.write(Arrays.asList(entry(PIXEL, "PageView", "a", now).build(),
                entry(PIXEL, "ViewContent", "b", now).build()));
        writer.browserCopiesRendered(Collections.singletonList(new String[] {PIXEL, "PageView", "a"}));
        writer.flush();

        assertThat(outbox.contains(PIXEL, "ViewContent", "b")).isTrue();
        assertThat(commits).hasSize(2).containsOnly("off");
    }

    @Test
    void shouldWaitForTheLogFlushOnASynchronousBatch() {
        JdbcOutbox outbox = outbox(true);

        outbox.enqueueAll(Arrays.asList(entry(PIXEL, "AddToCart", "a", now).build(),
                entry(PIXEL, "AddToCart", "b", now).build()));

        assertThat(commits).containsExactly("on");
    }

    @Test
    void shouldClaimAndRecordOutcomesWithoutWaitingForTheLogFlush() {
        JdbcOutbox outbox = outbox(true);
        outbox.enqueueAll(Arrays.asList(entry(PIXEL, "PageView", "a", now).build(),
                entry(PIXEL, "PageView", "b", now).build()));
        commits.clear();

        List<OutboxRow> rows = outbox.claim("node-1", 10, Duration.ofMinutes(2));
        assertThat(rows).hasSize(2);
        outbox.markSent(rows.subList(0, 1), 1, "trace");
        outbox.markRetry(rows.subList(1, 2), clock.instant().plusSeconds(60), OutboxError.reason("test"));

        assertThat(commits).hasSize(3).containsOnly("off");
    }

    @Test
    void shouldRecordRenderedBrowserCopiesWithoutWaitingForTheLogFlush() {
        JdbcOutbox outbox = outbox(true);
        outbox.enqueueAll(Collections.singletonList(entry(PIXEL, "ViewContent", "a", now).build()));
        commits.clear();

        assertThat(outbox.markBrowserRenderedAll(Collections.singletonList(
                new String[] {PIXEL, "ViewContent", "a"}))).isEqualTo(1);

        assertThat(commits).containsExactly("off");
    }

    @Test
    void shouldWaitForTheLogFlushEverywhereWhenAsynchronousCommitIsSwitchedOff() {
        JdbcOutbox outbox = outbox(false);

        outbox.enqueueAll(Arrays.asList(entry(PIXEL, "PageView", "a", now).build(),
                entry(PIXEL, "PageView", "b", now).build()), CommitMode.ASYNCHRONOUS);
        outbox.markBrowserRenderedAll(Collections.singletonList(new String[] {PIXEL, "PageView", "a"}));
        List<OutboxRow> rows = outbox.claim("node-1", 10, Duration.ofMinutes(2));
        outbox.markSent(rows, 2, "trace");

        assertThat(commits).hasSizeGreaterThanOrEqualTo(3).containsOnly("on");
    }

    @Test
    void shouldLeaveTheCommitModeOfAHostTransactionAlone() throws SQLException {
        JdbcOutbox outbox = outbox(true);
        try (Connection host = pool.getConnection()) {
            host.setAutoCommit(false);

            outbox.enqueueAll(Collections.singletonList(entry(PIXEL, "AddToCart", "a", now).build()), host);

            assertThat(synchronousCommit(host)).isEqualTo("on");
            host.commit();
        }
    }

    /** Each commit() first reads the transaction's synchronous_commit into {@link #commits}. */
    private DataSource recordingCommits(DataSource target) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    Object result = invoke(target, method, args);
                    if (!(result instanceof Connection)) {
                        return result;
                    }
                    Connection c = (Connection) result;
                    return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                            (p, m, a) -> {
                                if ("commit".equals(m.getName())) {
                                    commits.add(synchronousCommit(c));
                                }
                                return invoke(c, m, a);
                            });
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static String synchronousCommit(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW synchronous_commit")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
