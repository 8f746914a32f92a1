package io.github.broadleafmeta.core.outbox;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** For one event name: how many rows there were and how many carried each match key. */
public final class MatchKeyCoverage {

    private final String eventName;
    private final long total;
    private final Map<String, Long> withKey;

    MatchKeyCoverage(String eventName, long total, Map<String, Long> withKey) {
        this.eventName = eventName;
        this.total = total;
        this.withKey = Collections.unmodifiableMap(new LinkedHashMap<String, Long>(withKey));
    }

    public String eventName() {
        return eventName;
    }

    public long total() {
        return total;
    }

    /** Rows per key, in the order the keys were asked for. */
    public Map<String, Long> withKey() {
        return withKey;
    }

    /** Share (0..1) of rows that carried {@code key}; 0 for an unknown key or no rows. */
    public double share(String key) {
        Long n = withKey.get(key);
        return n == null || total == 0 ? 0d : n.doubleValue() / total;
    }

    @Override
    public String toString() {
        return eventName + " total=" + total + " " + withKey;
    }
}
