package io.github.broadleafmeta.core.settings;

/**
 * The effective value of one key and where it came from. For secrets only whether it is set is visible here: the
 * value itself is reachable only through {@link PixelSettings}.
 */
public final class ResolvedSetting {

    public static final String DEFAULT_SOURCE = "default";

    private final String key;
    private final String value;
    private final String sourceName;
    private final boolean secret;
    private final boolean set;
    private final String unreadableReason;

    ResolvedSetting(String key, String value, String sourceName, boolean secret) {
        this(key, value, sourceName, secret, null);
    }

    /** A value a source holds but cannot read (an encrypted secret without its key): no value, a reason. */
    static ResolvedSetting unreadable(String key, String sourceName, boolean secret, String reason) {
        return new ResolvedSetting(key, null, sourceName, secret, reason);
    }

    private ResolvedSetting(String key, String value, String sourceName, boolean secret, String unreadableReason) {
        this.unreadableReason = unreadableReason;
        this.key = key;
        this.set = value != null;
        this.value = value;
        this.sourceName = sourceName;
        this.secret = secret;
    }

    public String key() {
        return key;
    }

    /** The effective value; null when unset, and always null for a secret. */
    public String value() {
        return secret ? null : value;
    }

    /** The effective value including secrets: only for building {@link MetaSettings}/{@link PixelSettings}. */
    String effectiveValue() {
        return value;
    }

    /** {@code admin}, {@code system property meta.pixel.id}, {@code environment variable META_PIXEL_ID}, {@code default}. */
    public String sourceName() {
        return sourceName;
    }

    public boolean isSecret() {
        return secret;
    }

    public boolean isSet() {
        return set;
    }

    /** Why the saved value cannot be read, or null. */
    public String unreadableReason() {
        return unreadableReason;
    }

    public boolean isDefault() {
        return DEFAULT_SOURCE.equals(sourceName);
    }

    /** What the admin screen may show: the value, or "set"/"not set" for secrets. */
    public String displayValue() {
        if (unreadableReason != null) {
            return "saved but unreadable";
        }
        if (secret) {
            return set ? "set" : "not set";
        }
        return value == null ? "not set" : value;
    }

    @Override
    public String toString() {
        return key + "=" + displayValue() + " (" + sourceName + ")";
    }
}
