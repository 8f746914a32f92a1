package io.github.broadleafmeta.core.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AlertMessageTest {

    @Test
    void shouldSayWhatStartedWhenAndWhereToLook() {
        AlertMessage m = new AlertMessage(AlertMessage.Kind.STARTED, AlertRules.BACKLOG_AGE,
                AlertRules.title(AlertRules.BACKLOG_AGE), "111111111111111",
                Instant.parse("2026-12-07T08:00:00.123456Z"), null, "oldest waiting event 31 min old (threshold 30 min)");
        assertThat(m.text()).isEqualTo("[Meta CAPI] ALERT pixel 111111111111111: Oldest waiting event too old\n"
                + "Since 2026-12-07T08:00:00Z. oldest waiting event 31 min old (threshold 30 min).\n"
                + "Rule backlog_age; see the admin's Meta Pixel section (Alerts).");
        assertThat(m.fields()).containsEntry("state", "started").containsEntry("endedAt", null);
    }

    @Test
    void shouldSayHowLongAnEndedIncidentLasted() {
        AlertMessage m = new AlertMessage(AlertMessage.Kind.ENDED, AlertRules.CIRCUIT_OPEN,
                AlertRules.title(AlertRules.CIRCUIT_OPEN), "111111111111111", Instant.parse("2026-12-07T08:00:00Z"),
                Instant.parse("2026-12-07T11:05:30Z"), "circuit closed");
        assertThat(m.subject()).isEqualTo("[Meta CAPI] RESOLVED pixel 111111111111111: Conversions API circuit open");
        assertThat(m.text()).contains("From 2026-12-07T08:00:00Z to 2026-12-07T11:05:30Z (3 h 5 min). Now: circuit closed.");
        assertThat(AlertMessage.duration(Duration.ofSeconds(30))).isEqualTo("30 s");
        assertThat(AlertMessage.duration(Duration.ofMinutes(42))).isEqualTo("42 min");
    }
}
