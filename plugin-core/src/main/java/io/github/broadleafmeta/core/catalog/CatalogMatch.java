package io.github.broadleafmeta.core.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How well the content ids of recent events match the catalog feed, per event name: the share of reported ids that
 * are in the feed (as an item id or an item_group_id), and the unmatched ids, most frequent first. This share is
 * what Meta's catalog ads depend on.
 */
public final class CatalogMatch {

    private final String eventName;
    private final long reported;
    private final long matched;
    private final List<UnmatchedId> unmatched;
    private final int unmatchedDistinct;

    private CatalogMatch(String eventName, long reported, long matched, List<UnmatchedId> unmatched,
            int unmatchedDistinct) {
        this.eventName = eventName;
        this.reported = reported;
        this.matched = matched;
        this.unmatched = Collections.unmodifiableList(unmatched);
        this.unmatchedDistinct = unmatchedDistinct;
    }

    /**
     * @param seen         event name → content id → number of events that reported it
     * @param feedIds      every item id and item_group_id of the feed
     * @param maxUnmatched how many unmatched ids to keep per event name
     */
    public static List<CatalogMatch> compare(Map<String, Map<String, Long>> seen, Set<String> feedIds,
            int maxUnmatched) {
        List<CatalogMatch> out = new ArrayList<CatalogMatch>();
        for (Map.Entry<String, Map<String, Long>> e : seen.entrySet()) {
            long reported = 0;
            long matched = 0;
            List<UnmatchedId> unmatched = new ArrayList<UnmatchedId>();
            for (Map.Entry<String, Long> id : e.getValue().entrySet()) {
                reported += id.getValue();
                if (feedIds.contains(id.getKey())) {
                    matched += id.getValue();
                } else {
                    unmatched.add(new UnmatchedId(id.getKey(), id.getValue()));
                }
            }
            if (reported == 0) {
                continue; // events without content ids (PageView, CompleteRegistration...)
            }
            Collections.sort(unmatched, (a, b) -> a.count != b.count ? Long.compare(b.count, a.count)
                    : a.id.compareTo(b.id));
            int distinct = unmatched.size();
            out.add(new CatalogMatch(e.getKey(), reported, matched,
                    new ArrayList<UnmatchedId>(unmatched.subList(0, Math.min(maxUnmatched, distinct))), distinct));
        }
        return out;
    }

    public String eventName() {
        return eventName;
    }

    /** Content ids reported (an event with three ids counts three). */
    public long reported() {
        return reported;
    }

    public long matched() {
        return matched;
    }

    /** Whole percent of reported ids found in the feed, rounded down (99.6 % is not 100 %). */
    public int matchPercent() {
        return (int) (matched * 100 / reported);
    }

    /** The most frequent unmatched ids (at most the limit given to {@link #compare}). */
    public List<UnmatchedId> unmatched() {
        return unmatched;
    }

    /** How many distinct ids did not match, listed or not. */
    public int unmatchedDistinct() {
        return unmatchedDistinct;
    }

    /** One content id missing from the feed and how many events reported it. */
    public static final class UnmatchedId {
        private final String id;
        private final long count;

        UnmatchedId(String id, long count) {
            this.id = id;
            this.count = count;
        }

        public String id() {
            return id;
        }

        public long count() {
            return count;
        }
    }
}
