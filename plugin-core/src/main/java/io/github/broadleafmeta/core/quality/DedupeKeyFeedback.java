package io.github.broadleafmeta.core.quality;

/**
 * One entry of Meta's {@code dedupe_key_feedback} for an event name: a deduplication key (e.g. {@code event_id})
 * and the shares (percent, 0..100; null when Meta left them out) of browser and server events that carry it, and
 * of browser events deduplicated with server events through it.
 *
 * @see <a href="https://developers.facebook.com/docs/marketing-api/reference/ads-dataset-dedup-key-feedback/">
 *      AdsDatasetDedupKeyFeedback</a>
 */
public final class DedupeKeyFeedback {

    private final String dedupeKey;
    private final Double browserEventsWithKey;
    private final Double serverEventsWithKey;
    private final Double browserCoverageFromKey;

    public DedupeKeyFeedback(String dedupeKey, Double browserEventsWithKey, Double serverEventsWithKey,
            Double browserCoverageFromKey) {
        this.dedupeKey = dedupeKey;
        this.browserEventsWithKey = browserEventsWithKey;
        this.serverEventsWithKey = serverEventsWithKey;
        this.browserCoverageFromKey = browserCoverageFromKey;
    }

    public String dedupeKey() {
        return dedupeKey;
    }

    /** {@code browser_events_with_dedupe_key}, percent. */
    public Double browserEventsWithKey() {
        return browserEventsWithKey;
    }

    /** {@code server_events_with_dedupe_key}, percent. */
    public Double serverEventsWithKey() {
        return serverEventsWithKey;
    }

    /** {@code overall_browser_coverage_from_dedupe_key}, percent. */
    public Double browserCoverageFromKey() {
        return browserCoverageFromKey;
    }

    @Override
    public String toString() {
        return dedupeKey + "{browser=" + browserEventsWithKey + ", server=" + serverEventsWithKey
                + ", browserCoverage=" + browserCoverageFromKey + "}";
    }
}
