package io.github.broadleafmeta.core.event;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Conversions API event times: Unix SECONDS, never in the future, at most 7 days old when sent. */
public final class EventTimes {

    /** Meta rejects a whole request when one event is older than this. */
    public static final Duration MAX_AGE = Duration.ofDays(7);

    private EventTimes() {
    }

    public static long seconds(Instant instant) {
        return instant.getEpochSecond();
    }

    public static long secondsFromMillis(long epochMillis) {
        return Math.floorDiv(epochMillis, 1000L);
    }

    public static long nowSeconds(Clock clock) {
        return secondsFromMillis(clock.millis());
    }

    /** The time itself, or now when it lies in the future (clock skew between nodes, a wrong caller). */
    public static long clampToNow(long eventTimeSeconds, Clock clock) {
        return Math.min(eventTimeSeconds, nowSeconds(clock));
    }

    /**
     * True when Meta would reject the event: it is {@link #MAX_AGE} old or older. Exactly 7 days counts as too old,
     * because the event ages further on its way to Meta.
     */
    public static boolean isTooOld(long eventTimeSeconds, Clock clock) {
        return nowSeconds(clock) - eventTimeSeconds >= MAX_AGE.getSeconds();
    }
}
