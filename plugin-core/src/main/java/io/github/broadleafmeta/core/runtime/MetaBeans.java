package io.github.broadleafmeta.core.runtime;

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
        Duration connect = Duration.ofMillis(s.connectTimeoutMillis());
        Duration response = Duration.ofMillis(s.responseTimeoutMillis());
        // A merchant who raises the timeouts expects a request to be allowed that long in total, too.
        Duration total = connect.plus(response);
        if (total.compareTo(CapiClientConfig.DEFAULT_TOTAL_TIMEOUT) < 0) {
            total = CapiClientConfig.DEFAULT_TOTAL_TIMEOUT;
        }
        return CapiClientConfig.custom().connectTimeout(connect).responseTimeout(response).totalTimeout(total)
                .build();
    }

    /** Several dispatch listeners as one (counters, circuit status, ...), called in order. */
    public static DispatchListener dispatchListeners(DispatchListener first, DispatchListener second) {
        return DispatchListener.composite(first, second);
    }

    public static Duration seconds(long seconds) {
        return Duration.ofSeconds(seconds);
    }
}
