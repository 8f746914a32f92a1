package io.github.broadleafmeta.core.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What one feed write did: rows written and items left out with the reason (a missing image, link or price), so
 * nothing leaves the feed unnoticed. Keeps the first {@value #MAX_SAMPLES} skipped items; counts all. Not thread-safe:
 * one per write.
 */
public final class FeedReport {

    public static final int MAX_SAMPLES = 20;

    private long rows;
    private long skipped;
    private final List<String> skippedSamples = new ArrayList<String>();

    public void written(long count) {
        rows = count;
    }

    /** @param reason names the item (e.g. its product id) and the missing field, never customer data */
    public void skipped(String reason) {
        skipped++;
        if (skippedSamples.size() < MAX_SAMPLES) {
            skippedSamples.add(reason);
        }
    }

    public long rows() {
        return rows;
    }

    public long skipped() {
        return skipped;
    }

    public List<String> skippedSamples() {
        return Collections.unmodifiableList(skippedSamples);
    }

    @Override
    public String toString() {
        return rows + " rows, " + skipped + " items skipped" + (skipped == 0 ? "" : " " + skippedSamples);
    }
}
