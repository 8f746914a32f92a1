package io.github.broadleafmeta.core.tracking;

import io.github.broadleafmeta.core.outbox.EnqueueResult;
import io.github.broadleafmeta.core.outbox.JdbcOutbox;
import io.github.broadleafmeta.core.outbox.OutboxEntry;

import java.util.List;
import java.util.function.Function;

/**
 * Where {@link EventRecorder} puts the server copies of one action, and where the page side reports rendered
 * browser copies. A storefront adapter picks the path per call: the host's open transaction, the
 * {@link BackgroundOutboxWriter}, or {@link #direct} (its own commit; tools and tests).
 */
public interface ServerCopyWriter {

    /** Writes one action's server copies (one entry per enabled pixel). Never throws. */
    Recording.ServerCopy write(List<OutboxEntry> entries);

    /**
     * Writes one action's server copies, built where this writer sees fit: at once here (so the outcome is exact:
     * INVALID, DUPLICATE, ...); a writer that writes later may build later, on its own thread, and answer
     * HANDED_OFF. Never throws for a bad action (a failing build throws: the caller contains and counts it).
     */
    default Recording.ServerCopy write(PendingServerCopy copy) {
        return buildAndWrite(copy, this::write);
    }

    /**
     * Builds the copy now and writes its rows with {@code rows}: an invalid action is INVALID, one that no pixel
     * takes (or every pixel already has) is DUPLICATE, without a write.
     */
    static Recording.ServerCopy buildAndWrite(PendingServerCopy copy,
            Function<List<OutboxEntry>, Recording.ServerCopy> rows) {
        List<OutboxEntry> entries = copy.build();
        if (entries == null) {
            return Recording.ServerCopy.INVALID;
        }
        return entries.isEmpty() ? Recording.ServerCopy.DUPLICATE : rows.apply(entries);
    }

    /**
     * The browser copies of these events were rendered (browser/server coverage in the admin).
     *
     * @param events each element {pixelId, eventName, eventId}
     */
    void browserCopiesRendered(List<String[]> events);

    /** Writes at once on the outbox's own connection, one commit per call. */
    static ServerCopyWriter direct(JdbcOutbox outbox) {
        return new DirectOutboxWriter(outbox);
    }

    /** One action's outcome from its entries' results: any failure fails it, any new row enqueues it. */
    static Recording.ServerCopy outcome(List<EnqueueResult> results) {
        Recording.ServerCopy outcome = Recording.ServerCopy.DUPLICATE;
        for (EnqueueResult r : results) {
            if (r.status() == EnqueueResult.Status.FAILED) {
                return Recording.ServerCopy.FAILED;
            }
            if (r.isEnqueued()) {
                outcome = Recording.ServerCopy.ENQUEUED;
            }
        }
        return outcome;
    }
}
