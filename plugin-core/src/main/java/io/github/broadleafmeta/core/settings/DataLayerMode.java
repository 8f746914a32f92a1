package io.github.broadleafmeta.core.settings;

import java.util.Locale;

/**
 * Google Tag Manager support ({@code meta.gtm.dataLayer}): whether each browser event is also pushed to
 * {@code window.dataLayer} as {@code {event: 'meta.<Name>', eventID, params}}, so a GTM container can fire its own
 * Meta tag with the event id the server copy carries.
 */
public enum DataLayerMode {
    /** Pixel calls only (the default). */
    OFF,
    /** The pixel call and a dataLayer push for each event. */
    ALSO,
    /** A dataLayer push instead of the pixel's track call (the pixel is still loaded and initialized). */
    ONLY;

    /** True when the pixel's own track calls are rendered. */
    public boolean tracksWithPixel() {
        return this != ONLY;
    }

    /** True when events are pushed to {@code window.dataLayer}. */
    public boolean pushesToDataLayer() {
        return this != OFF;
    }

    /** The mode for a setting value (any case), or null when unknown. */
    public static DataLayerMode parse(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (DataLayerMode m : values()) {
            if (m.name().toLowerCase(Locale.ROOT).equals(v)) {
                return m;
            }
        }
        return null;
    }
}
