package io.github.broadleafmeta.core.metrics;

import java.time.Duration;

/** One pixel's rows not yet final in the outbox (all nodes together), and the age of its oldest waiting row. */
public final class PixelBacklog {

    static final PixelBacklog EMPTY = new PixelBacklog(0, 0, 0, Duration.ZERO);

    private final long pending;
    private final long inFlight;
    private final long held;
    private final Duration oldestWaitingAge;

    public PixelBacklog(long pending, long inFlight, long held, Duration oldestWaitingAge) {
        this.pending = pending;
        this.inFlight = inFlight;
        this.held = held;
        this.oldestWaitingAge = oldestWaitingAge == null || oldestWaitingAge.isNegative() ? Duration.ZERO
                : oldestWaitingAge;
    }

    public long pending() {
        return pending;
    }

    public long inFlight() {
        return inFlight;
    }

    /** Held for credentials. */
    public long held() {
        return held;
    }

    /** pending + inFlight + held, as {@code JdbcOutbox.backlog().total()} counts them. */
    public long total() {
        return pending + inFlight + held;
    }

    /** Age of the oldest PENDING or IN_FLIGHT row; zero when there is none. */
    public Duration oldestWaitingAge() {
        return oldestWaitingAge;
    }

    @Override
    public String toString() {
        return "PixelBacklog{pending=" + pending + ", inFlight=" + inFlight + ", held=" + held + ", oldest="
                + oldestWaitingAge + "}";
    }
}
