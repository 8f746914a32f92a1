package io.github.broadleafmeta.core.outbox;

import io.github.broadleafmeta.core.event.UserDataField;
import io.github.broadleafmeta.core.userdata.UserDataNormalizer;

/**
 * One customer, named by the SHA-256 of one identifier exactly as the events carry it in {@code user_data}: the
 * raw value goes through the same {@link UserDataNormalizer} as the events, and only its digest is kept.
 * {@link #toString()} shows the kind and an 8-digit digest prefix, never the value or the whole digest.
 */
public final class CustomerIdentifier {

    /** Which {@code user_data} key an identifier is matched against. */
    public enum Kind {
        EMAIL(UserDataField.EMAIL, "e-mail"),
        PHONE(UserDataField.PHONE, "phone"),
        EXTERNAL_ID(UserDataField.EXTERNAL_ID, "customer id");

        private final UserDataField field;
        private final String label;

        Kind(UserDataField field, String label) {
            this.field = field;
            this.label = label;
        }

        /** The {@code user_data} key, e.g. {@code em}. */
        public String key() {
            return field.key();
        }

        /** In plain words, e.g. "e-mail". */
        public String label() {
            return label;
        }
    }

    /** Digits of the digest kept in audit lines: enough to tell two requests apart, too few to test guesses. */
    public static final int PREFIX_LENGTH = 8;

    private final Kind kind;
    private final String hash;

    private CustomerIdentifier(Kind kind, String hash) {
        this.kind = kind;
        this.hash = hash;
    }

    /** The customer with this e-mail address; a value that is not an e-mail address is refused. */
    public static CustomerIdentifier email(String email, UserDataNormalizer normalizer) {
        return of(Kind.EMAIL, email, null, normalizer);
    }

    /**
     * The customer with this phone number.
     *
     * @param countryHint the customer's country (ISO code or name) for a national number; null means the store's
     *                    default country, as for the events
     */
    public static CustomerIdentifier phone(String phone, String countryHint, UserDataNormalizer normalizer) {
        return of(Kind.PHONE, phone, countryHint, normalizer);
    }

    /** The customer with this id (the events' external_id: the store's customer id). */
    public static CustomerIdentifier externalId(String customerId, UserDataNormalizer normalizer) {
        return of(Kind.EXTERNAL_ID, customerId, null, normalizer);
    }

    /**
     * Normalizes and hashes {@code value} for {@code kind}; an already hashed value (64 hex digits) is taken as it
     * is.
     *
     * @throws IllegalArgumentException naming the kind (never the value) when the value is empty or invalid
     */
    public static CustomerIdentifier of(Kind kind, String value, String countryHint, UserDataNormalizer normalizer) {
        if (kind == null || normalizer == null) {
            throw new IllegalArgumentException("kind and normalizer are required");
        }
        if (value == null || value.trim().isEmpty()) {
            throw new IllegalArgumentException("Enter the customer's " + kind.label() + ".");
        }
        String hash = normalizer.hash(kind.field, value, countryHint);
        if (hash == null) {
            throw new IllegalArgumentException("This is not a valid " + kind.label()
                    + (kind == Kind.PHONE ? " number (include the country code, or give the country)" : "")
                    + ": nothing was erased.");
        }
        return new CustomerIdentifier(kind, hash);
    }

    public Kind kind() {
        return kind;
    }

    /** The lowercase hex SHA-256 the events carry. */
    public String hash() {
        return hash;
    }

    /** The first {@value #PREFIX_LENGTH} digits of {@link #hash()}, for audit lines. */
    public String hashPrefix() {
        return hash.substring(0, PREFIX_LENGTH);
    }

    @Override
    public String toString() {
        return kind.label() + " " + hashPrefix() + "...";
    }
}
