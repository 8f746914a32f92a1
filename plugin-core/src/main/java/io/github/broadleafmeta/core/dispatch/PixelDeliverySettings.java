package io.github.broadleafmeta.core.dispatch;

import io.github.broadleafmeta.core.capi.Credentials;
import io.github.broadleafmeta.core.capi.SendRequest;

/**
 * One pixel's delivery settings as of one dispatch cycle. No access token means dry run: rows are recorded as
 * DRY_RUN and nothing leaves the machine. Its secrets are {@link Credentials}, which never show.
 */
public final class PixelDeliverySettings {

    private final String pixelId;
    private final boolean enabled;
    private final Credentials credentials;
    private final String graphUrl;
    private final String apiVersion;
    private final String testEventCode;
    private final String fingerprint;
    private final String credentialsProblem;

    private PixelDeliverySettings(Builder b) {
        this.pixelId = b.pixelId;
        this.enabled = b.enabled;
        this.credentials = b.credentials;
        this.graphUrl = b.graphUrl;
        this.apiVersion = b.apiVersion;
        this.testEventCode = blankToNull(b.testEventCode);
        this.credentialsProblem = blankToNull(b.credentialsProblem);
        this.fingerprint = credentials.fingerprint(pixelId, credentialsProblem != null);
    }

    public static Builder builder(String pixelId) {
        return new Builder(pixelId);
    }

    public String pixelId() {
        return pixelId;
    }

    public boolean enabled() {
        return enabled;
    }

    public Credentials credentials() {
        return credentials;
    }

    public String graphUrl() {
        return graphUrl;
    }

    public String apiVersion() {
        return apiVersion;
    }

    public String testEventCode() {
        return testEventCode;
    }

    /**
     * Why the saved credentials cannot be read (encrypted with another key, no key), or null. While set the
     * dispatcher holds the pixel's events with this reason and sends nothing: never a token it could not read.
     */
    public String credentialsProblem() {
        return credentialsProblem;
    }

    /** {@link Credentials#fingerprint}, computed once per snapshot. */
    public String credentialsFingerprint() {
        return fingerprint;
    }

    @Override
    public String toString() {
        return "PixelDeliverySettings{pixel=" + pixelId + ", enabled=" + enabled + ", " + credentials
                + ", version=" + apiVersion + ", testEventCode="
                + (testEventCode != null) + "}";
    }

    private static String blankToNull(String s) {
        return s == null || s.trim().isEmpty() ? null : s.trim();
    }

    public static final class Builder {
        private final String pixelId;
        private boolean enabled = true;
        private Credentials credentials = Credentials.none();
        private String graphUrl = SendRequest.DEFAULT_GRAPH_URL;
        private String apiVersion = SendRequest.DEFAULT_API_VERSION;
        private String testEventCode;
        private String credentialsProblem;

        private Builder(String pixelId) {
            this.pixelId = pixelId;
        }

        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        public Builder credentials(Credentials credentials) {
            this.credentials = credentials == null ? Credentials.none() : credentials;
            return this;
        }

        public Builder graphUrl(String graphUrl) {
            this.graphUrl = graphUrl;
            return this;
        }

        public Builder apiVersion(String apiVersion) {
            this.apiVersion = apiVersion;
            return this;
        }

        public Builder testEventCode(String testEventCode) {
            this.testEventCode = testEventCode;
            return this;
        }

        public Builder credentialsProblem(String credentialsProblem) {
            this.credentialsProblem = credentialsProblem;
            return this;
        }

        /** @throws IllegalArgumentException naming the missing or bad field */
        public PixelDeliverySettings build() {
            if (pixelId == null || pixelId.trim().isEmpty()) {
                throw new IllegalArgumentException("pixelId is required");
            }
            if (graphUrl == null || graphUrl.trim().isEmpty()) {
                throw new IllegalArgumentException("graphUrl is required");
            }
            if (apiVersion == null || !apiVersion.matches("v\\d+\\.\\d+")) {
                throw new IllegalArgumentException("apiVersion must look like v26.0, was: " + apiVersion);
            }
            return new PixelDeliverySettings(this);
        }
    }
}
