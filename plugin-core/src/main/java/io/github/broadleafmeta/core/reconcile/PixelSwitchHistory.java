package io.github.broadleafmeta.core.reconcile;

import io.github.broadleafmeta.core.settings.MetaSettingKeys;
import io.github.broadleafmeta.core.settings.SettingsHistory;
import io.github.broadleafmeta.core.settings.SettingsSource;

import java.time.Instant;

/**
 * Whether a pixel was switched off at a past moment, from the settings history: the master switch
 * {@code meta.pixel.enabled} or the pixel's own {@code meta.pixel.{id}.enabled} in effect as {@code false} then.
 * A key the history shows as not saved at that moment took the environment's value (system property /
 * environment variable, as read now: their past values are not recorded). A key the history never saw changed
 * (saved before the history existed, or only in the environment) is taken as it is in effect now.
 */
public final class PixelSwitchHistory {

    private final SettingsHistory history;
    private final SettingsSource saved;
    private final SettingsSource environment;

    /**
     * @param saved       the admin-saved settings now (the settings table)
     * @param environment system properties / environment variables
     */
    public PixelSwitchHistory(SettingsHistory history, SettingsSource saved, SettingsSource environment) {
        if (history == null || saved == null || environment == null) {
            throw new IllegalArgumentException("history, saved and environment are required");
        }
        this.history = history;
        this.saved = saved;
        this.environment = environment;
    }

    public boolean wasDisabled(String pixelId, Instant at) {
        return isFalse(valueAt(MetaSettingKeys.PIXEL_ENABLED, at))
                || isFalse(valueAt(MetaSettingKeys.pixelKey(pixelId, MetaSettingKeys.PIXEL_SUFFIX_ENABLED), at));
    }

    private String valueAt(String key, Instant at) {
        SettingsHistory.Known then = history.valueAt(key, at);
        String value = then.isKnown() ? then.value() : saved.get(key);
        return value != null ? value : environment.get(key);
    }

    private static boolean isFalse(String value) {
        return value != null && "false".equalsIgnoreCase(value.trim());
    }
}
