package io.github.broadleafmeta.admin.dashboard;

import io.github.broadleafmeta.core.capi.CapiClientConfig;
import io.github.broadleafmeta.core.capi.EventJsonWriter;
import io.github.broadleafmeta.core.capi.EventSender;
import io.github.broadleafmeta.core.capi.GraphApiClient;
import io.github.broadleafmeta.core.capi.GraphError;
import io.github.broadleafmeta.core.capi.SendRequest;
import io.github.broadleafmeta.core.capi.SendResult;
import io.github.broadleafmeta.core.event.ActionSource;
import io.github.broadleafmeta.core.event.EventIds;
import io.github.broadleafmeta.core.event.TrackingEvent;
import io.github.broadleafmeta.core.event.UserData;
import io.github.broadleafmeta.core.settings.MetaSettings;
import io.github.broadleafmeta.core.settings.PixelSettings;
import java.io.Closeable;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The dashboard's "send a test event": one PageView with the test event code, so it shows in Events Manager's
 * Test events tab. It carries no shopper's data: a made-up {@code fbp} browser id and the admin's user agent.
 * Refused unless a test event code is set, so it can never count as a live event. The client is created on the
 * first test and closed with the admin.
 */
public class TestEventSender implements Closeable {

    /** What happened, in words for the operator (never the token). */
    public static final class Outcome {
        private final boolean sent;
        private final String message;

        Outcome(boolean sent, String message) {
            this.sent = sent;
            this.message = message;
        }

        public boolean isSent() {
            return sent;
        }

        public String getMessage() {
            return message;
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long TIMEOUT_SECONDS = 30;

    private final Clock clock;
    private final EventJsonWriter writer = new EventJsonWriter();
    private EventSender sender;
    private GraphApiClient ownClient;

    /** Creates its own {@link GraphApiClient} on first use. */
    public TestEventSender(Clock clock) {
        this(null, clock);
    }

    /** For tests: a given sender. */
    public TestEventSender(EventSender sender, Clock clock) {
        if (clock == null) {
            throw new IllegalArgumentException("clock is required");
        }
        this.sender = sender;
        this.clock = clock;
    }

    /**
     * @param pageUrl   event_source_url: the admin's own address is good enough for a test
     * @param userAgent the operator's browser
     */
    public Outcome send(MetaSettings settings, String pageUrl, String userAgent) {
        return send(settings, null, pageUrl, userAgent);
    }

    /**
     * @param pixelId one of the configured pixels, or null for the primary one; each pixel uses its own token and
     *                test event code
     */
    public Outcome send(MetaSettings settings, String pixelId, String pageUrl, String userAgent) {
        if (settings.pixels().isEmpty()) {
            return new Outcome(false, "No pixel ID is set.");
        }
        PixelSettings pixel = pixelId == null ? settings.pixels().get(0) : configured(settings, pixelId);
        if (pixel == null) {
            return new Outcome(false, "Pixel " + pixelId + " is not configured; nothing was sent.");
        }
        boolean primary = pixel == settings.pixels().get(0);
        if (pixel.credentialsProblem() != null) {
            return new Outcome(false, "The saved credentials cannot be read (" + pixel.credentialsProblem()
                    + "); nothing was sent.");
        }
        if (!pixel.credentials().hasAccessToken()) {
            return new Outcome(false, "No access token is set: the Conversions API cannot be reached.");
        }
        if (pixel.testEventCode() == null) {
            return new Outcome(false, primary && settings.testEventCodeExpired()
                    ? "The test event code has expired: set a new end time first (a test event without it would "
                            + "count as a live event)."
                    : "Set a test event code" + (primary ? "" : " for pixel " + pixel.pixelId()) + " first (a test "
                            + "event without it would count as a live event).");
        }
        TrackingEvent event;
        try {
            event = TrackingEvent.builder()
                    .eventName("PageView")
                    .eventId("admintest." + Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE))
                    .actionSource(ActionSource.WEBSITE)
                    .eventSourceUrl(pageUrl)
                    .userData(UserData.builder()
                            .clientUserAgent(userAgent == null || userAgent.trim().isEmpty()
                                    ? "broadleafmeta-admin-test" : userAgent)
                            .fbp("fb.1." + clock.millis() + "." + (1000000000L + RANDOM.nextInt(999999999)))
                            .build())
                    .build(clock);
        } catch (IllegalArgumentException e) {
            return new Outcome(false, "Could not build the test event: " + e.getMessage());
        }
        SendRequest request = SendRequest.builder()
                .graphUrl(pixel.graphUrl())
                .apiVersion(pixel.apiVersion())
                .pixelId(pixel.pixelId())
                .credentials(pixel.credentials())
                .testEventCode(pixel.testEventCode())
                .addEventJson(writer.write(event))
                .build();
        SendResult result;
        try {
            result = sender().send(request).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(false, "Interrupted while waiting for Meta.");
        } catch (ExecutionException | TimeoutException e) {
            return new Outcome(false, "No answer from Meta within " + TIMEOUT_SECONDS + " s.");
        }
        if (result.isDelivered()) {
            return new Outcome(true, "Meta received " + result.eventsReceived() + " test event for pixel "
                    + pixel.pixelId() + " (event_id "
                    + event.eventId() + ", fbtrace_id " + result.fbtraceId() + "). Look for it in Events Manager > "
                    + "Test events.");
        }
        return new Outcome(false, "Meta did not accept the test event (" + result.outcome() + ", HTTP "
                + result.httpStatus() + ", " + classifiedError(result) + (result.fbtraceId() == null ? ""
                        : ", fbtrace_id " + result.fbtraceId()) + ").");
    }

    private static PixelSettings configured(MetaSettings settings, String pixelId) {
        for (PixelSettings p : settings.pixels()) {
            if (p.pixelId().equals(pixelId)) {
                return p;
            }
        }
        return null;
    }

    /**
     * Meta's error code and message when the answer held a Graph API error with a code; otherwise only the kind
     * of failure. Never the answer's body: the admin must not become a way to read another server's pages.
     */
    static String classifiedError(SendResult result) {
        GraphError e = result.error();
        if (e == null) {
            return "no details";
        }
        if (e.code() == null) {
            return e.type() == null ? "not a Graph API answer" : e.type();
        }
        return "code " + e.code() + (e.subcode() == null ? "" : "/" + e.subcode())
                + (e.message() == null ? "" : ": " + e.message());
    }

    private synchronized EventSender sender() {
        if (sender == null) {
            ownClient = new GraphApiClient(CapiClientConfig.ofDefaults(), clock);
            sender = ownClient;
        }
        return sender;
    }

    @Override
    public synchronized void close() {
        if (ownClient != null) {
            ownClient.close();
            ownClient = null;
            sender = null;
        }
    }
}
