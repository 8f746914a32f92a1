package io.github.broadleafmeta.core.tracking;

import io.github.broadleafmeta.core.settings.MetaSettings;
import io.github.broadleafmeta.core.settings.SettingsResolver;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import java.time.Clock;
import java.time.Duration;

/**
 * The current settings, resolved at most once per {@code maxAge} and shared by every request in between, so a
 * page view does not re-resolve some forty keys. Admin edits still show within seconds.
 *
 * <p>Once {@link #start() started}, a daemon thread re-resolves every {@code maxAge} and {@link #current()} only
 * reads the last snapshot: a storefront request never borrows a connection to read the settings table. Before
 * {@code start()} (tests, tools) {@code current()} resolves on the caller's thread when the snapshot is stale.
 */
public final class SettingsSnapshots {

    public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(1);
    private static final Log LOG = LogFactory.getLog(SettingsSnapshots.class);

    private final SettingsResolver resolver;
    private final Clock clock;
    private final long maxAgeMillis;
    private volatile MetaSettings current;
    private volatile long resolvedAtMillis;
    private volatile Thread refresher;

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
        MetaSettings s = current;
        if (s != null && refresher != null) {
            return s;
        }
        long now = clock.millis();
        if (s == null || now - resolvedAtMillis >= maxAgeMillis) {
            // Racing threads may both resolve: harmless, both results are valid snapshots.
            s = resolver.resolve();
            current = s;
            resolvedAtMillis = now;
        }
        return s;
    }

    /** Resolves now, then keeps the snapshot fresh from a daemon thread ({@code meta-settings-refresh}). */
    public synchronized void start() {
        if (refresher != null) {
            return;
        }
        current = resolver.resolve();
        resolvedAtMillis = clock.millis();
        Thread thread = new Thread(this::refreshLoop, "meta-settings-refresh");
        thread.setDaemon(true);
        refresher = thread;
        thread.start();
    }

    public synchronized void stop() {
        Thread thread = refresher;
        refresher = null;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void refreshLoop() {
        while (refresher == Thread.currentThread()) {
            try {
                Thread.sleep(Math.max(10, maxAgeMillis));
                current = resolver.resolve();
                resolvedAtMillis = clock.millis();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // resolve() reports sources that fail; this is anything else. Keep the last snapshot.
                LOG.warn("Meta tracking: could not refresh the settings (" + e.getClass().getName()
                        + "); the last snapshot stays in use");
            }
        }
    }
}
