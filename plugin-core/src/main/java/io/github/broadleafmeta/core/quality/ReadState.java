package io.github.broadleafmeta.core.quality;

/** How a read of Meta's quality figures or of the token's health ended. Only {@link #OK} carries figures. */
public enum ReadState {
    /** Meta answered with figures (possibly none yet for a new pixel). */
    OK("read"),
    /** The pixel has no access token: nothing to read with. */
    NOT_CONFIGURED("no access token"),
    /** Meta refused for want of a permission (codes 10, 200-299, or 100/33 "no access to this object"). */
    PERMISSION_MISSING("the token lacks a permission"),
    /** Meta says the token is expired, revoked or invalid (codes 190, 102). */
    TOKEN_INVALID("the token is invalid or expired"),
    /** Meta answered with another error, or with something that is not the documented shape. */
    FAILED("Meta answered with an error"),
    /** No answer: connection refused, timeout, oversized answer, a graph URL the environment does not allow. */
    UNREACHABLE("Meta could not be reached");

    private final String label;

    ReadState(String label) {
        this.label = label;
    }

    /** A few words for the admin. */
    public String label() {
        return label;
    }
}
