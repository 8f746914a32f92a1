package io.github.broadleafmeta.core.quality;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What Meta's {@code debug_token} says about a pixel's access token: valid or not, when it expires ({@code expires_at}
 * 0 means never: system-user tokens), when its data access expires ({@code data_access_expires_at}), and its
 * scopes. Holds the outcome only, never the token.
 *
 * @see <a href="https://developers.facebook.com/docs/graph-api/reference/debug_token">debug_token</a>
 * @see <a href="https://developers.facebook.com/docs/facebook-login/guides/access-tokens/debugging">Debugging
 *      access tokens</a>
 */
public final class TokenHealth {

    private final ReadState state;
    private final String message;
    private final Boolean valid;
    private final Instant expiresAt;
    private final Instant dataAccessExpiresAt;
    private final List<String> scopes;

    private TokenHealth(ReadState state, String message, Boolean valid, Instant expiresAt,
            Instant dataAccessExpiresAt, List<String> scopes) {
        if (state == null) {
            throw new IllegalArgumentException("state is required");
        }
        this.state = state;
        this.message = message;
        this.valid = valid;
        this.expiresAt = expiresAt;
        this.dataAccessExpiresAt = dataAccessExpiresAt;
        this.scopes = scopes == null ? Collections.<String>emptyList()
                : Collections.unmodifiableList(new ArrayList<String>(scopes));
    }

    /**
     * @param expiresAt null when the token never expires
     * @param message   Meta's own reason when the token is not valid, else null
     */
    public static TokenHealth read(boolean valid, Instant expiresAt, Instant dataAccessExpiresAt, List<String> scopes,
            String message) {
        return new TokenHealth(ReadState.OK, message, valid, expiresAt, dataAccessExpiresAt, scopes);
    }

    public static TokenHealth failed(ReadState state, String message) {
        if (state == ReadState.OK) {
            throw new IllegalArgumentException("a failure needs a state other than OK");
        }
        return new TokenHealth(state, message, state == ReadState.TOKEN_INVALID ? Boolean.FALSE : null, null, null,
                null);
    }

    public ReadState state() {
        return state;
    }

    public String message() {
        return message;
    }

    /** {@code is_valid}; null when unknown (the read failed). */
    public Boolean valid() {
        return valid;
    }

    /** Null when the token never expires or the read failed ({@link #neverExpires()} tells which). */
    public Instant expiresAt() {
        return expiresAt;
    }

    /** Meta read the token and it has no expiry ({@code expires_at} 0). */
    public boolean neverExpires() {
        return state == ReadState.OK && expiresAt == null;
    }

    public Instant dataAccessExpiresAt() {
        return dataAccessExpiresAt;
    }

    public List<String> scopes() {
        return scopes;
    }

    /**
     * Whole days until the earlier of the two expiries (negative once past); null when neither expires or the
     * read failed.
     */
    public Long daysToExpiry(Instant now) {
        Instant first = firstExpiry();
        if (first == null) {
            return null;
        }
        long seconds = Duration.between(now, first).getSeconds();
        return seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
    }

    /** The earlier of {@code expires_at} and {@code data_access_expires_at}, or null. */
    public Instant firstExpiry() {
        if (expiresAt == null) {
            return dataAccessExpiresAt;
        }
        if (dataAccessExpiresAt == null) {
            return expiresAt;
        }
        return expiresAt.isBefore(dataAccessExpiresAt) ? expiresAt : dataAccessExpiresAt;
    }

    /** Meta says invalid, or an expiry is past or within {@code warnBefore} of {@code now}. */
    public boolean needsAttention(Instant now, Duration warnBefore) {
        if (Boolean.FALSE.equals(valid) || state == ReadState.TOKEN_INVALID) {
            return true;
        }
        Instant first = firstExpiry();
        return first != null && !first.isAfter(now.plus(warnBefore));
    }

    @Override
    public String toString() {
        return "TokenHealth{" + state + ", valid=" + valid + ", expiresAt=" + (neverExpires() ? "never" : expiresAt)
                + ", dataAccessExpiresAt=" + dataAccessExpiresAt + ", scopes=" + scopes + "}";
    }
}
