package io.github.broadleafmeta.core.broadleaf31.config;

import io.github.broadleafmeta.core.capi.CapiClientConfig;
import io.github.broadleafmeta.core.dispatch.DispatchListener;
import io.github.broadleafmeta.core.settings.MetaSettings;
import io.github.broadleafmeta.core.tracking.SettingsSnapshots;

import java.time.Duration;

/** Factory methods for the values {@code bl-meta-applicationContext.xml} cannot express plainly. */
public final class MetaBeans {

    private MetaBeans() {
    }

    /** The Graph API client's timeouts, from the settings at start-up (a change needs a restart). */
    public static CapiClientConfig capiClientConfig(SettingsSnapshots settings) {
        MetaSettings s = settings.current();
        return CapiClientConfig.custom().connectTimeout(Duration.ofMillis(s.connectTimeoutMillis()))
                .responseTimeout(Duration.ofMillis(s.responseTimeoutMillis())).build();
    }

    /** Several dispatch listeners as one (counters, circuit status, ...), called in order. */
    public static DispatchListener dispatchListeners(DispatchListener first, DispatchListener second) {
        return DispatchListener.composite(first, second);
    }

    public static Duration seconds(long seconds) {
        return Duration.ofSeconds(seconds);
    }
}
