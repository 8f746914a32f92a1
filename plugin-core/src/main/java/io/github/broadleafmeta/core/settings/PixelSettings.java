package io.github.broadleafmeta.core.settings;

import io.github.broadleafmeta.core.capi.GraphDestination;

import io.github.broadleafmeta.core.userdata.Sha256;

/**
 * Everything needed to send one pixel's events. Immutable; {@link #toString()} never shows the token or the secret.
 * Kept apart from {@link MetaSettings} so several pixels can be supported later.
 */
public final class PixelSettings {

    private final String pixelId;
    private final boolean enabled;
    private final String accessToken;
    private final String appSecret;
    private final String apiVersion;
    private final String graphUrl;
    private final String testEventCode;
    private final String credentialsProblem;

    private PixelSettings(Builder b) {
        this.credentialsProblem = b.credentialsProblem;
        this.pixelId = b.pixelId.trim();
        this.enabled = b.enabled;
        this.accessToken = b.accessToken;
        this.appSecret = b.appSecret;
        this.apiVersion = b.apiVersion;
        this.graphUrl = b.graphUrl;
        this.testEventCode = b.testEventCode;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().pixelId(pixelId).enabled(enabled).accessToken(accessToken).appSecret(appSecret)
                .apiVersion(apiVersion).graphUrl(graphUrl).testEventCode(testEventCode)
                .credentialsProblem(credentialsProblem);
    }

    /**
     * Why this pixel's saved credentials cannot be read (e.g. the token was encrypted with another key), or null.
     * While set, nothing is sent for the pixel: its events are held with this reason.
     */
    public String credentialsProblem() {
        return credentialsProblem;
    }

    public String pixelId() {
        return pixelId;
    }

    public boolean enabled() {
        return enabled;
    }

    /** Null when the Conversions API is not configured (browser pixel only). */
    public String accessToken() {
        return accessToken;
    }

    public String appSecret() {
        return appSecret;
    }

    public String apiVersion() {
        return apiVersion;
    }

    public String graphUrl() {
        return graphUrl;
    }

    /** Null unless test mode is on (and not expired). */
    public String testEventCode() {
        return testEventCode;
    }

    /** True when server events can be sent for this pixel. */
    public boolean capiConfigured() {
        return enabled && accessToken != null;
    }

    /**
     * SHA-256 over pixel id, token and app secret: lets the dispatcher notice changed credentials (e.g. to lift a
     * "token invalid" stop) without keeping the credentials themselves.
     */
    public String credentialsFingerprint() {
        return Sha256.hex(pixelId + '\n' + nullToEmpty(accessToken) + '\n' + nullToEmpty(appSecret));
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    @Override
    public String toString() {
        return "PixelSettings{pixelId=" + pixelId + ", enabled=" + enabled + ", accessToken="
                + (accessToken != null ? "set" : "not set") + ", appSecret=" + (appSecret != null ? "set" : "not set")
                + ", apiVersion=" + apiVersion + ", graphUrl=" + graphUrl + ", testMode=" + (testEventCode != null)
                + (credentialsProblem != null ? ", credentialsUnreadable" : "") + "}";
    }

    public static final class Builder {
        private String pixelId;
        private boolean enabled = true;
        private String accessToken;
        private String appSecret;
        private String apiVersion = SettingsResolver.DEFAULT_API_VERSION;
        private String graphUrl = SettingsResolver.DEFAULT_GRAPH_URL;
        private String testEventCode;
        private String credentialsProblem;

        private Builder() {
        }

        public Builder pixelId(String pixelId) {
            this.pixelId = pixelId;
            return this;
        }

        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        public Builder accessToken(String accessToken) {
            this.accessToken = blankToNull(accessToken);
            return this;
        }

        public Builder appSecret(String appSecret) {
            this.appSecret = blankToNull(appSecret);
            return this;
        }

        public Builder apiVersion(String apiVersion) {
            this.apiVersion = apiVersion;
            return this;
        }

        public Builder graphUrl(String graphUrl) {
            this.graphUrl = graphUrl;
            return this;
        }

        public Builder testEventCode(String testEventCode) {
            this.testEventCode = blankToNull(testEventCode);
            return this;
        }

        public Builder credentialsProblem(String credentialsProblem) {
            this.credentialsProblem = blankToNull(credentialsProblem);
            return this;
        }

        private static String blankToNull(String s) {
            return s == null || s.trim().isEmpty() ? null : s.trim();
        }

        /** @throws IllegalArgumentException naming the invalid field */
        public PixelSettings build() {
            String problem = PixelIdValidator.problem(pixelId);
            if (problem != null) {
                throw new IllegalArgumentException("pixelId: " + problem);
            }
            if (SettingsResolver.apiVersionProblem(apiVersion) != null) {
                throw new IllegalArgumentException("apiVersion: " + SettingsResolver.apiVersionProblem(apiVersion));
            }
            if (GraphDestination.problem(graphUrl) != null) {
                throw new IllegalArgumentException("graphUrl: " + GraphDestination.problem(graphUrl));
            }
            return new PixelSettings(this);
        }
    }
}
