package io.github.broadleafmeta.core.capi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One Graph API request: the pixel, its credentials and endpoint, and up to 1,000 events, each already serialized as
 * one JSON object (hashed customer data only). Built per request from the settings snapshot of the current dispatch
 * cycle, so admin edits apply without a restart. Its secrets are {@link Credentials}, which never show.
 */
public final class SendRequest {

    public static final int MAX_EVENTS_PER_REQUEST = 1000;
    public static final String DEFAULT_GRAPH_URL = "https://graph.facebook.com";
    public static final String DEFAULT_API_VERSION = "v26.0";

    private final String graphUrl;
    private final String apiVersion;
    private final String pixelId;
    private final Credentials credentials;
    private final String testEventCode;
    private final List<String> eventJsons;

    private SendRequest(Builder b) {
        this.graphUrl = b.graphUrl;
        this.apiVersion = b.apiVersion;
        this.pixelId = b.pixelId;
        this.credentials = b.credentials;
        this.testEventCode = b.testEventCode;
        this.eventJsons = Collections.unmodifiableList(new ArrayList<String>(b.eventJsons));
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().graphUrl(graphUrl).apiVersion(apiVersion).pixelId(pixelId).credentials(credentials)
                .testEventCode(testEventCode).eventJsons(eventJsons);
    }

    public String graphUrl() {
        return graphUrl;
    }

    public String apiVersion() {
        return apiVersion;
    }

    public String pixelId() {
        return pixelId;
    }

    public Credentials credentials() {
        return credentials;
    }

    /** Optional; when present events show in Events Manager's test tab. */
    public String testEventCode() {
        return testEventCode;
    }

    public List<String> eventJsons() {
        return eventJsons;
    }

    @Override
    public String toString() {
        return "SendRequest{pixel=" + pixelId + ", version=" + apiVersion + ", events=" + eventJsons.size()
                + ", testEventCode=" + (testEventCode != null) + "}";
    }

    public static final class Builder {
        private String graphUrl = DEFAULT_GRAPH_URL;
        private String apiVersion = DEFAULT_API_VERSION;
        private String pixelId;
        private Credentials credentials = Credentials.none();
        private String testEventCode;
        private List<String> eventJsons = new ArrayList<String>();

        private Builder() {
        }

        public Builder graphUrl(String graphUrl) {
            this.graphUrl = graphUrl;
            return this;
        }

        public Builder apiVersion(String apiVersion) {
            this.apiVersion = apiVersion;
            return this;
        }

        public Builder pixelId(String pixelId) {
            this.pixelId = pixelId;
            return this;
        }

        public Builder credentials(Credentials credentials) {
            this.credentials = credentials == null ? Credentials.none() : credentials;
            return this;
        }

        public Builder testEventCode(String testEventCode) {
            this.testEventCode = testEventCode;
            return this;
        }

        public Builder eventJsons(List<String> eventJsons) {
            this.eventJsons = new ArrayList<String>(eventJsons);
            return this;
        }

        public Builder addEventJson(String eventJson) {
            this.eventJsons.add(eventJson);
            return this;
        }

        /** @throws IllegalArgumentException naming the missing or bad field */
        public SendRequest build() {
            require(graphUrl, "graphUrl");
            require(apiVersion, "apiVersion");
            require(pixelId, "pixelId");
            if (!credentials.hasAccessToken()) {
                throw new IllegalArgumentException("an access token is required");
            }
            if (!apiVersion.matches("v\\d+\\.\\d+")) {
                throw new IllegalArgumentException("apiVersion must look like v26.0, was: " + apiVersion);
            }
            if (eventJsons.isEmpty() || eventJsons.size() > MAX_EVENTS_PER_REQUEST) {
                throw new IllegalArgumentException("a request carries 1 to " + MAX_EVENTS_PER_REQUEST
                        + " events, was: " + eventJsons.size());
            }
            return new SendRequest(this);
        }

        private static void require(String value, String name) {
            if (value == null || value.trim().isEmpty()) {
                throw new IllegalArgumentException(name + " is required");
            }
        }
    }
}
