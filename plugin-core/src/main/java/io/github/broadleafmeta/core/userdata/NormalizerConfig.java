package io.github.broadleafmeta.core.userdata;

import java.time.Clock;
import java.util.Locale;

/**
 * Settings of a {@link UserDataNormalizer}. Immutable; {@link Builder#build()} validates and names the bad field.
 */
public final class NormalizerConfig {

    public static final String DEFAULT_COUNTRY = "US";
    /** Longer raw values are dropped as TOO_LONG before any other work (no real name, email or address is). */
    public static final int DEFAULT_MAX_VALUE_LENGTH = 512;
    /** Longer User-Agents are truncated to this length (see {@link UserDataNormalizer}). */
    public static final int DEFAULT_MAX_USER_AGENT_LENGTH = 1000;

    private final String defaultCountry;
    private final int maxValueLength;
    private final int maxUserAgentLength;
    private final Clock clock;

    private NormalizerConfig(Builder b, String defaultCountryCode) {
        this.defaultCountry = defaultCountryCode;
        this.maxValueLength = b.maxValueLength;
        this.maxUserAgentLength = b.maxUserAgentLength;
        this.clock = b.clock;
    }

    public static NormalizerConfig ofDefaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().defaultCountry(defaultCountry).maxValueLength(maxValueLength)
                .maxUserAgentLength(maxUserAgentLength).clock(clock);
    }

    /** The store's country, ISO 3166-1 alpha-2 upper case: used for national phone numbers and state rules. */
    public String defaultCountry() {
        return defaultCountry;
    }

    public int maxValueLength() {
        return maxValueLength;
    }

    public int maxUserAgentLength() {
        return maxUserAgentLength;
    }

    /** Used to reject dates of birth in the future. */
    public Clock clock() {
        return clock;
    }

    @Override
    public String toString() {
        return "NormalizerConfig{defaultCountry=" + defaultCountry + ", maxValueLength=" + maxValueLength
                + ", maxUserAgentLength=" + maxUserAgentLength + "}";
    }

    public static final class Builder {
        private String defaultCountry = DEFAULT_COUNTRY;
        private int maxValueLength = DEFAULT_MAX_VALUE_LENGTH;
        private int maxUserAgentLength = DEFAULT_MAX_USER_AGENT_LENGTH;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** ISO 3166-1 alpha-2 code, any case (e.g. {@code "US"}, {@code "gb"}). */
        public Builder defaultCountry(String defaultCountry) {
            this.defaultCountry = defaultCountry;
            return this;
        }

        public Builder maxValueLength(int maxValueLength) {
            this.maxValueLength = maxValueLength;
            return this;
        }

        public Builder maxUserAgentLength(int maxUserAgentLength) {
            this.maxUserAgentLength = maxUserAgentLength;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** @throws IllegalArgumentException naming the invalid field and value */
        public NormalizerConfig build() {
            String code = defaultCountry == null ? null : defaultCountry.trim().toUpperCase(Locale.ROOT);
            if (code == null || code.length() != 2 || !Countries.isAlpha2(code.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("defaultCountry must be an ISO 3166-1 alpha-2 code, not '"
                        + defaultCountry + "'");
            }
            if (maxValueLength < 64 || maxValueLength > 100000) {
                throw new IllegalArgumentException("maxValueLength must be 64..100000, not " + maxValueLength);
            }
            if (maxUserAgentLength < 64 || maxUserAgentLength > 100000) {
                throw new IllegalArgumentException("maxUserAgentLength must be 64..100000, not " + maxUserAgentLength);
            }
            if (clock == null) {
                throw new IllegalArgumentException("clock is required");
            }
            return new NormalizerConfig(this, code);
        }
    }
}
