package io.github.broadleafmeta.core.capi;

import java.time.Duration;

/**
 * Transport settings of {@link GraphApiClient}. Immutable; {@link #custom()} / {@link #from(CapiClientConfig)} /
 * {@link #ofDefaults()}; every setter validates and names the bad value.
 */
public final class CapiClientConfig {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(10);
    /**
     * The longest one request may take from sending to the last byte of the answer. The response timeout bounds
     * each silence only, so a server trickling its answer a byte at a time would otherwise hold the request (and
     * the dispatcher's slot) for as long as it likes. Well under the dispatcher's 2-minute lease.
     */
    public static final Duration DEFAULT_TOTAL_TIMEOUT = Duration.ofSeconds(30);
    /** How long a send waits for a free pooled connection before it fails as {@code pool_timeout}. */
    public static final Duration DEFAULT_CONNECTION_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** How long {@code close()} lets in-flight requests finish before cutting them. */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_CONNECTIONS_TOTAL = 32;
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ROUTE = 16;
    /** Meta's answers are a few hundred bytes; anything beyond 1 MiB is not a Graph API response. */
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
    public static final String VERSION = resolveVersion();
    /** Sent as {@code partner_agent} so Meta can attribute the integration. */
    public static final String DEFAULT_PARTNER_AGENT = "broadleafmeta-" + VERSION;
    public static final String DEFAULT_USER_AGENT = "broadleafmeta/" + VERSION;

    private static final int MAX_PARTNER_AGENT_LENGTH = 64;
    private static final CapiClientConfig DEFAULTS = custom().build();

    private final Duration connectTimeout;
    private final Duration responseTimeout;
    private final Duration totalTimeout;
    private final Duration connectionRequestTimeout;
    private final Duration shutdownTimeout;
    private final int maxConnectionsTotal;
    private final int maxConnectionsPerRoute;
    private final int maxResponseBytes;
    private final String partnerAgent;
    private final String userAgent;

    private CapiClientConfig(Builder b) {
        this.connectTimeout = b.connectTimeout;
        this.responseTimeout = b.responseTimeout;
        this.totalTimeout = b.totalTimeout;
        this.connectionRequestTimeout = b.connectionRequestTimeout;
        this.shutdownTimeout = b.shutdownTimeout;
        this.maxConnectionsTotal = b.maxConnectionsTotal;
        this.maxConnectionsPerRoute = b.maxConnectionsPerRoute;
        this.maxResponseBytes = b.maxResponseBytes;
        this.partnerAgent = b.partnerAgent;
        this.userAgent = b.userAgent;
    }

    public static CapiClientConfig ofDefaults() {
        return DEFAULTS;
    }

    public static Builder custom() {
        return new Builder();
    }

    public static Builder from(CapiClientConfig base) {
        return base.toBuilder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.connectTimeout = connectTimeout;
        b.responseTimeout = responseTimeout;
        b.totalTimeout = totalTimeout;
        b.connectionRequestTimeout = connectionRequestTimeout;
        b.shutdownTimeout = shutdownTimeout;
        b.maxConnectionsTotal = maxConnectionsTotal;
        b.maxConnectionsPerRoute = maxConnectionsPerRoute;
        b.maxResponseBytes = maxResponseBytes;
        b.partnerAgent = partnerAgent;
        b.userAgent = userAgent;
        return b;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Longest silence while waiting for (each part of) the response. */
    public Duration responseTimeout() {
        return responseTimeout;
    }

    /** Longest time from sending a request to the end of its answer, however the answer arrives. */
    public Duration totalTimeout() {
        return totalTimeout;
    }

    public Duration connectionRequestTimeout() {
        return connectionRequestTimeout;
    }

    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    public int maxConnectionsTotal() {
        return maxConnectionsTotal;
    }

    public int maxConnectionsPerRoute() {
        return maxConnectionsPerRoute;
    }

    public int maxResponseBytes() {
        return maxResponseBytes;
    }

    /** Null when none is sent. */
    public String partnerAgent() {
        return partnerAgent;
    }

    public String userAgent() {
        return userAgent;
    }

    @Override
    public String toString() {
        return "CapiClientConfig{connectTimeout=" + connectTimeout + ", responseTimeout=" + responseTimeout
                + ", totalTimeout=" + totalTimeout
                + ", connectionRequestTimeout=" + connectionRequestTimeout + ", shutdownTimeout=" + shutdownTimeout
                + ", maxConnectionsTotal="
                + maxConnectionsTotal + ", maxConnectionsPerRoute=" + maxConnectionsPerRoute + ", maxResponseBytes="
                + maxResponseBytes + ", partnerAgent=" + partnerAgent + ", userAgent=" + userAgent + "}";
    }

    private static String resolveVersion() {
        Package p = CapiClientConfig.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null || v.isEmpty() ? "0.1.0" : v;
    }

    public static final class Builder {
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration responseTimeout = DEFAULT_RESPONSE_TIMEOUT;
        private Duration totalTimeout = DEFAULT_TOTAL_TIMEOUT;
        private Duration connectionRequestTimeout = DEFAULT_CONNECTION_REQUEST_TIMEOUT;
        private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
        private int maxConnectionsTotal = DEFAULT_MAX_CONNECTIONS_TOTAL;
        private int maxConnectionsPerRoute = DEFAULT_MAX_CONNECTIONS_PER_ROUTE;
        private int maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
        private String partnerAgent = DEFAULT_PARTNER_AGENT;
        private String userAgent = DEFAULT_USER_AGENT;

        private Builder() {
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = positive("connectTimeout", connectTimeout);
            return this;
        }

        public Builder responseTimeout(Duration responseTimeout) {
            this.responseTimeout = positive("responseTimeout", responseTimeout);
            return this;
        }

        public Builder totalTimeout(Duration totalTimeout) {
            this.totalTimeout = positive("totalTimeout", totalTimeout);
            return this;
        }

        public Builder connectionRequestTimeout(Duration connectionRequestTimeout) {
            this.connectionRequestTimeout = positive("connectionRequestTimeout", connectionRequestTimeout);
            return this;
        }

        public Builder shutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = positive("shutdownTimeout", shutdownTimeout);
            return this;
        }

        public Builder maxConnectionsTotal(int maxConnectionsTotal) {
            this.maxConnectionsTotal = atLeastOne("maxConnectionsTotal", maxConnectionsTotal);
            return this;
        }

        public Builder maxConnectionsPerRoute(int maxConnectionsPerRoute) {
            this.maxConnectionsPerRoute = atLeastOne("maxConnectionsPerRoute", maxConnectionsPerRoute);
            return this;
        }

        /** At least 1 KiB: a Graph API error body must fit. */
        public Builder maxResponseBytes(int maxResponseBytes) {
            if (maxResponseBytes < 1024) {
                throw new IllegalArgumentException("maxResponseBytes must be at least 1024, was: "
                        + maxResponseBytes);
            }
            this.maxResponseBytes = maxResponseBytes;
            return this;
        }

        /** Null or empty sends no {@code partner_agent}. */
        public Builder partnerAgent(String partnerAgent) {
            if (partnerAgent != null && !partnerAgent.isEmpty()
                    && (partnerAgent.length() > MAX_PARTNER_AGENT_LENGTH || !isPrintableAscii(partnerAgent))) {
                throw new IllegalArgumentException("partnerAgent must be at most " + MAX_PARTNER_AGENT_LENGTH
                        + " printable ASCII characters, was: \"" + partnerAgent + "\"");
            }
            this.partnerAgent = partnerAgent == null || partnerAgent.isEmpty() ? null : partnerAgent;
            return this;
        }

        public Builder userAgent(String userAgent) {
            if (userAgent == null || userAgent.trim().isEmpty() || !isPrintableAscii(userAgent)) {
                throw new IllegalArgumentException("userAgent must be non-blank printable ASCII, was: \"" + userAgent
                        + "\"");
            }
            this.userAgent = userAgent;
            return this;
        }

        /** @throws IllegalArgumentException when the per-route limit exceeds the total */
        public CapiClientConfig build() {
            if (maxConnectionsPerRoute > maxConnectionsTotal) {
                throw new IllegalArgumentException("maxConnectionsPerRoute (" + maxConnectionsPerRoute
                        + ") must not exceed maxConnectionsTotal (" + maxConnectionsTotal + ")");
            }
            return new CapiClientConfig(this);
        }

        private static Duration positive(String name, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was: " + d);
            }
            return d;
        }

        private static int atLeastOne(String name, int n) {
            if (n < 1) {
                throw new IllegalArgumentException(name + " must be at least 1, was: " + n);
            }
            return n;
        }

        private static boolean isPrintableAscii(String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < 0x20 || c > 0x7e) {
                    return false;
                }
            }
            return true;
        }
    }
}
