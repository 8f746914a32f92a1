package io.github.broadleafmeta.core.userdata;

/**
 * Why one customer-information value was left out of {@code user_data}. A missing or blank input is not a drop:
 * it is simply absent and produces no reason.
 */
public enum DropReason {
    /** The raw value was longer than the normalizer's cap (checked before any other work). */
    TOO_LONG,
    /** The value contained NUL or another control character inside it. */
    CONTROL_CHARACTERS,
    /** The value contained an unpaired UTF-16 surrogate, which has no UTF-8 encoding. */
    MALFORMED_UNICODE,
    /** Non-blank input with nothing usable left after normalization (e.g. a name made only of punctuation). */
    EMPTY_AFTER_NORMALIZATION,
    INVALID_EMAIL,
    /** Not a valid phone number of its country's numbering plan (libphonenumber), national or international. */
    INVALID_PHONE,
    /**
     * A national phone number (no {@code +} or international prefix) of a customer whose country was given but
     * cannot be resolved to a numbering plan (unknown name, pre-hashed, or a territory without its own plan). The
     * store's calling code is never assumed for such a customer: a wrong hash is worse than none.
     */
    PHONE_COUNTRY_UNKNOWN,
    INVALID_GENDER,
    /** Unparseable, not a real calendar date, in the future, or before 1900. */
    INVALID_DATE,
    INVALID_STATE,
    INVALID_ZIP,
    UNKNOWN_COUNTRY,
    INVALID_IP,
    INVALID_FBC,
    INVALID_FBP
}
