package io.github.broadleafmeta.core.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.github.broadleafmeta.core.capi.DeliveryOutcome;

class BackoffPolicyTest {

    private final BackoffPolicy policy = new BackoffPolicy(Duration.ofSeconds(1), Duration.ofMinutes(15),
            Duration.ofSeconds(60), Duration.ofMinutes(30));

    @Test
    void shouldGrowExponentiallyWhenAttemptsIncrease() {
        // random just below 1 gives (almost) the ceiling: 1 s, 2 s, 4 s, 8 s
        assertThat(policy.delay(1, DeliveryOutcome.RETRY, null, null, 0.999)).isEqualTo(Duration.ofMillis(999));
        assertThat(policy.delay(2, DeliveryOutcome.RETRY, null, null, 0.999)).isEqualTo(Duration.ofMillis(1998));
        assertThat(policy.delay(4, DeliveryOutcome.RETRY, null, null, 0.5)).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void shouldUseFullJitterWhenRandomIsLow() {
        assertThat(policy.delay(5, DeliveryOutcome.RETRY, null, null, 0.0)).isEqualTo(Duration.ZERO);
        assertThat(policy.delay(5, DeliveryOutcome.RETRY, null, null, 0.25)).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void shouldCapTheCeilingWhenAttemptsAreMany() {
        assertThat(policy.delay(11, DeliveryOutcome.RETRY, null, null, 0.5)).isEqualTo(Duration.ofSeconds(450));
        assertThat(policy.delay(1_000, DeliveryOutcome.RETRY, null, null, 0.5)).isEqualTo(Duration.ofSeconds(450));
        assertThat(policy.delay(Integer.MAX_VALUE, DeliveryOutcome.RETRY, null, null, 0.5))
                .isEqualTo(Duration.ofSeconds(450));
    }

    @Test
    void shouldNeverGoBelowTheRateLimitFloorWhenThrottled() {
        assertThat(policy.delay(1, DeliveryOutcome.RATE_LIMITED, 17, null, 0.0)).isEqualTo(Duration.ofSeconds(60));
        assertThat(policy.delay(12, DeliveryOutcome.RATE_LIMITED, 17, null, 0.5)).isEqualTo(Duration.ofSeconds(450));
    }

    @Test
    void shouldHonourRetryAfterWhenTheServerSendsIt() {
        assertThat(policy.delay(1, DeliveryOutcome.RATE_LIMITED, null, 120_000L, 0.0))
                .isEqualTo(Duration.ofSeconds(120));
        assertThat(policy.delay(1, DeliveryOutcome.RETRY, null, 5_000L, 0.0)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void shouldBoundRetryAfterWhenTheHintIsAbsurd() {
        assertThat(policy.delay(1, DeliveryOutcome.RETRY, null, Duration.ofDays(3).toMillis(), 0.0))
                .isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void shouldBackOffForAtLeastTheBlockedFloorWhenCodeIs368() {
        assertThat(policy.delay(1, DeliveryOutcome.RATE_LIMITED, 368, null, 0.0)).isEqualTo(Duration.ofMinutes(30));
        assertThat(policy.delay(1, DeliveryOutcome.RETRY, 368, null, 0.9)).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void shouldRefuseWhenTheOutcomeIsNotRetryable() {
        assertThatThrownBy(() -> policy.delay(1, DeliveryOutcome.REJECTED, null, null, 0.5))
                .hasMessageContaining("REJECTED");
        assertThatThrownBy(() -> policy.delay(0, DeliveryOutcome.RETRY, null, null, 0.5))
                .hasMessageContaining("attempt");
        assertThatThrownBy(() -> policy.delay(1, DeliveryOutcome.RETRY, null, null, 1.0))
                .hasMessageContaining("random");
    }

    @Test
    void shouldNameTheBadValueWhenConfigIsInvalid() {
        assertThatThrownBy(() -> DispatcherConfig.custom().batchSize(1001)).hasMessageContaining("batchSize")
                .hasMessageContaining("1001");
        assertThatThrownBy(() -> DispatcherConfig.custom().maxEventAge(Duration.ofDays(8)))
                .hasMessageContaining("maxEventAge");
        assertThatThrownBy(() -> DispatcherConfig.custom().backoffBase(Duration.ofMinutes(20)).build())
                .hasMessageContaining("backoffCap");
        assertThat(DispatcherConfig.ofDefaults().batchSize()).isEqualTo(1000);
        assertThat(DispatcherConfig.from(DispatcherConfig.ofDefaults()).claimLimit(10).build().leaseDuration())
                .isEqualTo(DispatcherConfig.DEFAULT_LEASE_DURATION);
    }
}
