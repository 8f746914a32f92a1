package io.github.broadleafmeta.core.outbox;

/** The storefront's side of the outbox: record an event, and mark its browser copy rendered. */
public interface OutboxWriter {

    /**
     * Adds one event. Never throws: a duplicate (same pixel, event name and event id) is {@code DUPLICATE}, any
     * failure is logged without the payload and returned as {@code FAILED}.
     */
    EnqueueResult enqueue(OutboxEntry entry);

    /**
     * Records that the browser copy of an event was rendered. True only for the first call per event (and false
     * when the event was enqueued with its browser copy already rendered, or has no row here).
     */
    boolean markBrowserRendered(String pixelId, String eventName, String eventId);

    /** Whether a row exists for the event (any status). */
    boolean contains(String pixelId, String eventName, String eventId);
}
