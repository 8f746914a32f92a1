package io.github.broadleafmeta.core.tracking;

import io.github.broadleafmeta.core.settings.MetaSettings;
import io.github.broadleafmeta.core.settings.SettingsResolver;

import java.time.Clock;
import java.time.Duration;

/**
 * The current settings, resolved at most once per {@code maxAge} and shared by every request in between, so a
 * page view does not re-resolve some forty keys. Admin edits still show within seconds.
 */
public final class SettingsSnapshots {

    public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(1);

    private final SettingsResolver resolver;
    private final Clock clock;
    private final long maxAgeMillis;
    private volatile MetaSettings current;
    private volatile long resolvedAtMillis;

    public SettingsSnapshots(SettingsResolver resolver, Clock clock, Duration maxAge) {
        if (resolver == null || clock == null || maxAge == null || maxAge.isNegative()) {
            throw new IllegalArgumentException("resolver, clock and a non-negative maxAge are required");
        }
        this.resolver = resolver;
        this.clock = clock;
        this.maxAgeMillis = maxAge.toMillis();
    }

    public SettingsSnapshots(SettingsResolver resolver, Clock clock) {
        this(resolver, clock, DEFAULT_MAX_AGE);
    }

    public MetaSettings current() {
        long now = clock.millis();
        MetaSettings s = current;
        if (s == null || now - resolvedAtMillis >= maxAgeMillis) {
            // Racing threads may both resolve: harmless, both results are valid snapshots.
            s = resolver.resolve();
            current = s;
            resolvedAtMillis = now;
        }
        return s;
    }
}
