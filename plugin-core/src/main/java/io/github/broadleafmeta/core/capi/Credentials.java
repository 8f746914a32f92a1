package io.github.broadleafmeta.core.capi;

import io.github.broadleafmeta.core.userdata.Sha256;

/**
 * A pixel's Conversions API secrets: the access token and the optional app secret. The one type that carries them,
 * from the settings through the dispatcher to a request, so they are redacted and fingerprinted in one place:
 * {@link #toString()} only says whether each is set.
 */
public final class Credentials {

    private static final Credentials NONE = new Credentials(null, null);

    private final String accessToken;
    private final String appSecret;

    private Credentials(String accessToken, String appSecret) {
        this.accessToken = accessToken;
        this.appSecret = appSecret;
    }

    /** Blank values count as absent; values are trimmed. */
    public static Credentials of(String accessToken, String appSecret) {
        String token = blankToNull(accessToken);
        String secret = blankToNull(appSecret);
        return token == null && secret == null ? NONE : new Credentials(token, secret);
    }

    public static Credentials none() {
        return NONE;
    }

    /** Null when the Conversions API is not configured: events are recorded as a dry run. */
    public String accessToken() {
        return accessToken;
    }

    /** Optional; when present requests carry {@code appsecret_proof}. */
    public String appSecret() {
        return appSecret;
    }

    public boolean hasAccessToken() {
        return accessToken != null;
    }

    /**
     * SHA-256 hex of pixel, token and secret: identifies "these credentials" on held rows without storing them. A
     * changed token or secret changes it, which releases the held rows. {@code unreadable} (saved secrets that could
     * not be decrypted) gives a fingerprint of its own, so held rows resume whatever the next state is.
     */
    public String fingerprint(String pixelId, boolean unreadable) {
        return Sha256.hex(pixelId + '\n' + nullToEmpty(accessToken) + '\n' + nullToEmpty(appSecret)
                + (unreadable ? "\nunreadable" : ""));
    }

    @Override
    public String toString() {
        return "Credentials{accessToken=" + (accessToken != null ? "set" : "not set") + ", appSecret="
                + (appSecret != null ? "set" : "not set") + "}";
    }

    private static String blankToNull(String s) {
        return s == null || s.trim().isEmpty() ? null : s.trim();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
