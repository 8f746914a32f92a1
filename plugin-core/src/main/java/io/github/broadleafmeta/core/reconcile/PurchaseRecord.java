package io.github.broadleafmeta.core.reconcile;

import io.github.broadleafmeta.core.outbox.OutboxStatus;

/** What the outbox holds about one order's Purchase for one pixel: its status and Meta's last error. */
public final class PurchaseRecord {

    private final String orderNumber;
    private final OutboxStatus status;
    private final Integer errorCode;
    private final String errorMessage;

    public PurchaseRecord(String orderNumber, OutboxStatus status, Integer errorCode, String errorMessage) {
        if (orderNumber == null || status == null) {
            throw new IllegalArgumentException("orderNumber and status are required");
        }
        this.orderNumber = orderNumber;
        this.status = status;
        this.errorCode = errorCode;
        this.errorMessage = errorMessage;
    }

    public String orderNumber() {
        return orderNumber;
    }

    public OutboxStatus status() {
        return status;
    }

    /** Meta's error code of the last failure, or null. */
    public Integer errorCode() {
        return errorCode;
    }

    /** Meta's message of the last failure (or the plugin's reason for NOT_CONFIRMED / EXPIRED), or null. */
    public String errorMessage() {
        return errorMessage;
    }
}
