package io.github.broadleafmeta.core.reconcile;

import java.time.Instant;

/** A submitted order without a Purchase Meta accepted, and why. */
public final class UnmatchedOrder {

    private final String orderNumber;
    private final Instant submittedAt;
    private final UnmatchedReason reason;
    private final String detail;

    UnmatchedOrder(String orderNumber, Instant submittedAt, UnmatchedReason reason, String detail) {
        this.orderNumber = orderNumber;
        this.submittedAt = submittedAt;
        this.reason = reason;
        this.detail = detail;
    }

    public String orderNumber() {
        return orderNumber;
    }

    public Instant submittedAt() {
        return submittedAt;
    }

    public UnmatchedReason reason() {
        return reason;
    }

    /** Meta's error code and message for a rejected or failing Purchase, the plugin's reason for others; or null. */
    public String detail() {
        return detail;
    }

    @Override
    public String toString() {
        return orderNumber + ": " + reason.label() + (detail == null ? "" : " (" + detail + ")");
    }
}
