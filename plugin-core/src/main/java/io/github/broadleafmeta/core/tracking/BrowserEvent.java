package io.github.broadleafmeta.core.tracking;

import java.io.Serializable;

/**
 * The browser copy of an event: what the pixel snippet renders as
 * {@code fbq('track'|'trackCustom', name, params, {eventID: eventId})}. The parameters are kept as the JSON the
 * server writes for {@code custom_data} (see {@code EventJsonWriter#writeCustomData}), so both copies carry the
 * same values. Serializable: pending copies wait in the shopper's session until the next rendered page.
 */
public final class BrowserEvent implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String eventName;
    private final String eventId;
    private final boolean custom;
    private final String paramsJson;

    public BrowserEvent(String eventName, String eventId, boolean custom, String paramsJson) {
        if (eventName == null || eventId == null) {
            throw new IllegalArgumentException("eventName and eventId are required");
        }
        this.eventName = eventName;
        this.eventId = eventId;
        this.custom = custom;
        this.paramsJson = paramsJson == null || paramsJson.isEmpty() ? "{}" : paramsJson;
    }

    public String eventName() {
        return eventName;
    }

    public String eventId() {
        return eventId;
    }

    /** True for {@code trackCustom}. */
    public boolean isCustom() {
        return custom;
    }

    /** A JSON object; not yet escaped for a {@code <script>} element (the renderer does that). */
    public String paramsJson() {
        return paramsJson;
    }

    @Override
    public String toString() {
        return "BrowserEvent{" + eventName + ", eventID=" + eventId + "}";
    }
}
