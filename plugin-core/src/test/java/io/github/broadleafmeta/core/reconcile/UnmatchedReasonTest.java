package io.github.broadleafmeta.core.reconcile;

import io.github.broadleafmeta.core.outbox.OutboxStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class UnmatchedReasonTest {

    private static final Instant AT = Instant.parse("2026-12-01T10:15:00Z");

    private static SubmittedOrder order(String consent, Boolean bot) {
        return new SubmittedOrder("1001", AT, consent, bot);
    }

    private static PurchaseRecord row(OutboxStatus status) {
        return new PurchaseRecord("1001", status, 100, "Invalid parameter");
    }

    @Test
    void shouldGiveNoReasonWhenPurchaseWasSent() {
        assertThat(UnmatchedReason.of(order(null, null), row(OutboxStatus.SENT), false)).isNull();
    }

    @ParameterizedTest
    @CsvSource({"REJECTED, REJECTED", "PENDING, WAITING", "IN_FLIGHT, WAITING",
            "HELD_CREDENTIALS, HELD_CREDENTIALS", "DRY_RUN, DRY_RUN", "NOT_CONFIRMED, NOT_CONFIRMED",
            "EXPIRED, EXPIRED"})
    void shouldTakeTheReasonFromThePurchaseStatusWhenARowExists(OutboxStatus status, UnmatchedReason expected) {
        // Stored consent or bot flags never override what the outbox says happened to the row.
        assertThat(UnmatchedReason.of(order("denied", true), row(status), true)).isEqualTo(expected);
    }

    @Test
    void shouldSayNoConsentWhenNoRowAndStoredConsentIsDenied() {
        assertThat(UnmatchedReason.of(order("denied", true), null, true)).isEqualTo(UnmatchedReason.NO_CONSENT);
    }

    @Test
    void shouldSayBotWhenNoRowAndStoredBotVerdictIsTrue() {
        assertThat(UnmatchedReason.of(order("granted", true), null, true)).isEqualTo(UnmatchedReason.BOT);
    }

    @Test
    void shouldSayPluginDisabledWhenNoRowAndPixelWasOffAtSubmitTime() {
        assertThat(UnmatchedReason.of(order("granted", false), null, true))
                .isEqualTo(UnmatchedReason.PLUGIN_DISABLED);
    }

    @Test
    void shouldSayNoPurchaseRowWhenNothingStoredExplainsTheMissingRow() {
        assertThat(UnmatchedReason.of(order("not_required", false), null, false))
                .isEqualTo(UnmatchedReason.NO_PURCHASE_ROW);
        assertThat(UnmatchedReason.of(order(null, null), null, false)).isEqualTo(UnmatchedReason.NO_PURCHASE_ROW);
    }
}
