package io.github.broadleafmeta.core.outbox;

/** What {@link JdbcOutbox#enqueue(OutboxEntry)} did. Never carries the payload. */
public final class EnqueueResult {

    public enum Status {
        /** A new row was written. */
        ENQUEUED,
        /** A row with the same pixel, event name and event id already exists; nothing changed. */
        DUPLICATE,
        /** Nothing was written; the failure was logged. */
        FAILED
    }

    private static final EnqueueResult DUPLICATE = new EnqueueResult(Status.DUPLICATE, null);

    private final Status status;
    private final String failure;

    private EnqueueResult(Status status, String failure) {
        this.status = status;
        this.failure = failure;
    }

    static EnqueueResult enqueued() {
        return new EnqueueResult(Status.ENQUEUED, null);
    }

    static EnqueueResult duplicate() {
        return DUPLICATE;
    }

    static EnqueueResult failed(Throwable t) {
        return new EnqueueResult(Status.FAILED, t.getClass().getName());
    }

    public Status status() {
        return status;
    }

    public boolean isEnqueued() {
        return status == Status.ENQUEUED;
    }

    /** The exception class name when {@link Status#FAILED}, otherwise {@code null}. */
    public String failure() {
        return failure;
    }

    @Override
    public String toString() {
        return failure == null ? status.name() : status + "(" + failure + ")";
    }
}
