package io.github.broadleafmeta.core.dispatch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import io.github.broadleafmeta.core.capi.SendRequest;

/**
 * One pixel's delivery settings as of one dispatch cycle. No access token means dry run: rows are recorded as
 * DRY_RUN and nothing leaves the machine. {@link #toString()} never shows the token or the secret.
 */
public final class PixelDeliverySettings {

    private final String pixelId;
    private final boolean enabled;
    private final String accessToken;
    private final String appSecret;
    private final String graphUrl;
    private final String apiVersion;
    private final String testEventCode;
    private final String fingerprint;
    private final String credentialsProblem;

    private PixelDeliverySettings(Builder b) {
        this.pixelId = b.pixelId;
        this.enabled = b.enabled;
        this.accessToken = blankToNull(b.accessToken);
        this.appSecret = blankToNull(b.appSecret);
        this.graphUrl = b.graphUrl;
        this.apiVersion = b.apiVersion;
        this.testEventCode = blankToNull(b.testEventCode);
        this.credentialsProblem = blankToNull(b.credentialsProblem);
        // Unreadable credentials get their own fingerprint, so held rows resume whatever the next state is.
        this.fingerprint = sha256Hex(pixelId + '\n' + nullToEmpty(accessToken) + '\n' + nullToEmpty(appSecret)
                + (credentialsProblem != null ? "\nunreadable" : ""));
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

    public String accessToken() {
        return accessToken;
    }

    public boolean hasAccessToken() {
        return accessToken != null;
    }

    public String appSecret() {
        return appSecret;
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

    /**
     * SHA-256 hex of pixel, token and secret: identifies "these credentials" on held rows without storing the
     * token. A changed token or secret changes it, which releases the held rows.
     */
    public String credentialsFingerprint() {
        return fingerprint;
    }

    @Override
    public String toString() {
        return "PixelDeliverySettings{pixel=" + pixelId + ", enabled=" + enabled + ", token="
                + (accessToken != null ? "set" : "none (dry run)") + ", version=" + apiVersion + ", testEventCode="
                + (testEventCode != null) + "}";
    }

    private static String blankToNull(String s) {
        return s == null || s.trim().isEmpty() ? null : s.trim();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String sha256Hex(String s) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder(64);
            for (byte b : digest) {
                sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    public static final class Builder {
        private final String pixelId;
        private boolean enabled = true;
        private String accessToken;
        private String appSecret;
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

        public Builder accessToken(String accessToken) {
            this.accessToken = accessToken;
            return this;
        }

        public Builder appSecret(String appSecret) {
            this.appSecret = appSecret;
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
