package io.github.broadleafmeta.core.outbox;

/** A database failure in an outbox operation other than {@code enqueue} (which never throws). */
public final class OutboxException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public OutboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
