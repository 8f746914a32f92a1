package io.github.broadleafmeta.core.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.broadleafmeta.core.outbox.TestClock;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HealthCheckTest {

    private static final String PIXEL = "111111111111111";
    private static final String OTHER_PIXEL = "222222222222222";

    private final TestClock clock = TestClock.at("2026-12-07T08:00:00Z");
    private final FakeDelivery delivery = new FakeDelivery();
    private final HealthCheck health = new HealthCheck(delivery,
            () -> AlertSettings.builder().pixelIds(Arrays.asList(PIXEL, OTHER_PIXEL)).build(), clock);

    @Test
    void shouldBeUpWhenCircuitsClosedNothingHeldAndBacklogYoung() throws Exception {
        delivery.set(new PixelDelivery(PIXEL, "CLOSED", null, false, clock.instant().minus(Duration.ofMinutes(29)),
                0, 0));
        HealthReport report = health.report();
        assertThat(report.up()).isTrue();
        JsonNode json = new ObjectMapper().readTree(report.toJson());
        assertThat(json.get("status").asText()).isEqualTo("UP");
        assertThat(json.get("reasons")).isEmpty();
        assertThat(json.get("pixels")).hasSize(2);
        assertThat(json.get("pixels").get(0).get("oldestWaitingSeconds").asLong()).isEqualTo(29 * 60);
    }

    @Test
    void shouldBeDegradedWithAReasonPerConditionAndPixel() throws Exception {
        delivery.set(new PixelDelivery(PIXEL, "OPEN", clock.instant(), true, null, 0, 0));
        delivery.set(new PixelDelivery(OTHER_PIXEL, "CLOSED", null, false,
                clock.instant().minus(Duration.ofMinutes(31)), 0, 0));
        HealthReport report = health.report();
        JsonNode json = new ObjectMapper().readTree(report.toJson());
        assertThat(json.get("status").asText()).isEqualTo("DEGRADED");
        assertThat(report.reasons()).hasSize(3);
        assertThat(report.reasons().get(0)).startsWith("pixel " + PIXEL + ": circuit OPEN");
        assertThat(report.reasons().get(1)).isEqualTo("pixel " + PIXEL + ": events held for credentials");
        assertThat(report.reasons().get(2)).startsWith("pixel " + OTHER_PIXEL + ": oldest waiting event 31 min");
        assertThat(json.get("pixels").get(1).get("status").asText()).isEqualTo("DEGRADED");
    }

    @Test
    void shouldBeDegradedWhenDeliveryStateCannotBeRead() {
        delivery.failing = true;
        assertThat(health.report().status()).isEqualTo(HealthReport.DEGRADED);
    }
}
