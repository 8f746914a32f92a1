package io.github.broadleafmeta.core.event;

/**
 * The customer-information keys of a Conversions API {@code user_data} object that this plugin hashes.
 * Values of these keys leave the store only as normalized, lowercase-hex SHA-256 digests.
 */
public enum UserDataField {
    EMAIL("em"),
    PHONE("ph"),
    FIRST_NAME("fn"),
    LAST_NAME("ln"),
    GENDER("ge"),
    DATE_OF_BIRTH("db"),
    CITY("ct"),
    STATE("st"),
    ZIP("zp"),
    COUNTRY("country"),
    EXTERNAL_ID("external_id");

    private final String key;

    UserDataField(String key) {
        this.key = key;
    }

    /** The JSON key Meta expects, e.g. {@code em}. */
    public String key() {
        return key;
    }
}
