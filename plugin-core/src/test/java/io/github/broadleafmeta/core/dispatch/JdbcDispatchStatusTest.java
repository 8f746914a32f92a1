package io.github.broadleafmeta.core.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.github.broadleafmeta.core.dispatch.CircuitBreaker.State;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.hsqldb.jdbc.JDBCDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JdbcDispatchStatusTest {

    private static final Duration STALE = JdbcDispatchStatus.DEFAULT_STALE_AFTER;

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2025-06-15T12:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private DataSource dataSource;
    private JdbcDispatchStatus nodeA;
    private JdbcDispatchStatus nodeB;

    /** An empty database for one test; {@link MariaDbJdbcDispatchStatusTest} runs the same tests on MariaDB. */
    DataSource newDatabase() {
        JDBCDataSource hsqldb = new JDBCDataSource();
        hsqldb.setUrl("jdbc:hsqldb:mem:status" + System.nanoTime());
        hsqldb.setUser("SA");
        return hsqldb;
    }

    @BeforeEach
    void setUp() {
        dataSource = newDatabase();
        nodeA = new JdbcDispatchStatus(dataSource, clock, "node-a", Duration.ofHours(1));
        nodeB = new JdbcDispatchStatus(dataSource, clock, "node-b", Duration.ofHours(1));
        nodeA.initialize();
        nodeB.initialize();
        nodeA.initialize(); // idempotent
    }

    @AfterEach
    void tearDown() {
        nodeA.close();
        nodeB.close();
    }

    /** Writes run on the writer thread: wait until the table shows the expected number of unhealthy rows. */
    private void settle(int expectedRows) throws InterruptedException {
        for (int i = 0; i < 250 && nodeA.unhealthyCircuits(STALE).size() != expectedRows; i++) {
            Thread.sleep(20);
        }
        Thread.sleep(50);
    }

    @Test
    void shouldReportOpenCircuitsPerPixelAndNodeUntilClosed() throws Exception {
        nodeA.circuitChanged("1111111111", State.CLOSED, State.OPEN);
        nodeB.circuitChanged("1111111111", State.CLOSED, State.OPEN);
        nodeB.circuitChanged("2222222222", State.CLOSED, State.OPEN);
        nodeB.circuitChanged("2222222222", State.OPEN, State.HALF_OPEN);
        settle(3);

        List<JdbcDispatchStatus.CircuitRow> rows = nodeA.unhealthyCircuits(STALE);
        assertThat(rows).extracting(r -> r.pixelId() + "/" + r.nodeId() + "/" + r.state())
                .containsExactlyInAnyOrder("1111111111/node-a/OPEN", "1111111111/node-b/OPEN",
                        "2222222222/node-b/HALF_OPEN");
        assertThat(rows).allSatisfy(r -> assertThat(r.reason()).isNotBlank());

        nodeA.circuitChanged("1111111111", State.HALF_OPEN, State.CLOSED);
        nodeB.circuitChanged("1111111111", State.HALF_OPEN, State.CLOSED);
        settle(1);
        assertThat(nodeA.unhealthyCircuits(STALE)).extracting(JdbcDispatchStatus.CircuitRow::pixelId)
                .containsExactly("2222222222");
    }

    @Test
    void shouldIgnoreStaleRowsAndRefreshThemWhileOpen() throws Exception {
        nodeA.circuitChanged("1111111111", State.CLOSED, State.OPEN);
        settle(1);
        now.set(now.get().plus(Duration.ofMinutes(11)));
        assertThat(nodeA.unhealthyCircuits(STALE)).isEmpty();

        nodeA.heartbeat();
        List<JdbcDispatchStatus.CircuitRow> rows = nodeA.unhealthyCircuits(STALE);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).changedAt()).isEqualTo(Instant.parse("2025-06-15T12:00:00Z"));
        assertThat(rows.get(0).updatedAt()).isEqualTo(now.get());
    }

    @Test
    void shouldNeverThrowWhenTheDatabaseFails() throws Exception {
        DataSource broken = (DataSource) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    throw new SQLException("database down");
                });
        JdbcDispatchStatus status = new JdbcDispatchStatus(broken, clock, "node-x", Duration.ofHours(1));
        try {
            assertThatCode(status::initialize).doesNotThrowAnyException();
            assertThatCode(() -> status.circuitChanged("1111111111", State.CLOSED, State.OPEN))
                    .doesNotThrowAnyException();
            assertThatCode(status::heartbeat).doesNotThrowAnyException();
            assertThat(status.unhealthyCircuits(STALE)).isEmpty();
        } finally {
            status.close();
        }
    }

    @Test
    void shouldComposeWithOtherListenersAndSurviveAMissingTable() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE " + JdbcDispatchStatus.TABLE);
        }
        DeliveryCounters counters = new DeliveryCounters();
        DispatchListener composite = DispatchListener.composite(counters, nodeA);
        assertThatCode(() -> composite.circuitChanged("1111111111", State.CLOSED, State.OPEN))
                .doesNotThrowAnyException();
        settle(0);
        assertThat(nodeA.unhealthyCircuits(STALE)).isEmpty();
    }

    @Test
    void shouldDeleteRowsOfNodesThatStoppedReportingForADayWhenAnotherNodeBeats() throws Exception {
        nodeA.circuitChanged("1111111111", State.CLOSED, State.OPEN);
        nodeB.circuitChanged("2222222222", State.CLOSED, State.OPEN);
        settle(2);
        nodeA.close(); // node A stops: its row is never refreshed again

        now.set(now.get().plus(JdbcDispatchStatus.PRUNE_AFTER).plusSeconds(60));
        nodeB.heartbeat();

        assertThat(rowCount()).isEqualTo(1);
        assertThat(nodeB.unhealthyCircuits(STALE)).extracting(JdbcDispatchStatus.CircuitRow::nodeId)
                .containsExactly("node-b");
    }

    private long rowCount() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + JdbcDispatchStatus.TABLE)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
