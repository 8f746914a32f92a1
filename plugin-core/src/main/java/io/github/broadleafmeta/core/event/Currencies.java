package io.github.broadleafmeta.core.event;

import java.util.Currency;
import java.util.Locale;

/** ISO 4217 money codes, as the JDK knows them: what Meta's {@code custom_data.currency} accepts. */
public final class Currencies {

    private Currencies() {
    }

    /**
     * The upper-case ISO 4217 code of a currency that money can be in, or null. {@code XYZ} and {@code BTC} are not
     * ISO 4217; {@code XXX} (no currency), {@code XTS} (testing) and metals such as {@code XAU} are ISO codes without
     * minor units that no shop prices in, so they are refused too.
     */
    public static String iso4217(String code) {
        if (code == null) {
            return null;
        }
        String upper = code.trim().toUpperCase(Locale.ROOT);
        if (upper.length() != 3) {
            return null;
        }
        try {
            return Currency.getInstance(upper).getDefaultFractionDigits() < 0 ? null : upper;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
