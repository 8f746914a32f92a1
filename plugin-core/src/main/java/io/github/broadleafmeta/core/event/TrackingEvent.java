package io.github.broadleafmeta.core.event;

import io.github.broadleafmeta.core.request.SourceUrls;

import java.time.Clock;
import java.time.Instant;

/**
 * One Conversions API server event. Immutable; {@link Builder#build()} validates what Meta would otherwise reject
 * for the whole batch:
 * <ul>
 * <li>{@code event_name} standard or a valid custom name; {@code event_id} always present and URL/JS-safe;</li>
 * <li>{@code event_time} in Unix seconds; a future time is clamped to now (clock skew); a value that looks like
 * milliseconds is refused instead, since clamping would hide the mistake; default is now;</li>
 * <li>website events: {@code event_source_url} (http/https), {@code user_data.client_user_agent}, and at least
 * one other customer-information parameter;</li>
 * <li>Purchase: {@code custom_data.value} and {@code currency}.</li>
 * </ul>
 * "Now" comes from the system UTC clock, or from the clock given to {@link Builder#build(Clock)} (tests,
 * a shared application clock).
 */
public final class TrackingEvent {

    /** Unix seconds beyond this are almost certainly milliseconds (year 5138). */
    static final long MAX_PLAUSIBLE_SECONDS = 100_000_000_000L;

    private final String eventName;
    private final String eventId;
    private final long eventTime;
    private final ActionSource actionSource;
    private final String eventSourceUrl;
    private final UserData userData;
    private final CustomData customData;
    private final LduOptions ldu;

    private TrackingEvent(Builder b, long eventTime) {
        this.eventName = b.eventName;
        this.eventId = b.eventId;
        this.eventTime = eventTime;
        this.actionSource = b.actionSource;
        // Whatever an adapter passed, only the allow-listed parts of the page URL leave (see SourceUrls).
        this.eventSourceUrl = SourceUrls.clean(b.eventSourceUrl);
        this.userData = b.userData;
        this.customData = b.customData;
        this.ldu = b.ldu;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().eventName(eventName).eventId(eventId).eventTime(eventTime).actionSource(actionSource)
                .eventSourceUrl(eventSourceUrl).userData(userData).customData(customData).ldu(ldu);
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

    public ActionSource actionSource() {
        return actionSource;
    }

    public String eventSourceUrl() {
        return eventSourceUrl;
    }

    /** Never null; possibly {@link UserData#empty()}. */
    public UserData userData() {
        return userData;
    }

    /** Never null; possibly {@link CustomData#empty()}. */
    public CustomData customData() {
        return customData;
    }

    /** Null when the event carries no {@code data_processing_options}. */
    public LduOptions ldu() {
        return ldu;
    }

    @Override
    public String toString() {
        // No URL (query strings can carry e-mail addresses) and no customer data.
        return "TrackingEvent{" + eventName + ", id=" + eventId + ", time=" + eventTime + ", source="
                + actionSource.wireName() + "}";
    }

    public static final class Builder {
        private String eventName;
        private String eventId;
        private Long eventTime;
        private ActionSource actionSource = ActionSource.WEBSITE;
        private String eventSourceUrl;
        private UserData userData = UserData.empty();
        private CustomData customData = CustomData.empty();
        private LduOptions ldu;

        private Builder() {
        }

        public Builder eventName(String eventName) {
            this.eventName = eventName;
            return this;
        }

        /** Required: see {@link EventIds}. */
        public Builder eventId(String eventId) {
            this.eventId = eventId;
            return this;
        }

        /** Unix SECONDS; defaults to now. */
        public Builder eventTime(long epochSeconds) {
            this.eventTime = epochSeconds;
            return this;
        }

        public Builder eventTime(Instant instant) {
            this.eventTime = instant == null ? null : EventTimes.seconds(instant);
            return this;
        }

        /** Defaults to {@link ActionSource#WEBSITE}. */
        public Builder actionSource(ActionSource actionSource) {
            this.actionSource = actionSource;
            return this;
        }

        public Builder eventSourceUrl(String eventSourceUrl) {
            this.eventSourceUrl = eventSourceUrl;
            return this;
        }

        /** A null resets to {@link UserData#empty()}. */
        public Builder userData(UserData userData) {
            this.userData = userData == null ? UserData.empty() : userData;
            return this;
        }

        /** A null resets to {@link CustomData#empty()}. */
        public Builder customData(CustomData customData) {
            this.customData = customData == null ? CustomData.empty() : customData;
            return this;
        }

        /** Null (the default) sends no {@code data_processing_options}. */
        public Builder ldu(LduOptions ldu) {
            this.ldu = ldu;
            return this;
        }

        /** Validates against the system UTC clock. */
        public TrackingEvent build() {
            return build(Clock.systemUTC());
        }

        /** @throws IllegalArgumentException naming the bad field and value */
        public TrackingEvent build(Clock clock) {
            if (clock == null) {
                throw new IllegalArgumentException("clock is required");
            }
            EventNames.validate(eventName);
            EventIds.validate(eventId);
            if (actionSource == null) {
                throw new IllegalArgumentException("action_source is required");
            }
            long time;
            if (eventTime == null) {
                time = EventTimes.nowSeconds(clock);
            } else {
                if (eventTime <= 0) {
                    throw new IllegalArgumentException("event_time must be positive Unix seconds, was: " + eventTime);
                }
                if (eventTime >= MAX_PLAUSIBLE_SECONDS) {
                    throw new IllegalArgumentException("event_time must be Unix SECONDS, was: " + eventTime
                            + " (milliseconds?)");
                }
                time = EventTimes.clampToNow(eventTime, clock);
            }
            if (eventSourceUrl != null && SourceUrls.clean(eventSourceUrl) == null) {
                throw new IllegalArgumentException("event_source_url must be an http(s) URL");
            }
            if (actionSource == ActionSource.WEBSITE) {
                if (eventSourceUrl == null) {
                    throw new IllegalArgumentException("event_source_url is required for website events");
                }
                String ua = userData.clientUserAgent();
                if (ua == null || ua.trim().isEmpty()) {
                    throw new IllegalArgumentException("user_data.client_user_agent is required for website events");
                }
                if (!userData.hasCustomerInformation()) {
                    throw new IllegalArgumentException("user_data needs at least one customer-information parameter"
                            + " (a hashed field, client_ip_address, fbc or fbp) for website events");
                }
            }
            if (EventNames.PURCHASE.equals(eventName)) {
                if (customData.value() == null) {
                    throw new IllegalArgumentException("custom_data.value is required for Purchase");
                }
                if (customData.currency() == null) {
                    throw new IllegalArgumentException("custom_data.currency is required for Purchase");
                }
            }
            return new TrackingEvent(this, time);
        }
    }
}
