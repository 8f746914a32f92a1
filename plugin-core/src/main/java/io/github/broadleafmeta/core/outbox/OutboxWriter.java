package io.github.broadleafmeta.core.outbox;

import java.sql.Connection;
import java.util.List;

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

    /**
     * Adds several events in ONE transaction on the outbox's own connection: one commit for the batch (the
     * background writer's path). Never throws; results in the entries' order, duplicates {@code DUPLICATE}, and a
     * failure marks every entry of the batch {@code FAILED} (logged once).
     */
    List<EnqueueResult> enqueueAll(List<OutboxEntry> entries);

    /**
     * {@link #enqueueAll(List)} with its commit in {@code mode}: {@link CommitMode#ASYNCHRONOUS} only for events
     * whose loss in a database crash costs nothing lasting (see there).
     */
    List<EnqueueResult> enqueueAll(List<OutboxEntry> entries, CommitMode mode);

    /**
     * Adds events on a connection of the CALLER's open transaction (the storefront's cart or order transaction):
     * the rows commit or roll back with the caller's work, and this method never commits, rolls back or closes
     * {@code hostTransaction}. The inserts run under a savepoint that is rolled back on any failure, so neither a
     * duplicate nor an error can abort the caller's transaction (PostgreSQL aborts a transaction on any failed
     * statement) or leave an event record without its queue row. Never throws.
     */
    List<EnqueueResult> enqueueAll(List<OutboxEntry> entries, Connection hostTransaction);

    /**
     * Records that the browser copies of several events were rendered, in one transaction (the background writer
     * batches the marks pages make), committed {@linkplain CommitMode#ASYNCHRONOUS asynchronously} where the database
     * allows: a lost mark only undercounts the admin's browser/server coverage. Events without a record, or already
     * marked, are left alone. Never throws.
     *
     * @param events each element {pixelId, eventName, eventId}
     * @return how many were marked now
     */
    int markBrowserRenderedAll(List<String[]> events);

    /** Whether a row exists for the event (any status). */
    boolean contains(String pixelId, String eventName, String eventId);
}
