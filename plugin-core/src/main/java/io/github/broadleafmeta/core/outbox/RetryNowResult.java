package io.github.broadleafmeta.core.outbox;

/** The admin's "retry now": done, or why not. */
public final class RetryNowResult {

    public enum Status {
        /** The row is PENDING and due now. */
        SCHEDULED,
        NOT_FOUND,
        /** The row's status does not allow a blind resend; {@link #message()} says why. */
        NOT_RETRYABLE
    }

    private final Status status;
    private final OutboxStatus rowStatus;
    private final String message;

    RetryNowResult(Status status, OutboxStatus rowStatus, String message) {
        this.status = status;
        this.rowStatus = rowStatus;
        this.message = message;
    }

    public Status status() {
        return status;
    }

    /** The row's status before the call, {@code null} when not found. */
    public OutboxStatus rowStatus() {
        return rowStatus;
    }

    public String message() {
        return message;
    }

    @Override
    public String toString() {
        return status + (rowStatus == null ? "" : " (" + rowStatus + ")") + ": " + message;
    }
}
