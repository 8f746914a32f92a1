package io.github.broadleafmeta.core.consent;

import java.util.Locale;

/**
 * How the page behaves while consent is required and not given ({@code meta.consent.mode}). In both modes the server
 * sends nothing for the shopper and sets no {@code _fbp}/{@code _fbc} cookie; they differ only in what the browser
 * loads from Meta.
 */
public enum ConsentMode {
    /**
     * Meta's base code loads ({@code fbevents.js} from connect.facebook.net) and is told
     * {@code fbq('consent','revoke')} before {@code init}: Meta's library holds every event until
     * {@code fbq('consent','grant')}. No advanced matching, no {@code <noscript>} image.
     */
    REVOKE,
    /** Nothing of Meta's loads until consent is granted: no base code, no fbevents.js, no image. */
    STRICT;

    /** The mode for a setting value (any case, surrounding blanks ignored), or null when unknown. */
    public static ConsentMode parse(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (ConsentMode m : values()) {
            if (m.name().toLowerCase(Locale.ROOT).equals(v)) {
                return m;
            }
        }
        return null;
    }

    /** The setting value: {@code revoke} or {@code strict}. */
    public String settingValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
