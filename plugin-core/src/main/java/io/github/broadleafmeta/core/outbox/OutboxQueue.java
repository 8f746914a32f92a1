package io.github.broadleafmeta.core.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dispatcher's side of the outbox: lease due rows, then record each batch's outcome. Every outcome write is
 * conditional on the lease the claim handed out ({@link OutboxRow#leaseOwner()}, {@link OutboxRow#version()}): a
 * node that lost its lease writes nothing ({@link WriteResult#leaseLost()}), the new owner's outcome wins.
 */
public interface OutboxQueue {

    /**
     * Leases up to {@code limit} due rows to {@code owner}: queued rows whose due time has come, and leased ones
     * whose lease expired (their node died). A leased row is due again at its lease end by itself.
     *
     * @param owner this node's id; one queue instance per owner, since (owner, lease end) names a claim and lease
     *              ends are unique per instance only
     */
    List<OutboxRow> claim(String owner, int limit, Duration lease);

    /** Meta accepted the request that carried these rows; final. */
    WriteResult markSent(List<OutboxRow> rows, Integer eventsReceived, String fbtraceId);

    /** A transient failure or throttling: counts an attempt and schedules the next one. */
    WriteResult markRetry(List<OutboxRow> rows, Instant nextAttemptAt, OutboxError error);

    /** Meta refused this event itself; final. */
    WriteResult markRejected(List<OutboxRow> rows, OutboxError error);

    /** Too old for Meta before it could be delivered; final, never sent. */
    WriteResult markExpired(List<OutboxRow> rows, OutboxError reason);

    /**
     * Credentials refused: the row waits, remembering which credentials failed; {@link #releaseHeld} resumes it
     * once they change.
     *
     * @param countAttempt true when a request carried these rows, false when they were held without sending
     */
    WriteResult markHeld(List<OutboxRow> rows, String credentialsFingerprint, OutboxError error,
            boolean countAttempt);

    /** No access token: the payload stays as the record; nothing was sent. Final. */
    WriteResult markDryRun(List<OutboxRow> rows);

    /** Its order was cancelled or never confirmed in time; final. */
    WriteResult markNotConfirmed(List<OutboxRow> rows, String reason);

    /**
     * Puts rows back in the queue at {@code nextAttemptAt} without counting an attempt: the request never happened
     * (breaker open, pixel disabled or unknown, order not yet confirmed, dispatcher stopping).
     */
    WriteResult release(List<OutboxRow> rows, Instant nextAttemptAt);

    /**
     * Held rows of {@code pixelId} whose credentials fingerprint differs from {@code currentFingerprint} are due
     * now: the credentials were replaced, so delivery resumes by itself. Returns how many.
     */
    int releaseHeld(String pixelId, String currentFingerprint);

    /** Pixel id → fingerprints of the credentials its held rows failed with. */
    Map<String, Set<String>> heldFingerprints();

    /**
     * Held rows whose event time is before {@code eventTimeBefore} become EXPIRED (Meta refuses events older than 7
     * days, so new credentials could not deliver them). Returns how many.
     */
    int expireHeld(Instant eventTimeBefore);

    /** Deletes final rows recorded before {@code recordedBefore}, in bounded batches. Returns how many. */
    int pruneFinal(Instant recordedBefore);
}
