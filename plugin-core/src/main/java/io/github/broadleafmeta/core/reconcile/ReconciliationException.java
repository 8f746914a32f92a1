package io.github.broadleafmeta.core.reconcile;

/** The order table, the outbox or the settings history could not be read; the message names which. */
public final class ReconciliationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ReconciliationException(String message, Throwable cause) {
        super(message, cause);
    }
}
