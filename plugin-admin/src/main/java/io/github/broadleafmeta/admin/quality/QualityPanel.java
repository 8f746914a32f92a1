package io.github.broadleafmeta.admin.quality;

import java.util.Collections;
import java.util.List;

/**
 * One pixel's "Meta quality" panel, ready to render: every value is plain text (the template escapes it) except
 * {@link #trendSvg()}, which {@link EmqTrendChart} escaped while drawing.
 */
public final class QualityPanel {

    /** One match key: Meta's share beside the share the plugin sent (last 7 days), percent or "–". */
    public static final class KeyCell {
        private final String identifier;
        private final String meta;
        private final String local;

        KeyCell(String identifier, String meta, String local) {
            this.identifier = identifier;
            this.meta = meta;
            this.local = local;
        }

        public String identifier() {
            return identifier;
        }

        public String meta() {
            return meta;
        }

        public String local() {
            return local;
        }
    }

    /** One event name's row. */
    public static final class EventRow {
        private final String eventName;
        private final String emq;
        private final String change;
        private final List<KeyCell> keys;
        private final String coverage;
        private final String dedupe;
        private final String freshness;

        EventRow(String eventName, String emq, String change, List<KeyCell> keys, String coverage, String dedupe,
                String freshness) {
            this.eventName = eventName;
            this.emq = emq;
            this.change = change;
            this.keys = Collections.unmodifiableList(keys);
            this.coverage = coverage;
            this.dedupe = dedupe;
            this.freshness = freshness;
        }

        public String eventName() {
            return eventName;
        }

        /** "6.4" or "–". */
        public String emq() {
            return emq;
        }

        /** Against the previous reading: "+0.5", "-1.0", "" when unknown or unchanged. */
        public String change() {
            return change;
        }

        public List<KeyCell> keys() {
            return keys;
        }

        public String coverage() {
            return coverage;
        }

        public String dedupe() {
            return dedupe;
        }

        public String freshness() {
            return freshness;
        }
    }

    private final String pixelId;
    private final String readAt;
    private final String datasetLevel;
    private final String datasetMessage;
    private final List<EventRow> events;
    private final String tokenLevel;
    private final String tokenText;
    private final String tokenScopes;
    private final String trendSvg;

    QualityPanel(String pixelId, String readAt, String datasetLevel, String datasetMessage, List<EventRow> events,
            String tokenLevel, String tokenText, String tokenScopes, String trendSvg) {
        this.pixelId = pixelId;
        this.readAt = readAt;
        this.datasetLevel = datasetLevel;
        this.datasetMessage = datasetMessage;
        this.events = Collections.unmodifiableList(events);
        this.tokenLevel = tokenLevel;
        this.tokenText = tokenText;
        this.tokenScopes = tokenScopes;
        this.trendSvg = trendSvg;
    }

    public String pixelId() {
        return pixelId;
    }

    /** When Meta was last read, or null when never. */
    public String readAt() {
        return readAt;
    }

    /** Banner class for the dataset read: ok, warn, alert or info. */
    public String datasetLevel() {
        return datasetLevel;
    }

    /** Why there are no figures (null when there are). */
    public String datasetMessage() {
        return datasetMessage;
    }

    public List<EventRow> events() {
        return events;
    }

    /** Banner class for the token: ok, warn, alert or info. */
    public String tokenLevel() {
        return tokenLevel;
    }

    public String tokenText() {
        return tokenText;
    }

    public String tokenScopes() {
        return tokenScopes;
    }

    public String trendSvg() {
        return trendSvg;
    }
}
