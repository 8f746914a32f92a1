package io.github.broadleafmeta.theme.render;

import io.github.broadleafmeta.core.capi.EventJsonWriter;
import io.github.broadleafmeta.core.event.CustomData;
import io.github.broadleafmeta.core.tracking.BrowserEvent;
import io.github.broadleafmeta.core.event.EventIds;
import io.github.broadleafmeta.core.event.EventNames;

/**
 * One browser event: {@code fbq('track', name, params, {eventID: id})} for a standard event name,
 * {@code fbq('trackCustom', ...)} for any other valid name. The parameters are a core {@link CustomData}, rendered
 * with exactly the keys and value formats the Conversions API copy uses for {@code custom_data}, and the eventID
 * is the server copy's {@code event_id}, so Meta deduplicates the two. Immutable.
 */
public final class TrackCall {

    private static final EventJsonWriter WRITER = new EventJsonWriter();

    private final String eventName;
    private final String paramsJson;
    private final String eventId;

    private TrackCall(Builder b) {
        this.eventName = b.eventName;
        this.paramsJson = b.paramsJson == null ? "{}" : b.paramsJson;
        this.eventId = b.eventId;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Shortcut for {@code builder().eventName(name).params(params).eventId(eventId).build()}.
     *
     * @throws IllegalArgumentException when the name or the id breaks the rules of {@link EventNames} /
     *                                  {@link EventIds}
     */
    public static TrackCall of(String eventName, CustomData params, String eventId) {
        return builder().eventName(eventName).params(params).eventId(eventId).build();
    }

    /** The browser copy the engine recorded for a server-side action (add to cart, purchase, ...). */
    public static TrackCall of(BrowserEvent event) {
        return builder().eventName(event.eventName()).paramsJson(event.paramsJson()).eventId(event.eventId()).build();
    }

    public Builder toBuilder() {
        return new Builder().eventName(eventName).paramsJson(paramsJson).eventId(eventId);
    }

    public String eventName() {
        return eventName;
    }

    /** True for a custom event name: rendered with {@code trackCustom}. */
    public boolean isCustom() {
        return !EventNames.isStandard(eventName);
    }

    /** {@code track} or {@code trackCustom}. */
    public String fbqMethod() {
        return isCustom() ? "trackCustom" : "track";
    }

    /**
     * The parameters as one JSON object, exactly as the server copy's {@code custom_data} (written by the engine's
     * {@link EventJsonWriter}); {@code {}} when there are none. Not yet script-escaped.
     */
    public String paramsJson() {
        return paramsJson;
    }

    public String eventId() {
        return eventId;
    }

    @Override
    public String toString() {
        return "TrackCall{" + eventName + ", id=" + eventId + "}";
    }

    public static final class Builder {
        private String eventName;
        private String paramsJson;
        private String eventId;

        private Builder() {
        }

        /** A standard name (case-sensitive) or a valid custom name. */
        public Builder eventName(String eventName) {
            this.eventName = eventName;
            return this;
        }

        /** Null means no parameters ({@code {}}); written with the server's custom_data writer. */
        public Builder params(CustomData params) {
            this.paramsJson = params == null ? null : WRITER.writeCustomData(params);
            return this;
        }

        /** Parameters already written by {@link EventJsonWriter#writeCustomData}: a JSON object. */
        public Builder paramsJson(String paramsJson) {
            if (paramsJson != null && !(paramsJson.startsWith("{") && paramsJson.endsWith("}"))) {
                throw new IllegalArgumentException("paramsJson must be a JSON object");
            }
            this.paramsJson = paramsJson;
            return this;
        }

        /** Required: the id shared with the server copy. */
        public Builder eventId(String eventId) {
            this.eventId = eventId;
            return this;
        }

        /** @throws IllegalArgumentException naming the bad field */
        public TrackCall build() {
            EventNames.validate(eventName);
            EventIds.validate(eventId);
            return new TrackCall(this);
        }
    }
}
