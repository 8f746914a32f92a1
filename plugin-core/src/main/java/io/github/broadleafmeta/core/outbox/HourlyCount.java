package io.github.broadleafmeta.core.outbox;

import java.time.Instant;

/** Rows created in one UTC hour that now have one status. */
public final class HourlyCount {

    private final Instant hourStart;
    private final OutboxStatus status;
    private final long count;

    HourlyCount(Instant hourStart, OutboxStatus status, long count) {
        this.hourStart = hourStart;
        this.status = status;
        this.count = count;
    }

    public Instant hourStart() {
        return hourStart;
    }

    public OutboxStatus status() {
        return status;
    }

    public long count() {
        return count;
    }

    @Override
    public String toString() {
        return hourStart + " " + status + "=" + count;
    }
}
