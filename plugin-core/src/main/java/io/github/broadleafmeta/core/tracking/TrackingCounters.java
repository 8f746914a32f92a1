package io.github.broadleafmeta.core.tracking;

import io.github.broadleafmeta.core.userdata.DroppedField;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what the storefront recorded: server-copy outcomes per event name and dropped customer-data fields per
 * reason ("a bad value drops that field with a counted reason"). Cheap on a request thread.
 */
public final class TrackingCounters {

    private final ConcurrentMap<String, LongAdder> counts = new ConcurrentHashMap<String, LongAdder>();

    void serverCopy(String eventName, Recording.ServerCopy outcome) {
        increment("server." + outcome.name() + "." + eventName);
    }

    void browserCopy(String eventName) {
        increment("browser." + eventName);
    }

    /**
     * An action the storefront adapter could not turn into an event (e.g. {@code INVALID_CURRENCY}): neither copy
     * was recorded. Counted as {@code refused.<reason>.<eventName>}.
     */
    public void refused(String eventName, String reason) {
        increment("refused." + reason + "." + eventName);
    }

    void dropped(List<DroppedField> dropped) {
        for (DroppedField d : dropped) {
            increment("dropped." + d.key() + "." + d.reason().name());
        }
    }

    private void increment(String key) {
        LongAdder adder = counts.get(key);
        if (adder == null) {
            LongAdder fresh = new LongAdder();
            adder = counts.putIfAbsent(key, fresh);
            if (adder == null) {
                adder = fresh;
            }
        }
        adder.increment();
    }

    /**
     * Sorted counts, e.g. {@code server.ENQUEUED.Purchase}, {@code dropped.em.INVALID_EMAIL},
     * {@code refused.INVALID_CURRENCY.Purchase}.
     */
    public Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<String, Long>();
        for (Map.Entry<String, LongAdder> e : counts.entrySet()) {
            copy.put(e.getKey(), e.getValue().sum());
        }
        return Collections.unmodifiableMap(copy);
    }

    public long get(String key) {
        LongAdder adder = counts.get(key);
        return adder == null ? 0 : adder.sum();
    }
}
