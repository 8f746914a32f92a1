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
    /** Not a plausible E.164 number, or a national number whose country calling code is unknown. */
    INVALID_PHONE,
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
