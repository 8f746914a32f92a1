package io.github.broadleafmeta.theme.render;

import io.github.broadleafmeta.core.event.UserData;
import io.github.broadleafmeta.core.event.UserDataField;
import io.github.broadleafmeta.core.userdata.Sha256;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The advanced-matching object of one {@code fbq('init', pixelId, advancedMatching)} call: per customer-information
 * key ({@code em}, {@code ph}, {@code fn}, {@code ln}, {@code ge}, {@code db}, {@code ct}, {@code st}, {@code zp},
 * {@code country}, {@code external_id}) ONE normalized SHA-256 digest, the same value the server copy carries in
 * {@code user_data} (compute it with {@code UserDataNormalizer.hash(field, raw, countryHint)}).
 *
 * <p>Only digests are accepted: {@link Builder#build()} refuses anything that is not 64 hex digits, so raw customer
 * data cannot reach the page through this class. Digests are stored lower case. Immutable; keys iterate in the
 * declaration order of {@link UserDataField}, so the rendered JSON is deterministic.
 */
public final class AdvancedMatching {

    private static final AdvancedMatching NONE = new AdvancedMatching(
            Collections.unmodifiableMap(new EnumMap<UserDataField, String>(UserDataField.class)));

    private final Map<UserDataField, String> digests;

    private AdvancedMatching(Map<UserDataField, String> digests) {
        this.digests = digests;
    }

    /** No advanced matching: {@code init} is rendered with the pixel id only. */
    public static AdvancedMatching none() {
        return NONE;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The first digest of every hashed field of a server event's {@code user_data} (the pixel takes one value per
     * key). Verbatim fields (IP, user agent, fbp, fbc) are not part of advanced matching and are ignored.
     */
    public static AdvancedMatching fromUserData(UserData userData) {
        if (userData == null) {
            return NONE;
        }
        Builder b = builder();
        for (Map.Entry<UserDataField, List<String>> e : userData.hashed().entrySet()) {
            if (!e.getValue().isEmpty()) {
                b.put(e.getKey(), e.getValue().get(0));
            }
        }
        return b.build();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.digests.putAll(digests);
        return b;
    }

    /** Unmodifiable, in {@link UserDataField} order. */
    public Map<UserDataField, String> digests() {
        return digests;
    }

    public boolean isEmpty() {
        return digests.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AdvancedMatching && digests.equals(((AdvancedMatching) o).digests);
    }

    @Override
    public int hashCode() {
        return digests.hashCode();
    }

    @Override
    public String toString() {
        // Digests of customer data stay out of logs: keys only.
        return "AdvancedMatching" + digests.keySet();
    }

    public static final class Builder {
        private final Map<UserDataField, String> digests = new EnumMap<UserDataField, String>(UserDataField.class);

        private Builder() {
        }

        /** Adds or replaces one digest; a null digest removes the key. */
        public Builder put(UserDataField field, String sha256Hex) {
            if (field == null) {
                throw new IllegalArgumentException("advanced matching field is required");
            }
            if (sha256Hex == null) {
                digests.remove(field);
            } else {
                digests.put(field, sha256Hex);
            }
            return this;
        }

        /** @throws IllegalArgumentException naming the key whose value is not a SHA-256 digest (value not shown) */
        public AdvancedMatching build() {
            if (digests.isEmpty()) {
                return NONE;
            }
            Map<UserDataField, String> copy = new EnumMap<UserDataField, String>(UserDataField.class);
            for (Map.Entry<UserDataField, String> e : digests.entrySet()) {
                if (!Sha256.isHexDigest(e.getValue())) {
                    // The value may be raw customer data: never echo it.
                    throw new IllegalArgumentException("advanced matching " + e.getKey().key()
                            + " must be a normalized SHA-256 digest (64 hex digits)");
                }
                copy.put(e.getKey(), e.getValue().toLowerCase(Locale.ROOT));
            }
            return new AdvancedMatching(Collections.unmodifiableMap(copy));
        }
    }
}
