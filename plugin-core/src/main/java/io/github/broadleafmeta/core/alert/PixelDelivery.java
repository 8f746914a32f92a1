package io.github.broadleafmeta.core.alert;

import java.time.Duration;
import java.time.Instant;

/**
 * One pixel's delivery as every node sees it (read from the shared database): circuit, held credentials, the
 * oldest waiting event and the last hour's outcomes. States and counts only: no payload, no token.
 */
public final class PixelDelivery {

    private final String pixelId;
    private final String circuitState;
    private final Instant circuitUnhealthySince;
    private final boolean credentialsHeld;
    private final Instant oldestWaitingSince;
    private final long sentLastHour;
    private final long rejectedLastHour;

    /**
     * @param circuitState          {@code CLOSED}, or the worst state any live node reports ({@code OPEN},
     *                              {@code HALF_OPEN})
     * @param circuitUnhealthySince earliest change into a non-CLOSED state still reported; null when CLOSED
     * @param oldestWaitingSince    creation time of the oldest PENDING or IN_FLIGHT event; null when none waits
     */
    public PixelDelivery(String pixelId, String circuitState, Instant circuitUnhealthySince, boolean credentialsHeld,
            Instant oldestWaitingSince, long sentLastHour, long rejectedLastHour) {
        this.pixelId = pixelId;
        this.circuitState = circuitState == null ? "CLOSED" : circuitState;
        this.circuitUnhealthySince = circuitUnhealthySince;
        this.credentialsHeld = credentialsHeld;
        this.oldestWaitingSince = oldestWaitingSince;
        this.sentLastHour = sentLastHour;
        this.rejectedLastHour = rejectedLastHour;
    }

    /** Nothing known of the pixel: closed circuit, nothing held or waiting. */
    public static PixelDelivery idle(String pixelId) {
        return new PixelDelivery(pixelId, "CLOSED", null, false, null, 0, 0);
    }

    public String pixelId() {
        return pixelId;
    }

    public String circuitState() {
        return circuitState;
    }

    public boolean circuitClosed() {
        return "CLOSED".equals(circuitState);
    }

    public Instant circuitUnhealthySince() {
        return circuitUnhealthySince;
    }

    public boolean credentialsHeld() {
        return credentialsHeld;
    }

    public Instant oldestWaitingSince() {
        return oldestWaitingSince;
    }

    /** Age of the oldest waiting event at {@code now}; zero when none waits. */
    public Duration oldestWaitingAge(Instant now) {
        if (oldestWaitingSince == null || oldestWaitingSince.isAfter(now)) {
            return Duration.ZERO;
        }
        return Duration.between(oldestWaitingSince, now);
    }

    public long sentLastHour() {
        return sentLastHour;
    }

    public long rejectedLastHour() {
        return rejectedLastHour;
    }

    @Override
    public String toString() {
        return "PixelDelivery{pixel=" + pixelId + ", circuit=" + circuitState + ", held=" + credentialsHeld
                + ", oldestWaitingSince=" + oldestWaitingSince + ", sent1h=" + sentLastHour + ", rejected1h="
                + rejectedLastHour + "}";
    }
}
