package io.github.broadleafmeta.core.userdata;

import io.github.broadleafmeta.core.event.UserDataField;

/**
 * One value left out of {@code user_data}, named by its Meta key ({@code em}, {@code client_ip_address}, ...).
 * Never carries the value itself, so it can be logged and counted.
 */
public final class DroppedField {

    private final String key;
    private final UserDataField field;
    private final DropReason reason;

    private DroppedField(String key, UserDataField field, DropReason reason) {
        this.key = key;
        this.field = field;
        this.reason = reason;
    }

    static DroppedField of(UserDataField field, DropReason reason) {
        return new DroppedField(field.key(), field, reason);
    }

    static DroppedField verbatim(String key, DropReason reason) {
        return new DroppedField(key, null, reason);
    }

    /** Meta's JSON key of the dropped value. */
    public String key() {
        return key;
    }

    /** The hashed field, or null for a verbatim field (IP, user agent, fbc, fbp). */
    public UserDataField field() {
        return field;
    }

    public DropReason reason() {
        return reason;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DroppedField)) {
            return false;
        }
        DroppedField other = (DroppedField) o;
        return key.equals(other.key) && reason == other.reason;
    }

    @Override
    public int hashCode() {
        return key.hashCode() * 31 + reason.hashCode();
    }

    @Override
    public String toString() {
        return key + ":" + reason;
    }
}
