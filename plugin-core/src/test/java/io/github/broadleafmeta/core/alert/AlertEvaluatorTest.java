package io.github.broadleafmeta.core.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.broadleafmeta.core.outbox.TestClock;
import io.github.broadleafmeta.core.outbox.TestDatabases;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AlertEvaluatorTest {

    private static final String PIXEL = "111111111111111";
    private static final String OTHER_PIXEL = "222222222222222";

    private final TestClock clock = TestClock.at("2026-12-07T08:00:00Z");
    private final FakeDelivery delivery = new FakeDelivery();
    private final RecordingChannel channel = new RecordingChannel();
    private final AtomicReference<AlertSettings> settings = new AtomicReference<>(AlertSettings.builder()
            .pixelIds(Arrays.asList(PIXEL, OTHER_PIXEL)).circuitOpenMinutes(10).clearAfter(Duration.ofMinutes(5))
            .build());
    private JdbcAlertIncidents incidents;
    private AlertEvaluator evaluator;

    @BeforeEach
    void setUp() {
        incidents = new JdbcAlertIncidents(TestDatabases.hsqldbInMemory(), clock);
        incidents.initialize();
        evaluator = new AlertEvaluator(AlertRules.standard(delivery, null, null, null), incidents,
                Collections.singletonList(channel), settings::get, clock, "node-a");
    }

    private void circuit(String pixelId, String state) {
        delivery.set(new PixelDelivery(pixelId, state, "CLOSED".equals(state) ? null : clock.instant(), false, null,
                0, 0));
    }

    private void minutesPass(int minutes) {
        for (int i = 0; i < minutes; i++) {
            clock.advance(Duration.ofMinutes(1));
            evaluator.evaluateOnce();
        }
    }

    @Test
    void shouldSendOneStartAndOneEndWhenCircuitStaysOpenPastThresholdThenStaysClosed() {
        circuit(PIXEL, "OPEN");
        evaluator.evaluateOnce();
        minutesPass(9);
        assertThat(channel.messages).as("open 9 of 10 minutes").isEmpty();

        minutesPass(10);
        assertThat(channel.messages).hasSize(1);
        AlertMessage start = channel.messages.get(0);
        assertThat(start.kind()).isEqualTo(AlertMessage.Kind.STARTED);
        assertThat(start.ruleId()).isEqualTo(AlertRules.CIRCUIT_OPEN);
        assertThat(start.pixelId()).isEqualTo(PIXEL);
        assertThat(incidents.active()).hasSize(1);

        circuit(PIXEL, "CLOSED");
        minutesPass(4);
        assertThat(channel.messages).as("clear 4 of 5 minutes").hasSize(1);
        minutesPass(10);
        assertThat(channel.count(AlertMessage.Kind.ENDED)).isEqualTo(1);
        assertThat(channel.messages).hasSize(2);
        assertThat(incidents.active()).isEmpty();
        assertThat(incidents.recent(10)).singleElement().satisfies(i -> assertThat(i.endedAt()).isNotNull());
    }

    @Test
    void shouldKeepOneIncidentWhenConditionFlapsFasterThanClearPeriod() {
        circuit(PIXEL, "OPEN");
        evaluator.evaluateOnce();
        minutesPass(11);
        for (int flap = 0; flap < 10; flap++) {
            circuit(PIXEL, "CLOSED");
            minutesPass(3);
            circuit(PIXEL, "HALF_OPEN");
            minutesPass(2);
        }
        assertThat(channel.messages).as("50 minutes of flapping").hasSize(1);
        assertThat(channel.count(AlertMessage.Kind.STARTED)).isEqualTo(1);
    }

    @Test
    void shouldUseTheDataOnsetWhenCircuitWasOpenBeforeThisNodeLooked() {
        delivery.set(new PixelDelivery(PIXEL, "OPEN", clock.instant().minus(Duration.ofMinutes(11)), false, null, 0,
                0));
        evaluator.evaluateOnce();
        assertThat(channel.messages).hasSize(1);
        assertThat(channel.messages.get(0).detail()).endsWith("; observed for 11 min");
    }

    @Test
    void shouldAlertOnlyThePixelWhoseCircuitIsOpen() {
        circuit(OTHER_PIXEL, "OPEN");
        evaluator.evaluateOnce();
        minutesPass(11);
        assertThat(channel.messages).extracting(AlertMessage::pixelId).containsExactly(OTHER_PIXEL);
    }

    @Test
    void shouldStartAtOnceWhenCredentialsAreHeld() {
        delivery.set(new PixelDelivery(PIXEL, "CLOSED", null, true, null, 0, 0));
        evaluator.evaluateOnce();
        assertThat(channel.messages).extracting(AlertMessage::ruleId).containsExactly(AlertRules.CREDENTIALS_HELD);
    }

    @Test
    void shouldAlertWhenOldestWaitingEventIsOlderThanThreshold() {
        delivery.set(new PixelDelivery(PIXEL, "CLOSED", null, false, clock.instant().minus(Duration.ofMinutes(29)),
                0, 0));
        evaluator.evaluateOnce();
        assertThat(channel.messages).isEmpty();
        minutesPass(2);
        assertThat(channel.messages).extracting(AlertMessage::ruleId).containsExactly(AlertRules.BACKLOG_AGE);
    }

    @Test
    void shouldEndOpenIncidentWhenItsRuleIsSwitchedOff() {
        delivery.set(new PixelDelivery(PIXEL, "CLOSED", null, true, null, 0, 0));
        evaluator.evaluateOnce();
        settings.set(settings.get().toBuilder().credentialsHeld(false).build());
        evaluator.evaluateOnce();
        assertThat(channel.messages).extracting(AlertMessage::kind)
                .containsExactly(AlertMessage.Kind.STARTED, AlertMessage.Kind.ENDED);
        assertThat(channel.messages.get(1).detail()).contains("switched off");
    }

    @Test
    void shouldNeitherStartNorEndWhileTheInputCannotBeRead() {
        delivery.set(new PixelDelivery(PIXEL, "CLOSED", null, true, null, 0, 0));
        evaluator.evaluateOnce();
        delivery.failing = true;
        minutesPass(30);
        assertThat(channel.messages).hasSize(1);
        assertThat(incidents.active()).hasSize(1);
    }

    @Test
    void shouldSendNothingWhenAlertsAreSwitchedOff() {
        settings.set(settings.get().toBuilder().enabled(false).build());
        delivery.set(new PixelDelivery(PIXEL, "CLOSED", null, true, null, 0, 0));
        evaluator.evaluateOnce();
        assertThat(channel.messages).isEmpty();
    }

    @Test
    void shouldKeepDeliveringToOtherChannelsWhenOneFails() {
        AlertChannel failing = new FailingChannel();
        AlertEvaluator withBroken = new AlertEvaluator(AlertRules.standard(delivery, null, null, null), incidents,
                Arrays.asList(failing, channel), settings::get, clock, "node-a");
        delivery.set(new PixelDelivery(PIXEL, "CLOSED", null, true, null, 0, 0));
        withBroken.evaluateOnce();
        assertThat(channel.messages).hasSize(1);
    }

    /** A channel whose every send fails, like an SMTP server that is down. */
    private static final class FailingChannel implements AlertChannel {
        @Override
        public String name() {
            return "broken";
        }

        @Override
        public boolean configured(AlertSettings s) {
            return true;
        }

        @Override
        public void send(AlertMessage m, AlertSettings s) throws Exception {
            throw new java.io.IOException("SMTP down");
        }
    }
}
