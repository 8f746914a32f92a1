package io.github.broadleafmeta.core.event;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code user_data} of one event, ready to send: every customer-information value is already normalized and
 * SHA-256 hashed (64 lowercase hex digits); the four verbatim fields (IP, user agent, fbc, fbp) are kept as given.
 * Immutable. Raw customer data never enters this class: {@link Builder#addHashed} rejects anything that is not a
 * digest, so a programming mistake fails in tests instead of leaking PII to the outbox.
 */
public final class UserData {

    private static final UserData EMPTY = builder().build();

    private final Map<UserDataField, List<String>> hashed;
    private final String clientIpAddress;
    private final String clientUserAgent;
    private final String fbc;
    private final String fbp;

    private UserData(Builder b) {
        EnumMap<UserDataField, List<String>> copy = new EnumMap<UserDataField, List<String>>(UserDataField.class);
        for (Map.Entry<UserDataField, List<String>> e : b.hashed.entrySet()) {
            if (!e.getValue().isEmpty()) {
                copy.put(e.getKey(), Collections.unmodifiableList(new ArrayList<String>(e.getValue())));
            }
        }
        this.hashed = Collections.unmodifiableMap(copy);
        this.clientIpAddress = b.clientIpAddress;
        this.clientUserAgent = b.clientUserAgent;
        this.fbc = b.fbc;
        this.fbp = b.fbp;
    }

    public static UserData empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        for (Map.Entry<UserDataField, List<String>> e : hashed.entrySet()) {
            b.hashed.put(e.getKey(), new ArrayList<String>(e.getValue()));
        }
        b.clientIpAddress = clientIpAddress;
        b.clientUserAgent = clientUserAgent;
        b.fbc = fbc;
        b.fbp = fbp;
        return b;
    }

    /** Hashed values per field; fields without a value are absent. */
    public Map<UserDataField, List<String>> hashed() {
        return hashed;
    }

    public List<String> hashed(UserDataField field) {
        List<String> values = hashed.get(field);
        return values == null ? Collections.<String>emptyList() : values;
    }

    public boolean has(UserDataField field) {
        return hashed.containsKey(field);
    }

    public String clientIpAddress() {
        return clientIpAddress;
    }

    public String clientUserAgent() {
        return clientUserAgent;
    }

    public String fbc() {
        return fbc;
    }

    public String fbp() {
        return fbp;
    }

    /** True when at least one customer-information parameter is present (Meta requires one for website events). */
    public boolean hasCustomerInformation() {
        return !hashed.isEmpty() || clientIpAddress != null || fbc != null || fbp != null;
    }

    @Override
    public String toString() {
        // Digests only, but still customer data: keep it out of logs.
        return "UserData{fields=" + hashed.keySet() + ", ip=" + (clientIpAddress != null) + ", ua="
                + (clientUserAgent != null) + ", fbc=" + (fbc != null) + ", fbp=" + (fbp != null) + "}";
    }

    public static final class Builder {
        private final EnumMap<UserDataField, List<String>> hashed =
                new EnumMap<UserDataField, List<String>>(UserDataField.class);
        private String clientIpAddress;
        private String clientUserAgent;
        private String fbc;
        private String fbp;

        private Builder() {
        }

        /**
         * Adds one SHA-256 digest for a field (duplicates are ignored).
         *
         * @throws IllegalArgumentException when {@code sha256Hex} is not 64 lowercase hex digits
         */
        public Builder addHashed(UserDataField field, String sha256Hex) {
            if (field == null) {
                throw new IllegalArgumentException("field is required");
            }
            if (!isLowerHexSha256(sha256Hex)) {
                throw new IllegalArgumentException("user_data." + field.key()
                        + " accepts only lowercase hex SHA-256 digests");
            }
            List<String> values = hashed.get(field);
            if (values == null) {
                values = new ArrayList<String>(1);
                hashed.put(field, values);
            }
            if (!values.contains(sha256Hex)) {
                values.add(sha256Hex);
            }
            return this;
        }

        /** Same test as the pattern {@code [0-9a-f]{64}}, as a char loop: this runs for every hashed value. */
        private static boolean isLowerHexSha256(String s) {
            if (s == null || s.length() != 64) {
                return false;
            }
            for (int i = 0; i < 64; i++) {
                char c = s.charAt(i);
                if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                    return false;
                }
            }
            return true;
        }

        public Builder clearField(UserDataField field) {
            hashed.remove(field);
            return this;
        }

        public Builder clientIpAddress(String clientIpAddress) {
            this.clientIpAddress = clientIpAddress;
            return this;
        }

        public Builder clientUserAgent(String clientUserAgent) {
            this.clientUserAgent = clientUserAgent;
            return this;
        }

        public Builder fbc(String fbc) {
            this.fbc = fbc;
            return this;
        }

        public Builder fbp(String fbp) {
            this.fbp = fbp;
            return this;
        }

        public UserData build() {
            return new UserData(this);
        }
    }
}
