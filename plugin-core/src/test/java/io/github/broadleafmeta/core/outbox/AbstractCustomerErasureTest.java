package io.github.broadleafmeta.core.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.broadleafmeta.core.userdata.NormalizerConfig;
import io.github.broadleafmeta.core.userdata.Sha256;
import io.github.broadleafmeta.core.userdata.UserDataNormalizer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Erasure of one customer's outbox rows, run against every supported database by a subclass per database. */
abstract class AbstractCustomerErasureTest {

    static final String PIXEL = "111111111111111";
    static final String ALICE_EMAIL = "Alice.Example@Mail.com";
    static final String BOB_EMAIL = "bob@example.org";

    final UserDataNormalizer normalizer = new UserDataNormalizer(NormalizerConfig.builder().defaultCountry("US")
            .build());
    final String aliceEm = Sha256.hex("alice.example@mail.com");
    final String alicePh = Sha256.hex("16505551212");
    final String aliceId = Sha256.hex("1001");
    final String bobEm = Sha256.hex("bob@example.org");

    TestClock clock;
    OutboxConfig config;
    JdbcOutbox outbox;
    CustomerErasure erasure;
    long nowSeconds;
    int seq;

    abstract DataSource dataSource();

    @BeforeEach
    void freshTable() {
        clock = TestClock.at("2025-03-01T10:15:30Z");
        nowSeconds = clock.millis() / 1000;
        // Two rows per page, so an erasure crosses page boundaries.
        config = OutboxConfig.custom().tableName(TestDatabases.uniqueTable()).pruneBatchSize(2).build();
        outbox = new JdbcOutbox(dataSource(), config, clock);
        outbox.initialize();
        erasure = new CustomerErasure(dataSource(), config, clock);
    }

    /** Enqueues an event whose user_data is {@code userData} (a JSON object body) and returns its event id. */
    String row(String userData, String customData) {
        String eventId = "e" + (++seq);
        String payload = "{\"event_name\":\"Purchase\",\"event_id\":\"" + eventId + "\",\"event_time\":" + nowSeconds
                + ",\"action_source\":\"website\",\"user_data\":{" + userData + ",\"client_ip_address\":\"203.0.113.9\"}"
                + (customData == null ? "" : ",\"custom_data\":{" + customData + "}") + "}";
        assertThat(outbox.enqueue(OutboxEntry.builder().pixelId(PIXEL).eventName("Purchase").eventId(eventId)
                .eventTime(nowSeconds).payloadJson(payload).build()).isEnqueued()).isTrue();
        return eventId;
    }

    boolean exists(String eventId) {
        return outbox.contains(PIXEL, "Purchase", eventId);
    }

    @Test
    void shouldRemoveEveryRowOfTheCustomerByEmailWhateverItsStatusAndKeepOtherCustomersRows() {
        String pending = row("\"em\":[\"" + aliceEm + "\"]", null);
        String sent = row("\"em\":[\"" + bobEm + "\",\"" + aliceEm + "\"],\"ph\":[\"" + alicePh + "\"]", null);
        String bob = row("\"em\":[\"" + bobEm + "\"]", null);
        String held = row("\"external_id\":[\"" + aliceId + "\"],\"em\":[\"" + aliceEm + "\"]", null);
        String bob2 = row("\"em\":[\"" + bobEm + "\"],\"fn\":[\"" + Sha256.hex("bob") + "\"]", null);
        List<OutboxRow> claimed = outbox.claim("node-a", 10, Duration.ofMinutes(2));
        for (OutboxRow c : claimed) {
            if (c.eventId().equals(sent)) {
                outbox.markSent(java.util.Collections.singletonList(c), 1, "t");
            } else if (c.eventId().equals(held)) {
                outbox.markHeld(java.util.Collections.singletonList(c), "fp", OutboxError.reason("auth"), true);
            } else {
                outbox.release(java.util.Collections.singletonList(c), clock.instant());
            }
        }

        ErasureResult result = erasure.erase(CustomerIdentifier.email("  " + ALICE_EMAIL.toUpperCase() + " ",
                normalizer), "admin");

        assertThat(result.rowsRemoved()).isEqualTo(3);
        assertThat(exists(pending)).isFalse();
        assertThat(exists(sent)).isFalse();
        assertThat(exists(held)).isFalse();
        assertThat(exists(bob)).isTrue();
        assertThat(exists(bob2)).isTrue();
    }

    @Test
    void shouldMatchTheDigestOnlyUnderTheIdentifiersOwnKey() {
        // Alice's e-mail digest as another key's value and inside custom_data: not her e-mail, so not her row.
        String underExternalId = row("\"em\":[\"" + bobEm + "\"],\"external_id\":[\"" + aliceEm + "\"]", null);
        String inCustomData = row("\"em\":[\"" + bobEm + "\"]", "\"content_ids\":[\"" + aliceEm + "\"]");
        String alice = row("\"em\":[\"" + aliceEm + "\"]", null);

        int removed = erasure.erase(CustomerIdentifier.email(ALICE_EMAIL, normalizer), "admin").rowsRemoved();

        assertThat(removed).isEqualTo(1);
        assertThat(exists(alice)).isFalse();
        assertThat(exists(underExternalId)).isTrue();
        assertThat(exists(inCustomData)).isTrue();
    }

    @Test
    void shouldRemoveRowsByPhoneAndByCustomerIdNormalizedLikeTheEvents() {
        String byPhone = row("\"ph\":[\"" + alicePh + "\"]", null);
        String byId = row("\"external_id\":[\"" + aliceId + "\"]", null);
        String bob = row("\"em\":[\"" + bobEm + "\"],\"ph\":[\"" + Sha256.hex("16505550000") + "\"]", null);

        int phoneRows = erasure.erase(CustomerIdentifier.phone("(650) 555-1212", null, normalizer), "admin")
                .rowsRemoved();
        int idRows = erasure.erase(CustomerIdentifier.externalId(" 1001 ", normalizer), "admin").rowsRemoved();

        assertThat(phoneRows).isEqualTo(1);
        assertThat(idRows).isEqualTo(1);
        assertThat(exists(byPhone)).isFalse();
        assertThat(exists(byId)).isFalse();
        assertThat(exists(bob)).isTrue();
    }

    @Test
    void shouldRecordTheErasureWithoutTheRawValueOrTheWholeDigest() throws SQLException {
        row("\"em\":[\"" + aliceEm + "\"]", null);
        row("\"em\":[\"" + aliceEm + "\"]", null);
        List<String> logged = new ArrayList<String>();
        Logger jul = Logger.getLogger(CustomerErasure.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Level level = jul.getLevel();
        jul.setLevel(Level.ALL);
        jul.addHandler(capture);
        try {
            erasure.erase(CustomerIdentifier.email(ALICE_EMAIL, normalizer), "store-admin");
        } finally {
            jul.removeHandler(capture);
            jul.setLevel(level);
        }

        List<ErasureResult.Record> log = erasure.recentErasures(10);
        assertThat(log).hasSize(1);
        assertThat(log.get(0).kind()).isEqualTo(CustomerIdentifier.Kind.EMAIL);
        assertThat(log.get(0).rowsRemoved()).isEqualTo(2);
        assertThat(log.get(0).requestedBy()).isEqualTo("store-admin");
        assertThat(log.get(0).hashPrefix()).isEqualTo(aliceEm.substring(0, 8));
        String table = everyValueOf(erasure.logTableName());
        assertThat(table).doesNotContainIgnoringCase("alice").doesNotContain(aliceEm);
        assertThat(logged).anySatisfy(line -> assertThat(line).contains("e-mail").contains("2 rows")
                .contains("store-admin"));
        assertThat(String.join("\n", logged)).doesNotContainIgnoringCase("alice").doesNotContain(aliceEm);
    }

    @Test
    void shouldRefuseAMalformedEmailWithoutEchoingIt() {
        row("\"em\":[\"" + aliceEm + "\"]", null);

        assertThatThrownBy(() -> CustomerIdentifier.email("alice at mail", normalizer))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a valid e-mail")
                .hasMessageNotContaining("alice");
        assertThatThrownBy(() -> CustomerIdentifier.phone("   ", null, normalizer))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("phone");
        assertThat(erasure.recentErasures(10)).isEmpty();
    }

    String everyValueOf(String table) throws SQLException {
        StringBuilder sb = new StringBuilder();
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    sb.append(rs.getString(i)).append('|');
                }
            }
        }
        return sb.toString();
    }
}
