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
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

class JdbcSettingsStoreTest {

    private static final byte[] KEY_ONE_BYTES = SecretCipher.newKey();
    private static final SecretCipher KEY_ONE = SecretCipher.of(KEY_ONE_BYTES, null, "test key one");
    private static final SecretCipher KEY_TWO = SecretCipher.of(SecretCipher.newKey(), null, "test key two");
    private static final String TOKEN = "EAAGsecretTokenValue0123456789";

    private DataSource dataSource;
    private MutableClock clock;

    /** An empty database for one test; {@link MariaDbJdbcSettingsStoreTest} runs the same tests on MariaDB. */
    DataSource newDatabase() {
        JDBCDataSource hsqldb = new JDBCDataSource();
        hsqldb.setUrl("jdbc:hsqldb:mem:settings" + System.nanoTime());
        hsqldb.setUser("sa");
        return hsqldb;
    }

    @BeforeEach
    void setUp() {
        dataSource = newDatabase();
        clock = new MutableClock();
    }

    @Test
    void shouldReturnSavedValueWhenKeyWasSaved() {
        JdbcSettingsStore store = new JdbcSettingsStore(dataSource, Duration.ofSeconds(2), clock, KEY_ONE);
        store.initialize();
        store.initialize(); // idempotent

        store.save(Map.of("meta.pixel.id", "123456789012345"), "admin");

        assertThat(store.get("meta.pixel.id")).isEqualTo("123456789012345");
        assertThat(store.name()).isEqualTo("admin");
    }

    @Test
    void shouldForgetKeyWhenSavedWithNullValue() {
        JdbcSettingsStore store = new JdbcSettingsStore(dataSource, Duration.ofSeconds(2), clock, KEY_ONE);
        store.initialize();
        store.save(Map.of("meta.capi.accessToken", "secret"), "admin");
        Map<String, String> clear = new HashMap<>();
        clear.put("meta.capi.accessToken", null);

        store.save(clear, "admin");

        assertThat(store.get("meta.capi.accessToken")).isNull();
    }

    @Test
    void shouldSeeOtherNodesEditOnlyAfterCacheTtlWhenReadingRepeatedly() throws SQLException {
        JdbcSettingsStore node1 = new JdbcSettingsStore(dataSource, Duration.ofSeconds(2), clock, KEY_ONE);
        JdbcSettingsStore node2 = new JdbcSettingsStore(dataSource, Duration.ofSeconds(2), clock, KEY_ONE);
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

    private String rawValue(String key) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                java.sql.ResultSet rs = s.executeQuery("SELECT setting_value FROM META_SETTINGS WHERE setting_key = '"
                        + key + "'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private String dumpOfTheTable() throws SQLException {
        StringBuilder dump = new StringBuilder();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                java.sql.ResultSet rs = s.executeQuery("SELECT * FROM META_SETTINGS")) {
            while (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    dump.append(rs.getString(i)).append('|');
                }
                dump.append('\n');
            }
        }
        return dump.toString();
    }

    @Test
    void shouldKeepNoTokenInTheTableWhenSecretsAreSaved() throws SQLException {
        JdbcSettingsStore store = new JdbcSettingsStore(dataSource, Duration.ofSeconds(2), clock, KEY_ONE);
        store.initialize();

        store.save(Map.of("meta.capi.accessToken", TOKEN, "meta.capi.appSecret", "appSecretValue987",
                "meta.pixel.id", "123456789012345"), "admin");

        String dump = dumpOfTheTable();
        assertThat(dump).doesNotContain(TOKEN).doesNotContain("secretTokenValue").doesNotContain("appSecretValue987")
                .contains("123456789012345");
        assertThat(rawValue("meta.capi.accessToken")).startsWith("enc:v1:");
        assertThat(store.get("meta.capi.accessToken")).isEqualTo(TOKEN);
        assertThat(store.get("meta.capi.appSecret")).isEqualTo("appSecretValue987");
    }

    @Test
    void shouldEncryptPlaintextSecretsFromBeforeWhenInitialized() throws SQLException {
        new JdbcSettingsStore(dataSource, Duration.ofSeconds(2), clock, KEY_ONE).initialize();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO META_SETTINGS (setting_key, setting_value, updated_at) VALUES "
                    + "('meta.capi.accessToken', '" + TOKEN + "', 0)");
        }

        JdbcSettingsStore restarted = new JdbcSettingsStore(dataSource, Duration.ofSeconds(2), clock, KEY_ONE);
        restarted.initialize();

        assertThat(dumpOfTheTable()).doesNotContain(TOKEN);
        assertThat(restarted.get("meta.capi.accessToken")).isEqualTo(TOKEN);
    }

    @Test
    void shouldReturnNoValueAndSayWhyWhenTheSecretWasEncryptedWithAnotherKey() {
        JdbcSettingsStore writer = new JdbcSettingsStore(dataSource, Duration.ofSeconds(2), clock, KEY_ONE);
        writer.initialize();
        writer.save(Map.of("meta.capi.accessToken", TOKEN, "meta.pixel.id", "123456789012345"), "admin");

        JdbcSettingsStore wrongKey = new JdbcSettingsStore(dataSource, Duration.ofSeconds(2), clock, KEY_TWO);
        MetaSettings s = new SettingsResolver(List.of(wrongKey, SystemEnvironmentSettingsSource.of(Map.of(),
                Map.of("META_CAPI_ACCESS_TOKEN", "environmentToken"))), clock).resolve();

        assertThat(wrongKey.get("meta.capi.accessToken")).isNull();
        assertThat(wrongKey.unreadable("meta.capi.accessToken")).contains("another key");
        assertThat(s.pixels().get(0).credentials().accessToken()).isNull();
        assertThat(s.pixels().get(0).credentialsProblem()).contains("meta.capi.accessToken", "cannot be decrypted");
        assertThat(s.setting("meta.capi.accessToken").displayValue()).isEqualTo("saved but unreadable");
        assertThat(s.problems()).anySatisfy(p -> assertThat(p).contains("meta.capi.accessToken", "held"));
        assertThat(s.toString()).doesNotContain(TOKEN);
    }

    @Test
    void shouldReadWithThePreviousKeyAndReencryptWithTheNewOneWhenTheKeyIsRotated() {
        JdbcSettingsStore before = new JdbcSettingsStore(dataSource, Duration.ofSeconds(2), clock, KEY_ONE);
        before.initialize();
        before.save(Map.of("meta.capi.accessToken", TOKEN), "admin");
        byte[] newKey = SecretCipher.newKey();

        new JdbcSettingsStore(dataSource, Duration.ofSeconds(2), clock,
                SecretCipher.of(newKey, KEY_ONE_BYTES, "rotating")).initialize();
        JdbcSettingsStore newKeyOnly = new JdbcSettingsStore(dataSource, Duration.ofSeconds(2), clock,
                SecretCipher.of(newKey, null, "new key only"));

        assertThat(newKeyOnly.get("meta.capi.accessToken")).isEqualTo(TOKEN);
        assertThat(new JdbcSettingsStore(dataSource, Duration.ofSeconds(2), clock, KEY_ONE)
                .get("meta.capi.accessToken")).isNull();
    }

    @Test
    void shouldRefuseToSaveSecretsAndWriteNothingWhenNoKeyIsAvailable() {
        JdbcSettingsStore store = new JdbcSettingsStore(dataSource, Duration.ofSeconds(2), clock,
                SecretCipher.unavailable("META_SECRETS_KEY is not the base64 encoding of 32 bytes"));
        store.initialize();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.save(
                Map.of("meta.capi.accessToken", TOKEN, "meta.pixel.id", "123456789012345"), "admin"))
                .hasMessageContaining("META_SECRETS_KEY").hasMessageNotContaining(TOKEN);
        assertThat(store.get("meta.pixel.id")).isNull();
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
