package io.github.broadleafmeta.core.quality;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The outcome of one read of Meta's Dataset Quality API for one pixel: the state, a message an operator can act on
 * (never a token; Meta's own message for errors), and the figures per event name when the state is OK.
 */
public final class DatasetQuality {

    private final ReadState state;
    private final String message;
    private final List<EventQuality> events;

    private DatasetQuality(ReadState state, String message, List<EventQuality> events) {
        if (state == null) {
            throw new IllegalArgumentException("state is required");
        }
        this.state = state;
        this.message = message;
        this.events = events == null ? Collections.<EventQuality>emptyList()
                : Collections.unmodifiableList(new ArrayList<EventQuality>(events));
    }

    public static DatasetQuality ok(List<EventQuality> events) {
        return new DatasetQuality(ReadState.OK, null, events);
    }

    public static DatasetQuality failed(ReadState state, String message) {
        if (state == ReadState.OK) {
            throw new IllegalArgumentException("a failure needs a state other than OK");
        }
        return new DatasetQuality(state, message, null);
    }

    public ReadState state() {
        return state;
    }

    /** Null when OK; else why not, in words for the admin. */
    public String message() {
        return message;
    }

    public List<EventQuality> events() {
        return events;
    }

    /** The figures of one event name, or null. */
    public EventQuality event(String eventName) {
        for (EventQuality e : events) {
            if (e.eventName().equals(eventName)) {
                return e;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "DatasetQuality{" + state + (message == null ? "" : ": " + message) + ", " + events + "}";
    }
}
