package io.github.broadleafmeta.core.tracking;

/** What {@link EventRecorder#record} did with one action: the browser copy to render, and the server copy's fate. */
public final class Recording {

    /** What happened to the server copy. */
    public enum ServerCopy {
        /** In the outbox; the dispatcher delivers it (or records it as a dry run without a token). */
        ENQUEUED,
        /** The same event (pixel, name, id) was already in the outbox. */
        DUPLICATE,
        /** The plugin is off or has no pixel id. */
        INACTIVE,
        /** The settings send this event by browser only. */
        BROWSER_ONLY,
        /** Consent is required and the shopper has not given it. */
        NO_CONSENT,
        /** The request came from a crawler (bot rules). */
        BOT,
        /** The event could not be built (e.g. no page URL); logged. */
        INVALID,
        /** The outbox insert failed; logged. The shopper's request went on. */
        FAILED,
        /**
         * Handed to the background writer (no host transaction to join): in the outbox within moments; lost only if
         * the node dies first (see {@link BackgroundOutboxWriter}).
         */
        HANDED_OFF,
        /** The background writer's queue was full: not written, counted and logged. */
        DROPPED
    }

    private static final Recording INACTIVE = new Recording(null, ServerCopy.INACTIVE);

    private final BrowserEvent browserEvent;
    private final ServerCopy serverCopy;

    Recording(BrowserEvent browserEvent, ServerCopy serverCopy) {
        this.browserEvent = browserEvent;
        this.serverCopy = serverCopy;
    }

    static Recording inactive() {
        return INACTIVE;
    }

    /** The browser copy, or null when the pixel should not render this event. */
    public BrowserEvent browserEvent() {
        return browserEvent;
    }

    public ServerCopy serverCopy() {
        return serverCopy;
    }

    @Override
    public String toString() {
        return "Recording{browser=" + browserEvent + ", server=" + serverCopy + "}";
    }
}
