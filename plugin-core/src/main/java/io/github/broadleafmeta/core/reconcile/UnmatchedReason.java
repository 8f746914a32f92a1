package io.github.broadleafmeta.core.reconcile;

import io.github.broadleafmeta.core.outbox.OutboxStatus;

/** Why a submitted order has no Purchase Meta accepted, each read from stored data (see {@link #of}). */
public enum UnmatchedReason {
    /** The order's stored consent is {@code denied}: nothing identifying the shopper may reach Meta. */
    NO_CONSENT("no consent"),
    /** The order's stored bot verdict is {@code true}: crawlers' actions are not sent. */
    BOT("bot"),
    /** The pixel (or the plugin's master switch) was off at the order's submit time, per the settings history. */
    PLUGIN_DISABLED("plugin disabled then"),
    /** The Purchase row is NOT_CONFIRMED: the order was cancelled or never confirmed in time. */
    NOT_CONFIRMED("not confirmed"),
    /** Meta refused the Purchase; its message is the detail. */
    REJECTED("rejected"),
    /** The Purchase waits for delivery or for its next attempt after a failure. */
    WAITING("waiting or retrying"),
    /** Meta refused the pixel's token or permissions; the Purchase resumes when the credentials change. */
    HELD_CREDENTIALS("held for credentials"),
    /** No access token was set: the Purchase was recorded, nothing was sent. */
    DRY_RUN("dry run"),
    /** The Purchase could not be delivered within Meta's 7 days. */
    EXPIRED("expired"),
    /** No Purchase row and nothing stored explains it: a lost write the sweep has not rebuilt (yet). */
    NO_PURCHASE_ROW("no Purchase row");

    private final String label;

    UnmatchedReason(String label) {
        this.label = label;
    }

    /** The words the admin shows. */
    public String label() {
        return label;
    }

    /**
     * The reason for one order, or null when Meta accepted its Purchase. A Purchase row decides by its status; without
     * one, the order's stored consent, then its bot verdict (the order in which the live path refuses), then the
     * pixel's switch at submit time; else {@link #NO_PURCHASE_ROW}.
     *
     * @param purchase         the order's Purchase row for the pixel, or null
     * @param disabledAtSubmit whether the pixel was switched off when the order was submitted
     */
    public static UnmatchedReason of(SubmittedOrder order, PurchaseRecord purchase, boolean disabledAtSubmit) {
        if (purchase != null) {
            return ofStatus(purchase.status());
        }
        if ("denied".equalsIgnoreCase(order.consent())) {
            return NO_CONSENT;
        }
        if (Boolean.TRUE.equals(order.bot())) {
            return BOT;
        }
        return disabledAtSubmit ? PLUGIN_DISABLED : NO_PURCHASE_ROW;
    }

    private static UnmatchedReason ofStatus(OutboxStatus status) {
        switch (status) {
            case SENT:
                return null;
            case REJECTED:
                return REJECTED;
            case PENDING:
            case IN_FLIGHT:
                return WAITING;
            case HELD_CREDENTIALS:
                return HELD_CREDENTIALS;
            case DRY_RUN:
                return DRY_RUN;
            case NOT_CONFIRMED:
                return NOT_CONFIRMED;
            case EXPIRED:
                return EXPIRED;
            default:
                throw new IllegalArgumentException("no reason for status " + status);
        }
    }
}
