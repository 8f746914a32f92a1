package io.github.broadleafmeta.core.outbox;

import java.time.Duration;
import java.time.Instant;

/** Rows not yet final: waiting, being sent, held for credentials; and how old the oldest waiting one is. */
public final class Backlog {

    private final long pending;
    private final long inFlight;
    private final long held;
    private final Instant oldestCreatedAt;
    private final Instant asOf;

    Backlog(long pending, long inFlight, long held, Instant oldestCreatedAt, Instant asOf) {
        this.pending = pending;
        this.inFlight = inFlight;
        this.held = held;
        this.oldestCreatedAt = oldestCreatedAt;
        this.asOf = asOf;
    }

    public long pending() {
        return pending;
    }

    public long inFlight() {
        return inFlight;
    }

    public long held() {
        return held;
    }

    /** pending + inFlight + held. */
    public long total() {
        return pending + inFlight + held;
    }

    /** Creation time of the oldest PENDING or IN_FLIGHT row, {@code null} when there is none. */
    public Instant oldestCreatedAt() {
        return oldestCreatedAt;
    }

    /** Age of the oldest PENDING or IN_FLIGHT row, {@link Duration#ZERO} when there is none. */
    public Duration oldestAge() {
        return oldestCreatedAt == null ? Duration.ZERO : Duration.between(oldestCreatedAt, asOf);
    }

    @Override
    public String toString() {
        return "Backlog{pending=" + pending + ", inFlight=" + inFlight + ", held=" + held + ", oldestAge="
                + oldestAge() + "}";
    }
}
