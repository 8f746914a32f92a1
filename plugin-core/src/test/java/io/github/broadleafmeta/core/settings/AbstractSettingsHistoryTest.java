package io.github.broadleafmeta.core.settings;

import io.github.broadleafmeta.core.outbox.TestClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every save of {@link JdbcSettingsStore} leaves who, when and old → new in the history; secrets only "changed".
 * One subclass per database.
 */
abstract class AbstractSettingsHistoryTest {

    private static final Instant START = Instant.parse("2026-12-01T08:00:00Z");
    private static final String TOKEN = "EAAB-history-token-must-not-appear";

    private DataSource db;
    private TestClock clock;
    private JdbcSettingsStore store;

    abstract DataSource dataSource();

    @BeforeEach
    void setUp() throws Exception {
        db = dataSource();
        clock = new TestClock(START);
        store = new JdbcSettingsStore(db, Duration.ZERO, clock, SecretCipher.of(SecretCipher.newKey(), null,
                "test key"));
        store.initialize();
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM " + SettingsHistory.TABLE);
            s.executeUpdate("DELETE FROM " + JdbcSettingsStore.TABLE);
        }
    }

    @Test
    void shouldRecordWhoWhenAndOldToNewWhenASettingChanges() {
        store.save(Map.of("meta.pixel.id", "111111111111111"), "alice");
        clock.advance(Duration.ofMinutes(5));
        store.save(Map.of("meta.pixel.id", "222222222222222"), "bob");

        List<SettingsChange> changes = store.history().recent(0, 10);

        assertThat(changes).hasSize(2);
        SettingsChange newest = changes.get(0);
        assertThat(newest.changedBy()).isEqualTo("bob");
        assertThat(newest.changedAt()).isEqualTo(START.plus(Duration.ofMinutes(5)));
        assertThat(newest.key()).isEqualTo("meta.pixel.id");
        assertThat(newest.oldValue()).isEqualTo("111111111111111");
        assertThat(newest.newValue()).isEqualTo("222222222222222");
        assertThat(changes.get(1).oldValue()).isNull();
        assertThat(changes.get(1).changedBy()).isEqualTo("alice");
    }

    @Test
    void shouldRecordARemovedKeyWithNullNewValue() {
        store.save(Map.of("meta.dispatch.batchSize", "500"), "alice");
        Map<String, String> remove = new HashMap<>();
        remove.put("meta.dispatch.batchSize", null);
        clock.advance(Duration.ofSeconds(1));
        store.save(remove, "alice");

        SettingsChange removal = store.history().recent(0, 1).get(0);
        assertThat(removal.oldValue()).isEqualTo("500");
        assertThat(removal.newValue()).isNull();
    }

    @Test
    void shouldNotRecordAKeySavedWithItsCurrentValue() {
        store.save(Map.of("meta.dispatch.batchSize", "500"), "alice");
        store.save(Map.of("meta.dispatch.batchSize", "500"), "alice");
        assertThat(store.history().count()).isEqualTo(1);
    }

    @Test
    void shouldRecordASecretAsChangedWithoutItsValueOrCiphertext() throws Exception {
        store.save(Map.of("meta.capi.accessToken", TOKEN), "alice");
        store.save(Map.of("meta.capi.accessToken", TOKEN + "-2"), "alice");

        List<SettingsChange> changes = store.history().recent(0, 10);
        assertThat(changes).hasSize(2).allSatisfy(c -> {
            assertThat(c.isSecret()).isTrue();
            assertThat(c.oldValue()).isNull();
            assertThat(c.newValue()).isNull();
        });
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT old_value, new_value FROM " + SettingsHistory.TABLE)) {
            while (rs.next()) {
                assertThat(rs.getString(1)).isNull();
                assertThat(rs.getString(2)).isNull();
            }
        }
    }

    @Test
    void shouldGiveTheValueSavedAtAPastMomentFromTheHistory() {
        store.save(Map.of("meta.pixel.enabled", "false"), "alice");
        Instant off = clock.instant();
        clock.advance(Duration.ofHours(1));
        store.save(Map.of("meta.pixel.enabled", "true"), "alice");

        SettingsHistory history = store.history();
        SettingsHistory.Known before = history.valueAt("meta.pixel.enabled", off.minusSeconds(1));
        assertThat(before.isKnown()).isTrue();
        assertThat(before.value()).isNull();
        assertThat(history.valueAt("meta.pixel.enabled", off.plusSeconds(60)).value()).isEqualTo("false");
        assertThat(history.valueAt("meta.pixel.enabled", off.plus(Duration.ofHours(2))).value()).isEqualTo("true");
        assertThat(history.valueAt("meta.consent.required", off).isKnown()).isFalse();
    }

    @Test
    void shouldWriteNothingWhenTheSaveFails() {
        store.save(Map.of("meta.pixel.id", "111111111111111"), "alice");
        JdbcSettingsStore withoutKey = new JdbcSettingsStore(db, Duration.ZERO, clock,
                SecretCipher.unavailable("no key (test)"));
        try {
            withoutKey.save(Map.of("meta.pixel.id", "333333333333333", "meta.capi.accessToken", TOKEN), "mallory");
        } catch (RuntimeException expected) {
            // refused: a secret cannot be stored without a key
        }
        assertThat(store.history().count()).isEqualTo(1);
    }
}
