package io.github.broadleafmeta.core.outbox;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * One server event as a storefront hook hands it to the outbox. {@link #payloadJson()} is the ready-to-send event
 * object (hashed customer data only); the outbox never parses it. {@link #toString()} never shows the payload.
 */
public final class OutboxEntry {

    public static final int MAX_PIXEL_ID_LENGTH = 64;
    public static final int MAX_EVENT_NAME_LENGTH = 100;
    public static final int MAX_EVENT_ID_LENGTH = 200;
    public static final int MAX_KEY_LENGTH = 100;
    public static final int MAX_MATCH_KEYS_LENGTH = 200;
    /** Far above any real event (a 1,000-line order is ~100 KB); bounds the HSQLDB column. */
    public static final int MAX_PAYLOAD_LENGTH = 1_000_000;

    private final String pixelId;
    private final String eventName;
    private final String eventId;
    private final long eventTime;
    private final String payloadJson;
    private final String confirmationKey;
    private final String orderNumber;
    private final String matchKeys;
    private final boolean browserRendered;

    private OutboxEntry(Builder b, String matchKeys) {
        this.pixelId = b.pixelId;
        this.eventName = b.eventName;
        this.eventId = b.eventId;
        this.eventTime = b.eventTime;
        this.payloadJson = b.payloadJson;
        this.confirmationKey = emptyToNull(b.confirmationKey);
        this.orderNumber = emptyToNull(b.orderNumber);
        this.matchKeys = matchKeys;
        this.browserRendered = b.browserRendered;
    }

    public static Builder builder() {
        return new Builder();
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

    /** Unix seconds, as sent to Meta. */
    public long eventTime() {
        return eventTime;
    }

    public String payloadJson() {
        return payloadJson;
    }

    /** When present, the dispatcher sends the row only once this key (an order number) is confirmed. */
    public String confirmationKey() {
        return confirmationKey;
    }

    /** For the admin's search only; never gates delivery. */
    public String orderNumber() {
        return orderNumber;
    }

    /** Normalized comma list of the match keys the event carried, e.g. {@code em,ph,fbp}; may be {@code null}. */
    /** True when the event's browser copy is rendered in the same response (recorded as browser_rendered_at). */
    public boolean browserRendered() {
        return browserRendered;
    }

    public String matchKeys() {
        return matchKeys;
    }

    @Override
    public String toString() {
        return "OutboxEntry{pixel=" + pixelId + ", event=" + eventName + ", event_id=" + eventId + ", event_time="
                + eventTime + (confirmationKey != null ? ", confirmationKey=" + confirmationKey : "") + "}";
    }

    private static String emptyToNull(String s) {
        return s == null || s.trim().isEmpty() ? null : s.trim();
    }

    public static final class Builder {
        private String pixelId;
        private String eventName;
        private String eventId;
        private long eventTime;
        private String payloadJson;
        private String confirmationKey;
        private String orderNumber;
        private String matchKeys;
        private boolean browserRendered;

        private Builder() {
        }

        public Builder pixelId(String pixelId) {
            this.pixelId = pixelId;
            return this;
        }

        public Builder eventName(String eventName) {
            this.eventName = eventName;
            return this;
        }

        public Builder eventId(String eventId) {
            this.eventId = eventId;
            return this;
        }

        public Builder eventTime(long eventTimeSeconds) {
            this.eventTime = eventTimeSeconds;
            return this;
        }

        public Builder payloadJson(String payloadJson) {
            this.payloadJson = payloadJson;
            return this;
        }

        public Builder confirmationKey(String confirmationKey) {
            this.confirmationKey = confirmationKey;
            return this;
        }

        public Builder orderNumber(String orderNumber) {
            this.orderNumber = orderNumber;
            return this;
        }

        public Builder matchKeys(String matchKeys) {
            this.matchKeys = matchKeys;
            return this;
        }

        public Builder browserRendered(boolean browserRendered) {
            this.browserRendered = browserRendered;
            return this;
        }

        /** @throws IllegalArgumentException naming the missing or bad field */
        public OutboxEntry build() {
            require(pixelId, "pixelId", MAX_PIXEL_ID_LENGTH);
            require(eventName, "eventName", MAX_EVENT_NAME_LENGTH);
            require(eventId, "eventId", MAX_EVENT_ID_LENGTH);
            if (eventTime <= 0) {
                throw new IllegalArgumentException("eventTime must be Unix seconds > 0, was: " + eventTime);
            }
            // Milliseconds passed by mistake would be ~1000x too large: year 33000+.
            if (eventTime > 100_000_000_000L) {
                throw new IllegalArgumentException("eventTime must be Unix seconds, looks like millis: " + eventTime);
            }
            if (payloadJson == null || payloadJson.trim().isEmpty()) {
                throw new IllegalArgumentException("payloadJson is required");
            }
            if (payloadJson.length() > MAX_PAYLOAD_LENGTH) {
                throw new IllegalArgumentException("payloadJson is longer than " + MAX_PAYLOAD_LENGTH
                        + " characters: " + payloadJson.length());
            }
            maxLength(confirmationKey, "confirmationKey", MAX_KEY_LENGTH);
            maxLength(orderNumber, "orderNumber", MAX_KEY_LENGTH);
            return new OutboxEntry(this, normalizeMatchKeys(matchKeys));
        }

        private static String normalizeMatchKeys(String raw) {
            if (raw == null || raw.trim().isEmpty()) {
                return null;
            }
            Set<String> keys = new LinkedHashSet<String>();
            for (String part : raw.split(",")) {
                String key = part.trim().toLowerCase(Locale.ROOT);
                if (key.isEmpty()) {
                    continue;
                }
                if (!key.matches("[a-z_]+")) {
                    throw new IllegalArgumentException("matchKeys must be a comma list of keys like em,ph, had: "
                            + key);
                }
                keys.add(key);
            }
            if (keys.isEmpty()) {
                return null;
            }
            StringBuilder sb = new StringBuilder();
            for (String key : keys) {
                sb.append(sb.length() == 0 ? "" : ",").append(key);
            }
            maxLength(sb.toString(), "matchKeys", MAX_MATCH_KEYS_LENGTH);
            return sb.toString();
        }

        private static void require(String value, String name, int max) {
            if (value == null || value.trim().isEmpty()) {
                throw new IllegalArgumentException(name + " is required");
            }
            maxLength(value, name, max);
        }

        private static void maxLength(String value, String name, int max) {
            if (value != null && value.length() > max) {
                throw new IllegalArgumentException(name + " is longer than " + max + " characters: " + value.length());
            }
        }
    }
}
