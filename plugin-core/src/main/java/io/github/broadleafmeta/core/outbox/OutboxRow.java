package io.github.broadleafmeta.core.outbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * The one view of a stored event: what a claim hands the dispatcher and what the admin lists and opens. Outbox v2
 * keeps an event in two tables (the append-only event record, and a narrow queue row while it is undelivered);
 * this class joins them, so callers never see the split. It replaced {@code OutboxRow} (a claim's subset of the
 * same columns) and {@code OutboxRow} (the admin's): two classes for one row meant every new column was added twice
 * and converted between them. {@link OutboxEntry} stays separate on purpose: it is the validated <em>input</em>
 * builder a storefront hook fills, before the row has an id, status or lease.
 *
 * <p>{@link #payload()} is filled for claimed rows and {@link JdbcOutbox#findById(long)}; lists leave it
 * {@code null} so a page of rows stays small. Times are stored as epoch milliseconds (UTC).
 */
public final class OutboxRow {

    private final long id;
    private final String pixelId;
    private final String eventName;
    private final String eventId;
    private final long eventTime;
    private final String payload;
    private final String confirmationKey;
    private final String orderNumber;
    private final String matchKeys;
    private final OutboxStatus status;
    private final int attempts;
    private final Instant nextAttemptAt;
    private final String leaseOwner;
    private final Instant leaseExpiresAt;
    private final long version;
    private final Integer lastErrorCode;
    private final Integer lastErrorSubcode;
    private final String lastErrorMessage;
    private final Instant lastErrorAt;
    private final String lastFbtraceId;
    private final Integer eventsReceived;
    private final Instant createdAt;
    private final Instant updatedAt;
    private final Instant sentAt;
    private final String credentialsFingerprint;

    /** Reads the columns of {@link OutboxSql#rowSelect(boolean)}. */
    private OutboxRow(ResultSet rs, boolean withPayload) throws SQLException {
        this.id = rs.getLong("id");
        this.pixelId = rs.getString("pixel_id");
        this.eventName = rs.getString("event_name");
        this.eventId = rs.getString("event_id");
        this.eventTime = rs.getLong("event_time");
        this.payload = withPayload ? rs.getString("payload") : null;
        this.confirmationKey = rs.getString("confirmation_key");
        this.orderNumber = rs.getString("order_number");
        this.matchKeys = rs.getString("match_keys");
        this.status = OutboxStatus.valueOf(rs.getString("row_status").trim());
        this.attempts = rs.getInt("row_attempts");
        Instant next = instant(rs, "due_at");
        // Held rows carry a "never" sentinel (so claims skip them by index); it is not a date.
        this.nextAttemptAt = next == null || next.toEpochMilli() == Dialect.NEVER ? null : next;
        this.leaseOwner = rs.getString("lease_owner");
        this.leaseExpiresAt = instant(rs, "lease_until");
        this.version = leaseExpiresAt == null ? 0L : leaseExpiresAt.toEpochMilli();
        this.lastErrorCode = integer(rs, "err_code");
        this.lastErrorSubcode = integer(rs, "err_subcode");
        this.lastErrorMessage = rs.getString("err_message");
        this.lastErrorAt = instant(rs, "err_at");
        this.lastFbtraceId = rs.getString("err_fbtrace");
        this.eventsReceived = integer(rs, "events_received");
        this.createdAt = instant(rs, "created_at");
        this.updatedAt = instant(rs, "updated_at");
        this.sentAt = instant(rs, "sent_at");
        this.credentialsFingerprint = rs.getString("fingerprint");
    }

    static OutboxRow read(ResultSet rs, boolean withPayload) throws SQLException {
        return new OutboxRow(rs, withPayload);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    static Integer integer(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : Integer.valueOf(v);
    }

    public long id() {
        return id;
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

    /** Same as {@link #payload()}: the ready-to-send event JSON of a claimed row. */
    public String payloadJson() {
        return payload;
    }

    /** The event JSON (hashed customer data only); {@code null} in lists. */
    public String payload() {
        return payload;
    }

    public String confirmationKey() {
        return confirmationKey;
    }

    public String orderNumber() {
        return orderNumber;
    }

    public String matchKeys() {
        return matchKeys;
    }

    public OutboxStatus status() {
        return status;
    }

    /** Failed requests that carried this row so far. */
    public int attempts() {
        return attempts;
    }

    /**
     * For PENDING rows: when due; for IN_FLIGHT rows: when the lease ends; {@code null} for rows no claim picks up
     * (final and held rows).
     */
    public Instant nextAttemptAt() {
        return nextAttemptAt;
    }

    public String leaseOwner() {
        return leaseOwner;
    }

    public Instant leaseExpiresAt() {
        return leaseExpiresAt;
    }

    /**
     * The lease token of a claimed row (the claim's lease end, unique per claim of one owner): every outcome write
     * is conditional on owner and token, so a row another node reclaimed is never overwritten by this one. 0 when
     * the row is not leased.
     */
    public long version() {
        return version;
    }

    public Integer lastErrorCode() {
        return lastErrorCode;
    }

    public Integer lastErrorSubcode() {
        return lastErrorSubcode;
    }

    public String lastErrorMessage() {
        return lastErrorMessage;
    }

    public Instant lastErrorAt() {
        return lastErrorAt;
    }

    public String lastFbtraceId() {
        return lastFbtraceId;
    }

    public Integer eventsReceived() {
        return eventsReceived;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public Instant sentAt() {
        return sentAt;
    }

    public String credentialsFingerprint() {
        return credentialsFingerprint;
    }

    @Override
    public String toString() {
        return "OutboxRow{id=" + id + ", pixel=" + pixelId + ", event=" + eventName + ", event_id=" + eventId
                + ", status=" + status + ", attempts=" + attempts + "}";
    }
}
