package io.github.broadleafmeta.core.alert;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One alert: an incident started or ended. Built from a rule's title, the pixel id, times and the condition's
 * detail (states and numbers): it never holds a token or customer data, so every channel may carry it as it is.
 */
public final class AlertMessage {

    public enum Kind {
        STARTED, ENDED
    }

    private final Kind kind;
    private final String ruleId;
    private final String ruleTitle;
    private final String pixelId;
    private final Instant startedAt;
    private final Instant endedAt;
    private final String detail;

    public AlertMessage(Kind kind, String ruleId, String ruleTitle, String pixelId, Instant startedAt,
            Instant endedAt, String detail) {
        this.kind = kind;
        this.ruleId = ruleId;
        this.ruleTitle = ruleTitle;
        this.pixelId = pixelId;
        this.startedAt = startedAt;
        this.endedAt = endedAt;
        this.detail = detail;
    }

    public Kind kind() {
        return kind;
    }

    public String ruleId() {
        return ruleId;
    }

    public String ruleTitle() {
        return ruleTitle;
    }

    public String pixelId() {
        return pixelId;
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** Null for {@link Kind#STARTED}. */
    public Instant endedAt() {
        return endedAt;
    }

    public String detail() {
        return detail;
    }

    /** One line, e.g. for a mail subject: "[Meta CAPI] ALERT pixel 123: Conversions API circuit open". */
    public String subject() {
        return "[Meta CAPI] " + (kind == Kind.STARTED ? "ALERT" : "RESOLVED") + " pixel " + pixelId + ": "
                + ruleTitle;
    }

    /** The whole message as text (the webhook's Slack-compatible {@code text}, the mail body, the log line). */
    public String text() {
        StringBuilder b = new StringBuilder(subject());
        if (kind == Kind.STARTED) {
            b.append("\nSince ").append(seconds(startedAt)).append(". ");
        } else {
            b.append("\nFrom ").append(seconds(startedAt)).append(" to ").append(seconds(endedAt)).append(" (")
                    .append(duration(Duration.between(startedAt, endedAt))).append("). ");
        }
        if (detail != null) {
            b.append(kind == Kind.STARTED ? "" : "Now: ").append(detail).append('.');
        }
        b.append("\nRule ").append(ruleId).append("; see the admin's Meta Pixel section (Alerts).");
        return b.toString();
    }

    private static Instant seconds(Instant i) {
        return i.truncatedTo(ChronoUnit.SECONDS);
    }

    /** "42 s", "17 min", "3 h 5 min". */
    static String duration(Duration d) {
        long seconds = Math.max(0, d.getSeconds());
        if (seconds < 60) {
            return seconds + " s";
        }
        long minutes = seconds / 60;
        return minutes < 60 ? minutes + " min" : minutes / 60 + " h " + minutes % 60 + " min";
    }

    /** Fields of the webhook's JSON body besides {@code text}. */
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<String, Object>();
        m.put("text", text());
        m.put("state", kind == Kind.STARTED ? "started" : "ended");
        m.put("rule", ruleId);
        m.put("title", ruleTitle);
        m.put("pixel", pixelId);
        m.put("startedAt", startedAt.toString());
        m.put("endedAt", endedAt == null ? null : endedAt.toString());
        m.put("detail", detail);
        return m;
    }

    @Override
    public String toString() {
        return "AlertMessage{" + kind + ", rule=" + ruleId + ", pixel=" + pixelId + ", startedAt=" + startedAt + "}";
    }
}
