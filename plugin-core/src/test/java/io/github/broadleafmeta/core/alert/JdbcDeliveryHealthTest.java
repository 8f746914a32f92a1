package io.github.broadleafmeta.core.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.broadleafmeta.core.dispatch.CircuitBreaker;
import io.github.broadleafmeta.core.dispatch.JdbcDispatchStatus;
import io.github.broadleafmeta.core.outbox.OutboxRow;
import io.github.broadleafmeta.core.outbox.JdbcOutbox;
import io.github.broadleafmeta.core.outbox.OutboxConfig;
import io.github.broadleafmeta.core.outbox.OutboxEntry;
import io.github.broadleafmeta.core.outbox.OutboxError;
import io.github.broadleafmeta.core.outbox.TestClock;
import io.github.broadleafmeta.core.outbox.TestDatabases;
import io.github.broadleafmeta.core.userdata.Sha256;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shared delivery state read from a real outbox and status table, and alerts built from it. */
class JdbcDeliveryHealthTest {

    private static final String PIXEL = "111111111111111";
    private static final String OTHER_PIXEL = "222222222222222";
    private static final String SHOPPER_EMAIL = "jane.shopper@example.com";
    private static final List<String> PIXELS = Arrays.asList(PIXEL, OTHER_PIXEL);

    private final TestClock clock = TestClock.at("2026-12-07T08:00:00Z");
    private DataSource dataSource;
    private JdbcOutbox outbox;
    private JdbcDispatchStatus status;
    private JdbcDeliveryHealth health;

    @BeforeEach
    void setUp() {
        dataSource = TestDatabases.hsqldbInMemory();
        outbox = new JdbcOutbox(dataSource, OutboxConfig.ofDefaults(), clock);
        outbox.initialize();
        status = new JdbcDispatchStatus(dataSource, clock, "node-a", Duration.ofHours(1));
        status.initialize();
        health = new JdbcDeliveryHealth(outbox, status, clock, Duration.ZERO);
    }

    @AfterEach
    void tearDown() {
        status.close();
    }

    private void enqueue(String pixelId, String eventId) {
        String hashed = Sha256.hex(SHOPPER_EMAIL);
        outbox.enqueue(OutboxEntry.builder().pixelId(pixelId).eventName("Purchase").eventId(eventId)
                .eventTime(clock.millis() / 1000).payloadJson("{\"event_name\":\"Purchase\",\"event_id\":\"" + eventId
                        + "\",\"user_data\":{\"em\":[\"" + hashed + "\"]}}").matchKeys("em").build());
    }

    private List<OutboxRow> claim(String pixelId) {
        return outbox.claim("node-a", 100, Duration.ofMinutes(2)).stream().filter(e -> e.pixelId().equals(pixelId))
                .collect(Collectors.toList());
    }

    private void openCircuit(String pixelId) throws InterruptedException {
        status.circuitChanged(pixelId, CircuitBreaker.State.CLOSED, CircuitBreaker.State.OPEN);
        for (int i = 0; i < 100 && status.unhealthyCircuits(Duration.ofMinutes(10)).isEmpty(); i++) {
            Thread.sleep(50); // the status table is written on its own thread
        }
    }

    @Test
    void shouldReadCircuitHeldOldestWaitingAndLastHourPerPixel() throws Exception {
        enqueue(PIXEL, "sent");
        enqueue(PIXEL, "rejected");
        List<OutboxRow> first = claim(PIXEL);
        outbox.markSent(first.subList(0, 1), 1, "trace");
        outbox.markRejected(first.subList(1, 2), OutboxError.reason("invalid"));
        clock.advance(Duration.ofMinutes(5));
        enqueue(PIXEL, "waiting");
        enqueue(OTHER_PIXEL, "held");
        outbox.markHeld(claim(OTHER_PIXEL), "fp", OutboxError.reason("token refused"), true);
        clock.advance(Duration.ofMinutes(40));
        openCircuit(PIXEL); // now: status rows older than 10 minutes count as a stopped node's

        Map<String, PixelDelivery> read = health.read(PIXELS);

        PixelDelivery pixel = read.get(PIXEL);
        assertThat(pixel.circuitState()).isEqualTo("OPEN");
        assertThat(pixel.credentialsHeld()).isFalse();
        assertThat(pixel.oldestWaitingAge(clock.instant())).isEqualTo(Duration.ofMinutes(40));
        assertThat(pixel.sentLastHour()).isEqualTo(1);
        assertThat(pixel.rejectedLastHour()).isEqualTo(1);
        PixelDelivery other = read.get(OTHER_PIXEL);
        assertThat(other.circuitClosed()).isTrue();
        assertThat(other.credentialsHeld()).isTrue();
        assertThat(other.oldestWaitingSince()).as("held events are not waiting to be sent").isNull();
    }

    @Test
    void shouldAlertWithoutAnyCustomerDataOrHashFromTheOutbox() throws Exception {
        enqueue(PIXEL, "waiting");
        enqueue(OTHER_PIXEL, "held");
        outbox.markHeld(claim(OTHER_PIXEL), "fp", OutboxError.reason("token refused"), true);
        clock.advance(Duration.ofMinutes(31));
        openCircuit(PIXEL);
        JdbcAlertIncidents incidents = new JdbcAlertIncidents(dataSource, clock);
        incidents.initialize();
        RecordingChannel channel = new RecordingChannel();
        AlertEvaluator evaluator = new AlertEvaluator(AlertRules.standard(health, null, null, null), incidents,
                Collections.singletonList(channel), () -> AlertSettings.builder().pixelIds(PIXELS).circuitOpenMinutes(0).build(), clock,
                "node-a");

        evaluator.evaluateOnce();

        assertThat(channel.messages).extracting(m -> m.ruleId() + "/" + m.pixelId()).containsExactlyInAnyOrder(
                AlertRules.CIRCUIT_OPEN + "/" + PIXEL, AlertRules.BACKLOG_AGE + "/" + PIXEL,
                AlertRules.CREDENTIALS_HELD + "/" + OTHER_PIXEL);
        String everything = channel.messages.stream().map(m -> m.text() + m.fields()).collect(Collectors.joining());
        assertThat(everything).doesNotContain(SHOPPER_EMAIL).doesNotContain(Sha256.hex(SHOPPER_EMAIL))
                .doesNotContain("token refused");
    }
}
