package io.github.broadleafmeta.core.outbox;

import java.time.Instant;

/**
 * A row this node holds a lease on. {@link #version()} is the version the claim wrote; every outcome write is
 * conditional on it, so a row reclaimed by another node is never overwritten by this one.
 */
public final class ClaimedEvent {

    private final long id;
    private final long version;
    private final String pixelId;
    private final String eventName;
    private final String eventId;
    private final long eventTime;
    private final String payloadJson;
    private final String confirmationKey;
    private final int attempts;
    private final Instant createdAt;
    private final Integer lastErrorCode;
    private final String lastErrorMessage;

    public ClaimedEvent(long id, long version, String pixelId, String eventName, String eventId, long eventTime,
            String payloadJson, String confirmationKey, int attempts, Instant createdAt, Integer lastErrorCode,
            String lastErrorMessage) {
        this.id = id;
        this.version = version;
        this.pixelId = pixelId;
        this.eventName = eventName;
        this.eventId = eventId;
        this.eventTime = eventTime;
        this.payloadJson = payloadJson;
        this.confirmationKey = confirmationKey;
        this.attempts = attempts;
        this.createdAt = createdAt;
        this.lastErrorCode = lastErrorCode;
        this.lastErrorMessage = lastErrorMessage;
    }

    public long id() {
        return id;
    }

    public long version() {
        return version;
    }

    public String pixelId() {
        return pixelId;
    }

    public String eventName() {
        return eventName;
    }

    public String eventId() {
        return eventId;
    }

    /** Unix seconds. */
    public long eventTime() {
        return eventTime;
    }

    public String payloadJson() {
        return payloadJson;
    }

    public String confirmationKey() {
        return confirmationKey;
    }

    /** Failed requests that carried this row so far. */
    public int attempts() {
        return attempts;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Integer lastErrorCode() {
        return lastErrorCode;
    }

    public String lastErrorMessage() {
        return lastErrorMessage;
    }

    @Override
    public String toString() {
        return "ClaimedEvent{id=" + id + ", version=" + version + ", pixel=" + pixelId + ", event=" + eventName
                + ", event_id=" + eventId + ", attempts=" + attempts + "}";
    }
}
