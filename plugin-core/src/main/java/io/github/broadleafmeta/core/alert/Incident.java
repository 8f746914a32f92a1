package io.github.broadleafmeta.core.alert;

import java.time.Duration;
import java.time.Instant;

/** One incident of one rule for one pixel: started, and ended once the condition stayed clear long enough. */
public final class Incident {

    private final String ruleId;
    private final String pixelId;
    private final Instant startedAt;
    private final Instant endedAt;
    private final String startDetail;
    private final String endDetail;

    public Incident(String ruleId, String pixelId, Instant startedAt, Instant endedAt, String startDetail,
            String endDetail) {
        this.ruleId = ruleId;
        this.pixelId = pixelId;
        this.startedAt = startedAt;
        this.endedAt = endedAt;
        this.startDetail = startDetail;
        this.endDetail = endDetail;
    }

    public String ruleId() {
        return ruleId;
    }

    public String pixelId() {
        return pixelId;
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** Null while the incident lasts. */
    public Instant endedAt() {
        return endedAt;
    }

    public boolean active() {
        return endedAt == null;
    }

    public String startDetail() {
        return startDetail;
    }

    public String endDetail() {
        return endDetail;
    }

    /** Until the end, or until {@code now} while it lasts. */
    public Duration duration(Instant now) {
        Instant end = endedAt == null ? now : endedAt;
        return end.isBefore(startedAt) ? Duration.ZERO : Duration.between(startedAt, end);
    }

    @Override
    public String toString() {
        return "Incident{rule=" + ruleId + ", pixel=" + pixelId + ", startedAt=" + startedAt + ", endedAt=" + endedAt
                + "}";
    }
}
