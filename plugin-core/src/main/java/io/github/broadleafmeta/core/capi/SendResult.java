package io.github.broadleafmeta.core.capi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The classified outcome of one {@link SendRequest}. For {@link DeliveryOutcome#DELIVERED}: {@code eventsReceived},
 * {@code messages} and {@code fbtraceId}; otherwise {@code error} (Meta's or a local transport failure) and,
 * when the server said so, {@code retryAfterMillis}.
 */
public final class SendResult {

    private final DeliveryOutcome outcome;
    private final int httpStatus;
    private final Integer eventsReceived;
    private final List<String> messages;
    private final String fbtraceId;
    private final GraphError error;
    private final Long retryAfterMillis;

    private SendResult(DeliveryOutcome outcome, int httpStatus, Integer eventsReceived, List<String> messages,
            String fbtraceId, GraphError error, Long retryAfterMillis) {
        this.outcome = outcome;
        this.httpStatus = httpStatus;
        this.eventsReceived = eventsReceived;
        this.messages = messages == null ? Collections.<String>emptyList()
                : Collections.unmodifiableList(new ArrayList<String>(messages));
        this.fbtraceId = fbtraceId;
        this.error = error;
        this.retryAfterMillis = retryAfterMillis;
    }

    public static SendResult delivered(int httpStatus, int eventsReceived, List<String> messages, String fbtraceId) {
        return new SendResult(DeliveryOutcome.DELIVERED, httpStatus, eventsReceived, messages, fbtraceId, null, null);
    }

    /**
     * A failed request.
     *
     * @param httpStatus 0 when no HTTP response arrived
     */
    public static SendResult failed(DeliveryOutcome outcome, int httpStatus, GraphError error, String fbtraceId,
            Long retryAfterMillis) {
        if (outcome == DeliveryOutcome.DELIVERED) {
            throw new IllegalArgumentException("use delivered() for a delivered result");
        }
        if (error == null) {
            throw new IllegalArgumentException("a failed result needs an error");
        }
        return new SendResult(outcome, httpStatus, null, null, fbtraceId, error, retryAfterMillis);
    }

    public DeliveryOutcome outcome() {
        return outcome;
    }

    public boolean isDelivered() {
        return outcome == DeliveryOutcome.DELIVERED;
    }

    /** 0 when no HTTP response arrived. */
    public int httpStatus() {
        return httpStatus;
    }

    public Integer eventsReceived() {
        return eventsReceived;
    }

    public List<String> messages() {
        return messages;
    }

    public String fbtraceId() {
        return fbtraceId;
    }

    public GraphError error() {
        return error;
    }

    /** A server-provided wait (Retry-After), or {@code null}. */
    public Long retryAfterMillis() {
        return retryAfterMillis;
    }

    @Override
    public String toString() {
        return "SendResult{" + outcome + ", http=" + httpStatus
                + (eventsReceived != null ? ", events_received=" + eventsReceived : "")
                + (fbtraceId != null ? ", fbtrace_id=" + fbtraceId : "")
                + (error != null ? ", error=" + error.summary() : "") + "}";
    }
}
