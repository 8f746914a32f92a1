package io.github.broadleafmeta.core.settings;

import java.util.Locale;

/** Limited Data Use handling ({@code meta.ldu.mode}). */
public enum LduMode {
    /** Send {@code data_processing_options: []}: explicitly no LDU. */
    OFF,
    /** LDU with country 0 / state 0: Meta geolocates the user. */
    GEOLOCATE,
    /** LDU with the configured country and state codes. */
    EXPLICIT;

    /** The mode for a setting value (any case), or null when unknown. */
    public static LduMode parse(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (LduMode m : values()) {
            if (m.name().toLowerCase(Locale.ROOT).equals(v)) {
                return m;
            }
        }
        return null;
    }
}
