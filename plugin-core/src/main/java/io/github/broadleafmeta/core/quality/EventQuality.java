package io.github.broadleafmeta.core.quality;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ArrayList;

/**
 * Meta's figures for one event name of one pixel, as the Dataset Quality API reports them. Any figure Meta left
 * out is null (or empty): a new pixel, an event Meta has not scored yet, or a field a later API version dropped.
 *
 * <ul>
 * <li>{@code emqScore}: {@code event_match_quality.composite_score}, 0..10;</li>
 * <li>{@code matchKeyCoverage}: {@code event_match_quality.match_key_feedback}, identifier (e.g. {@code email},
 * {@code phone}, {@code external_id}) → percent of events carrying it;</li>
 * <li>{@code eventCoverage} / {@code eventCoverageGoal}: {@code event_coverage.percentage} and
 * {@code goal_percentage}, the share of browser events the server also sent;</li>
 * <li>{@code dedupeFeedback}: {@code dedupe_key_feedback};</li>
 * <li>{@code uploadFrequency}: {@code data_freshness.upload_frequency} (e.g. {@code real_time}).</li>
 * </ul>
 */
public final class EventQuality {

    private final String eventName;
    private final Double emqScore;
    private final Map<String, Double> matchKeyCoverage;
    private final Double eventCoverage;
    private final Double eventCoverageGoal;
    private final List<DedupeKeyFeedback> dedupeFeedback;
    private final String uploadFrequency;

    public EventQuality(String eventName, Double emqScore, Map<String, Double> matchKeyCoverage,
            Double eventCoverage, Double eventCoverageGoal, List<DedupeKeyFeedback> dedupeFeedback,
            String uploadFrequency) {
        if (eventName == null || eventName.isEmpty()) {
            throw new IllegalArgumentException("eventName is required");
        }
        this.eventName = eventName;
        this.emqScore = emqScore;
        this.matchKeyCoverage = matchKeyCoverage == null ? Collections.<String, Double>emptyMap()
                : Collections.unmodifiableMap(new LinkedHashMap<String, Double>(matchKeyCoverage));
        this.eventCoverage = eventCoverage;
        this.eventCoverageGoal = eventCoverageGoal;
        this.dedupeFeedback = dedupeFeedback == null ? Collections.<DedupeKeyFeedback>emptyList()
                : Collections.unmodifiableList(new ArrayList<DedupeKeyFeedback>(dedupeFeedback));
        this.uploadFrequency = uploadFrequency;
    }

    public String eventName() {
        return eventName;
    }

    /** Event match quality, 0..10, or null. */
    public Double emqScore() {
        return emqScore;
    }

    public Map<String, Double> matchKeyCoverage() {
        return matchKeyCoverage;
    }

    public Double eventCoverage() {
        return eventCoverage;
    }

    public Double eventCoverageGoal() {
        return eventCoverageGoal;
    }

    public List<DedupeKeyFeedback> dedupeFeedback() {
        return dedupeFeedback;
    }

    public String uploadFrequency() {
        return uploadFrequency;
    }

    @Override
    public String toString() {
        return eventName + "{emq=" + emqScore + ", keys=" + matchKeyCoverage + ", coverage=" + eventCoverage
                + ", dedupe=" + dedupeFeedback + ", freshness=" + uploadFrequency + "}";
    }
}
