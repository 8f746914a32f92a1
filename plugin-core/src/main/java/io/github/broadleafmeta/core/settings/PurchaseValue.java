package io.github.broadleafmeta.core.settings;

import java.util.Locale;

/** Which order amount the Purchase event reports as {@code value} ({@code meta.purchase.value}). */
public enum PurchaseValue {
    /** The order total (incl. tax and shipping). */
    TOTAL,
    /** Items only. */
    SUBTOTAL;

    public static PurchaseValue parse(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (PurchaseValue p : values()) {
            if (p.name().toLowerCase(Locale.ROOT).equals(v)) {
                return p;
            }
        }
        return null;
    }
}
