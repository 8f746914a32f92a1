package io.github.broadleafmeta.core.outbox;

/** Admin search filters; every filter is optional and exact (indexed), filters combine with AND. */
public final class OutboxSearch {

    private final String pixelId;
    private final String eventId;
    private final String eventName;
    private final String key;
    private final OutboxStatus status;

    private OutboxSearch(Builder b) {
        this.pixelId = b.pixelId;
        this.eventId = b.eventId;
        this.eventName = b.eventName;
        this.key = b.key;
        this.status = b.status;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static OutboxSearch all() {
        return builder().build();
    }

    public String pixelId() {
        return pixelId;
    }

    public String eventId() {
        return eventId;
    }

    public String eventName() {
        return eventName;
    }

    /** Matches the confirmation key or the order number. */
    public String key() {
        return key;
    }

    public OutboxStatus status() {
        return status;
    }

    public static final class Builder {
        private String pixelId;
        private String eventId;
        private String eventName;
        private String key;
        private OutboxStatus status;

        private Builder() {
        }

        public Builder pixelId(String pixelId) {
            this.pixelId = blankToNull(pixelId);
            return this;
        }

        public Builder eventId(String eventId) {
            this.eventId = blankToNull(eventId);
            return this;
        }

        public Builder eventName(String eventName) {
            this.eventName = blankToNull(eventName);
            return this;
        }

        public Builder key(String confirmationKeyOrOrderNumber) {
            this.key = blankToNull(confirmationKeyOrOrderNumber);
            return this;
        }

        public Builder status(OutboxStatus status) {
            this.status = status;
            return this;
        }

        public OutboxSearch build() {
            return new OutboxSearch(this);
        }

        private static String blankToNull(String s) {
            return s == null || s.trim().isEmpty() ? null : s.trim();
        }
    }
}
