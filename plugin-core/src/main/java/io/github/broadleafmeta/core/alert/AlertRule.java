package io.github.broadleafmeta.core.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One alert rule, evaluated per pixel. It reads its inputs once per evaluation (one call for every pixel), so a
 * rule costs one read per cycle however many pixels there are. Implementations must not throw for bad data
 * (answer {@link AlertCondition#unknown()}); an exception is logged and treated as unknown.
 */
public interface AlertRule {

    /** Stable id, stored with incidents (at most 40 characters). */
    String id();

    /** For people: "Circuit open". */
    String title();

    /** False when its setting is {@code off}: open incidents of the rule then end. */
    boolean enabled(AlertSettings settings);

    /** How long the condition must hold before an incident starts. */
    default Duration holdFor(AlertSettings settings) {
        return Duration.ZERO;
    }

    /** Pixel id → condition; pixels missing from the answer count as {@link AlertCondition#unknown()}. */
    Map<String, AlertCondition> check(List<String> pixelIds, AlertSettings settings, Instant now);
}
