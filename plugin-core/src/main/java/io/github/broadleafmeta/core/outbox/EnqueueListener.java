package io.github.broadleafmeta.core.outbox;

/** Told about every enqueue; called on the storefront thread, so implementations must be cheap and never throw. */
public interface EnqueueListener {

    EnqueueListener NO_OP = (entry, result) -> {
    };

    void enqueued(OutboxEntry entry, EnqueueResult result);
}
