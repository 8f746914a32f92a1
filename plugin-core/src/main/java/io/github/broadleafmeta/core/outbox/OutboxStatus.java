package io.github.broadleafmeta.core.outbox;

/** Where an outbox row stands. Stored by name, so never rename a constant. */
public enum OutboxStatus {
    /** Queued, waiting for its due time (the queue row's {@code due_at}). */
    PENDING(false),
    /**
     * Claimed by a node until its queue row's {@code lease_until}; reclaimed by anyone after that. Shown from the
     * queue row's lease, never stored in the event record (which says PENDING meanwhile).
     */
    IN_FLIGHT(false),
    /** Meta accepted it. */
    SENT(true),
    /** Meta refused the event itself (isolated from its batch); never resent unchanged. */
    REJECTED(true),
    /** Older than Meta accepts (7 days) before it could be delivered. */
    EXPIRED(true),
    /** The pixel's token or permissions were refused; resumes when the credentials change. */
    HELD_CREDENTIALS(false),
    /** No access token configured: recorded here, nothing left the machine. */
    DRY_RUN(true),
    /** Its confirmation key (order) was cancelled or never confirmed in time. */
    NOT_CONFIRMED(true);

    private final boolean isFinal;

    OutboxStatus(boolean isFinal) {
        this.isFinal = isFinal;
    }

    /** Final rows are never sent again. */
    public boolean isFinal() {
        return isFinal;
    }
}
