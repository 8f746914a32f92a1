package io.github.broadleafmeta.core.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules whose inputs come from other parts of the plugin, tested with in-memory inputs. */
class AlertRulesTest {

    private static final String PIXEL = "111111111111111";
    private static final List<String> PIXELS = Collections.singletonList(PIXEL);
    private static final Instant NOW = Instant.parse("2026-12-07T08:00:00Z");
    private static final AlertSettings DEFAULTS = AlertSettings.builder().pixelIds(PIXELS).build();

    private static AlertCondition.State state(AlertRule rule) {
        return rule.check(PIXELS, DEFAULTS, NOW).get(PIXEL).state();
    }

    @Test
    void shouldBreachWhenPurchaseShareOfTheLastDayIsBelowNinetyPercent() {
        Instant[] asked = new Instant[2];
        AlertRule rule = AlertRules.purchaseShare((pixelId, from, to) -> {
            asked[0] = from;
            asked[1] = to;
            return 0.89;
        });
        assertThat(state(rule)).isEqualTo(AlertCondition.State.BREACHED);
        assertThat(Duration.between(asked[0], asked[1])).isEqualTo(Duration.ofDays(1));
        assertThat(state(AlertRules.purchaseShare((p, f, t) -> 0.90))).isEqualTo(AlertCondition.State.CLEAR);
        assertThat(state(AlertRules.purchaseShare((p, f, t) -> null))).isEqualTo(AlertCondition.State.UNKNOWN);
    }

    @Test
    void shouldBreachWhenRejectionRateExceedsFivePercentOnlyAboveMinimumVolume() {
        FakeDelivery delivery = new FakeDelivery();
        AlertRule rule = AlertRules.rejectionRate(delivery);
        delivery.set(new PixelDelivery(PIXEL, "CLOSED", null, false, null, 94, 6));
        assertThat(state(rule)).isEqualTo(AlertCondition.State.BREACHED);
        delivery.set(new PixelDelivery(PIXEL, "CLOSED", null, false, null, 95, 5));
        assertThat(state(rule)).isEqualTo(AlertCondition.State.CLEAR);
        delivery.set(new PixelDelivery(PIXEL, "CLOSED", null, false, null, 10, 9));
        assertThat(state(rule)).as("19 events, below the minimum of 20").isEqualTo(AlertCondition.State.UNKNOWN);
    }

    @Test
    void shouldBreachWhenPurchaseMatchQualityFallsByOnePointOrMore() {
        assertThat(state(AlertRules.matchQualityDrop(p -> new double[] {7.5, 6.5})))
                .isEqualTo(AlertCondition.State.BREACHED);
        assertThat(state(AlertRules.matchQualityDrop(p -> new double[] {7.5, 6.6})))
                .isEqualTo(AlertCondition.State.CLEAR);
        assertThat(state(AlertRules.matchQualityDrop(p -> new double[] {6.0, 8.0})))
                .isEqualTo(AlertCondition.State.CLEAR);
        assertThat(state(AlertRules.matchQualityDrop(p -> null))).isEqualTo(AlertCondition.State.UNKNOWN);
    }

    @Test
    void shouldBreachWhenTokenExpiresWithinFourteenDays() {
        assertThat(state(AlertRules.tokenExpiry(p -> NOW.plus(Duration.ofDays(13)))))
                .isEqualTo(AlertCondition.State.BREACHED);
        assertThat(state(AlertRules.tokenExpiry(p -> NOW.minus(Duration.ofDays(1)))))
                .isEqualTo(AlertCondition.State.BREACHED);
        assertThat(state(AlertRules.tokenExpiry(p -> NOW.plus(Duration.ofDays(15)))))
                .isEqualTo(AlertCondition.State.CLEAR);
        assertThat(state(AlertRules.tokenExpiry(p -> null))).as("never expires").isEqualTo(AlertCondition.State.UNKNOWN);
    }

    @Test
    void shouldLeaveOutRulesWhoseSourceIsNotWired() {
        assertThat(AlertRules.standard(new FakeDelivery(), null, null, null)).extracting(AlertRule::id)
                .containsExactly(AlertRules.CIRCUIT_OPEN, AlertRules.CREDENTIALS_HELD, AlertRules.BACKLOG_AGE,
                        AlertRules.REJECTION_RATE);
        assertThat(AlertRules.standard(new FakeDelivery(), (p, f, t) -> 1.0, p -> null, p -> null))
                .extracting(AlertRule::id).contains(AlertRules.PURCHASE_SHARE, AlertRules.MATCH_QUALITY_DROP,
                        AlertRules.TOKEN_EXPIRY);
    }

    @Test
    void shouldTreatOffAsRuleSwitchedOff() {
        AlertSettings off = AlertSettings.builder().circuitOpenMinutes(AlertSettings.parseOffOrInt("off")).build();
        assertThat(AlertRules.circuitOpen(new FakeDelivery()).enabled(off)).isFalse();
        assertThat(AlertSettings.offOrIntProblem("off", 0, 10)).isNull();
        assertThat(AlertSettings.offOrIntProblem("11", 0, 10)).isNotNull();
        assertThat(AlertSettings.offOrIntProblem("ten", 0, 10)).isNotNull();
    }
}
