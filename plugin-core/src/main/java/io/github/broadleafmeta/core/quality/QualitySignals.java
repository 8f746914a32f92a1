package io.github.broadleafmeta.core.quality;

import java.time.Instant;

/**
 * The few figures other parts of the plugin (alerts, health) read from the stored quality readings, per pixel.
 * Answers come from the database, so any node or the admin sees the same values; every method returns null when
 * there is nothing to say, and never throws for a missing table or a database hiccup (it logs and returns null).
 */
public interface QualitySignals {

    /** Meta's event match quality for Purchase in the latest two readings that had one; null when none had. */
    PurchaseQuality purchaseQuality(String pixelId);

    /**
     * Whole days until the token (or its data access) expires, negative once past; null when it never expires or
     * Meta could not say (no token, read failed, no reading yet).
     */
    Long tokenDaysToExpiry(String pixelId, Instant now);

    /** The token's health as last read, or null when never read. */
    TokenHealth latestTokenHealth(String pixelId);

    /** Purchase EMQ now and before (0..10), with the instants of the two readings. */
    final class PurchaseQuality {
        private final double latestScore;
        private final Instant latestAt;
        private final Double previousScore;
        private final Instant previousAt;

        public PurchaseQuality(double latestScore, Instant latestAt, Double previousScore, Instant previousAt) {
            this.latestScore = latestScore;
            this.latestAt = latestAt;
            this.previousScore = previousScore;
            this.previousAt = previousAt;
        }

        public double latestScore() {
            return latestScore;
        }

        public Instant latestAt() {
            return latestAt;
        }

        /** Null when only one reading had a Purchase score. */
        public Double previousScore() {
            return previousScore;
        }

        public Instant previousAt() {
            return previousAt;
        }

        /** True when there is a previous score and the latest is lower. */
        public boolean fell() {
            return previousScore != null && latestScore < previousScore;
        }

        @Override
        public String toString() {
            return "PurchaseQuality{latest=" + latestScore + " at " + latestAt + ", previous=" + previousScore
                    + " at " + previousAt + "}";
        }
    }
}
