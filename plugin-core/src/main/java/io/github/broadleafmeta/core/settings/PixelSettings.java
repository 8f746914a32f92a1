package io.github.broadleafmeta.core.settings;

import io.github.broadleafmeta.core.capi.Credentials;
import io.github.broadleafmeta.core.capi.GraphDestination;

/**
 * Everything needed to send one pixel's events. Immutable; its secrets are {@link Credentials}, which never show.
 * Kept apart from {@link MetaSettings} so several pixels can be supported later.
 */
public final class PixelSettings {

    private final String pixelId;
    private final boolean enabled;
    private final Credentials credentials;
    private final String apiVersion;
    private final String graphUrl;
    private final String testEventCode;
    private final String credentialsProblem;

    private PixelSettings(Builder b) {
        this.credentialsProblem = b.credentialsProblem;
        this.pixelId = b.pixelId.trim();
        this.enabled = b.enabled;
        this.credentials = b.credentials;
        this.apiVersion = b.apiVersion;
        this.graphUrl = b.graphUrl;
        this.testEventCode = b.testEventCode;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().pixelId(pixelId).enabled(enabled).credentials(credentials)
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

    /** The access token (absent when the Conversions API is not configured: browser pixel only) and app secret. */
    public Credentials credentials() {
        return credentials;
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
        return enabled && credentials.hasAccessToken();
    }

    @Override
    public String toString() {
        return "PixelSettings{pixelId=" + pixelId + ", enabled=" + enabled + ", " + credentials
                + ", apiVersion=" + apiVersion + ", graphUrl=" + graphUrl + ", testMode=" + (testEventCode != null)
                + (credentialsProblem != null ? ", credentialsUnreadable" : "") + "}";
    }

    public static final class Builder {
        private String pixelId;
        private boolean enabled = true;
        private Credentials credentials = Credentials.none();
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

        public Builder credentials(Credentials credentials) {
            this.credentials = credentials == null ? Credentials.none() : credentials;
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
