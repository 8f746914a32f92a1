package io.github.broadleafmeta.core.settings;

import org.hsqldb.jdbc.JDBCDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JdbcSettingsStoreTest {

    private JDBCDataSource dataSource;
    private MutableClock clock;

    @BeforeEach
    void setUp() {
        dataSource = new JDBCDataSource();
        dataSource.setUrl("jdbc:hsqldb:mem:settings" + System.nanoTime());
        dataSource.setUser("sa");
        clock = new MutableClock();
    }

    @Test
    void shouldReturnSavedValueWhenKeyWasSaved() {
        JdbcSettingsStore store = new JdbcSettingsStore(dataSource, Duration.ofSeconds(2), clock);
        store.initialize();
        store.initialize(); // idempotent

        store.save(Map.of("meta.pixel.id", "123456789012345"), "admin");

        assertThat(store.get("meta.pixel.id")).isEqualTo("123456789012345");
        assertThat(store.name()).isEqualTo("admin");
    }

    @Test
    void shouldForgetKeyWhenSavedWithNullValue() {
        JdbcSettingsStore store = new JdbcSettingsStore(dataSource, Duration.ofSeconds(2), clock);
        store.initialize();
        store.save(Map.of("meta.capi.accessToken", "secret"), "admin");
        Map<String, String> clear = new HashMap<>();
        clear.put("meta.capi.accessToken", null);

        store.save(clear, "admin");

        assertThat(store.get("meta.capi.accessToken")).isNull();
    }

    @Test
    void shouldSeeOtherNodesEditOnlyAfterCacheTtlWhenReadingRepeatedly() throws SQLException {
        JdbcSettingsStore node1 = new JdbcSettingsStore(dataSource, Duration.ofSeconds(2), clock);
        JdbcSettingsStore node2 = new JdbcSettingsStore(dataSource, Duration.ofSeconds(2), clock);
        node1.initialize();
        assertThat(node2.get("meta.pixel.id")).isNull();

        node1.save(Map.of("meta.pixel.id", "111111111111111"), "admin");
        assertThat(node2.get("meta.pixel.id")).as("cached snapshot").isNull();
        clock.advance(Duration.ofMillis(2001));

        assertThat(node2.get("meta.pixel.id")).isEqualTo("111111111111111");
    }

    @Test
    void shouldKeepLastValuesWhenTableBecomesUnreadable() throws SQLException {
        JdbcSettingsStore store = new JdbcSettingsStore(dataSource, Duration.ofSeconds(1), clock);
        store.initialize();
        store.save(Map.of("meta.pixel.id", "222222222222222"), "admin");
        assertThat(store.get("meta.pixel.id")).isEqualTo("222222222222222");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE " + JdbcSettingsStore.TABLE);
        }
        clock.advance(Duration.ofSeconds(5));

        assertThat(store.get("meta.pixel.id")).isEqualTo("222222222222222");
    }

    @Test
    void shouldWinOverEnvironmentWhenResolvedTogether() {
        JdbcSettingsStore store = new JdbcSettingsStore(dataSource, Duration.ZERO, clock);
        store.initialize();
        store.save(Map.of("meta.pixel.id", "333333333333333"), "admin");
        SettingsSource environment = new MapSettingsSource("environment", Map.of("meta.pixel.id", "444444444444444"));

        MetaSettings settings = new SettingsResolver(java.util.List.of(store, environment), clock).resolve();

        assertThat(settings.setting("meta.pixel.id").value()).isEqualTo("333333333333333");
        assertThat(settings.setting("meta.pixel.id").sourceName()).isEqualTo("saved in the admin");
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-23T12:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
