package io.github.broadleafmeta.core.settings;

import java.time.Instant;

/**
 * One recorded settings change: who changed which key when, from what to what. A secret's values are never
 * recorded: {@link #isSecret()} is true and both values are null, so a screen can only say "changed".
 */
public final class SettingsChange {

    private final Instant changedAt;
    private final String changedBy;
    private final String key;
    private final String oldValue;
    private final String newValue;
    private final boolean secret;

    SettingsChange(Instant changedAt, String changedBy, String key, String oldValue, String newValue,
            boolean secret) {
        this.changedAt = changedAt;
        this.changedBy = changedBy;
        this.key = key;
        this.oldValue = secret ? null : oldValue;
        this.newValue = secret ? null : newValue;
        this.secret = secret;
    }

    public Instant changedAt() {
        return changedAt;
    }

    /** The admin user name the admin passed in; never blank. */
    public String changedBy() {
        return changedBy;
    }

    public String key() {
        return key;
    }

    /** The value before, null when the key was not saved (environment or default applied); null for secrets. */
    public String oldValue() {
        return oldValue;
    }

    /** The value after, null when the key was removed (environment or default apply again); null for secrets. */
    public String newValue() {
        return newValue;
    }

    public boolean isSecret() {
        return secret;
    }

    @Override
    public String toString() {
        return "SettingsChange{" + changedAt + ", " + changedBy + ", " + key + (secret ? ", secret changed}"
                : ", " + oldValue + " -> " + newValue + "}");
    }
}
