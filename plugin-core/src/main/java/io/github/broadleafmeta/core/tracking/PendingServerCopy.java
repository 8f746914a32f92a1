package io.github.broadleafmeta.core.tracking;

import io.github.broadleafmeta.core.outbox.OutboxEntry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One action's server copies before they are built. Building them (normalizing and hashing the customer, the
 * event's JSON) is CPU that a shopper's request need not pay when its rows are written later anyway: a
 * {@link ServerCopyWriter} that writes at once builds at once, the {@link BackgroundOutboxWriter} builds on its own
 * thread. Immutable inputs only, so it can be built on any thread.
 */
public abstract class PendingServerCopy {

    private final String eventName;

    protected PendingServerCopy(String eventName) {
        this.eventName = eventName;
    }

    /** Rows that are built already. */
    public static PendingServerCopy of(List<OutboxEntry> entries) {
        final List<OutboxEntry> rows = Collections.unmodifiableList(new ArrayList<OutboxEntry>(entries));
        return new PendingServerCopy(rows.isEmpty() ? null : rows.get(0).eventName()) {
            @Override
            public List<OutboxEntry> build() {
                return rows;
            }
        };
    }

    /** For counters and logs: the event's name (null for an empty set of rows). */
    public String eventName() {
        return eventName;
    }

    /**
     * The rows, one per pixel that takes the event; empty when no pixel does; null when the action is not a valid
     * Conversions API event (the builder logs why, without customer data).
     */
    public abstract List<OutboxEntry> build();
}
