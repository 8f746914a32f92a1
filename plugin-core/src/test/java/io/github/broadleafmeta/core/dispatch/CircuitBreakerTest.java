package io.github.broadleafmeta.core.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.broadleafmeta.core.outbox.TestClock;

class CircuitBreakerTest {

    private final TestClock clock = TestClock.at("2025-03-01T10:00:00Z");
    private final List<String> transitions = new ArrayList<String>();
    private final CircuitBreaker breaker = new CircuitBreaker("px", 3, Duration.ofSeconds(30), Duration.ofSeconds(100),
            clock, new DispatchListener() {
                @Override
                public void circuitChanged(String pixelId, CircuitBreaker.State from, CircuitBreaker.State to) {
                    transitions.add(pixelId + ":" + from + "->" + to);
                }
            });

    private void fail(int n) {
        for (int i = 0; i < n; i++) {
            assertThat(breaker.tryAcquirePermission()).isTrue();
            breaker.onFailure();
        }
    }

    @Test
    void shouldOpenAfterConsecutiveFailures() {
        fail(2);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        fail(1);

        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.tryAcquirePermission()).isFalse();
        assertThat(breaker.nextProbeAt()).isEqualTo(clock.instant().plusSeconds(30));
        assertThat(transitions).containsExactly("px:CLOSED->OPEN");
    }

    @Test
    void shouldStayClosedWhenASuccessInterruptsTheFailures() {
        fail(2);
        breaker.onSuccess();
        fail(2);

        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void shouldLetExactlyOneProbeThroughWhenTheOpenIntervalHasPassed() {
        fail(3);
        clock.advance(Duration.ofSeconds(30));

        assertThat(breaker.tryAcquirePermission()).isTrue();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(breaker.tryAcquirePermission()).isFalse();
    }

    @Test
    void shouldCloseWhenTheProbeSucceeds() {
        fail(3);
        clock.advance(Duration.ofSeconds(30));
        breaker.tryAcquirePermission();
        breaker.onSuccess();

        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.tryAcquirePermission()).isTrue();
        assertThat(transitions).containsExactly("px:CLOSED->OPEN", "px:OPEN->HALF_OPEN", "px:HALF_OPEN->CLOSED");
    }

    @Test
    void shouldReopenWithADoubledIntervalCappedWhenProbesFail() {
        fail(3);
        clock.advance(Duration.ofSeconds(30));
        breaker.tryAcquirePermission();
        breaker.onFailure();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.nextProbeAt()).isEqualTo(clock.instant().plusSeconds(60));

        clock.advance(Duration.ofSeconds(60));
        breaker.tryAcquirePermission();
        breaker.onFailure();
        assertThat(breaker.nextProbeAt()).isEqualTo(clock.instant().plusSeconds(100));
    }

    @Test
    void shouldGiveTheProbeBackWhenItWasNotSent() {
        fail(3);
        clock.advance(Duration.ofSeconds(30));
        breaker.tryAcquirePermission();
        breaker.onIgnored();

        assertThat(breaker.tryAcquirePermission()).isTrue();
    }

    @Test
    void shouldIgnoreLateFailuresWhenAlreadyOpen() {
        fail(3);
        breaker.onFailure();
        breaker.onFailure();

        assertThat(breaker.nextProbeAt()).isEqualTo(clock.instant().plusSeconds(30));
        assertThat(transitions).hasSize(1);
    }
}
