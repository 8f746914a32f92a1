package io.github.broadleafmeta.core.consent;

/**
 * The consent situation of one shopper request, and what it allows. One place for the rules, so the page snippet,
 * the cookies and the server copy cannot disagree:
 * <ul>
 * <li>{@link #NOT_REQUIRED} and {@link #GRANTED}: everything (advanced matching, {@code <noscript>} image,
 * {@code _fbp}/{@code _fbc} cookies, server copies);</li>
 * <li>{@link #PENDING_REVOKE}: Meta's base code with {@code fbq('consent','revoke')} before {@code init}, nothing
 * that identifies the shopper;</li>
 * <li>{@link #PENDING_STRICT}: nothing of Meta's at all; the page keeps its events until a grant.</li>
 * </ul>
 */
public enum ConsentState {
    NOT_REQUIRED,
    GRANTED,
    PENDING_REVOKE,
    PENDING_STRICT;

    /**
     * @param required whether the settings require consent
     * @param granted  whether this shopper's consent cookie says granted (ignored when not required)
     * @param mode     the consent mode; null means {@link ConsentMode#REVOKE}
     */
    public static ConsentState of(boolean required, boolean granted, ConsentMode mode) {
        if (!required) {
            return NOT_REQUIRED;
        }
        if (granted) {
            return GRANTED;
        }
        return mode == ConsentMode.STRICT ? PENDING_STRICT : PENDING_REVOKE;
    }

    /**
     * True when data identifying the shopper may reach Meta: advanced matching, the {@code <noscript>} image,
     * first-party {@code _fbp}/{@code _fbc} cookies and the server copy of events.
     */
    public boolean allowsIdentifyingData() {
        return this == NOT_REQUIRED || this == GRANTED;
    }

    /** True when the page may load Meta's base code and {@code fbevents.js} now. */
    public boolean loadsMetaScript() {
        return this != PENDING_STRICT;
    }

    /** True when {@code fbq('consent','revoke')} must precede every {@code init}. */
    public boolean rendersConsentRevoke() {
        return this == PENDING_REVOKE;
    }

    /** True when the page needs the consent API's state (consent is required, given or not). */
    public boolean isRequired() {
        return this != NOT_REQUIRED;
    }
}
