package io.github.broadleafmeta.core.alert;

/**
 * Meta's event match quality for Purchase (0..10, from the Dataset Quality API readings): the latest reading and
 * the one before it. Wired to the quality reader by the application context.
 */
@FunctionalInterface
public interface MatchQualitySource {

    /** {@code [previous, latest]}, or null while fewer than two readings exist for the pixel. */
    double[] purchaseMatchQuality(String pixelId);
}
