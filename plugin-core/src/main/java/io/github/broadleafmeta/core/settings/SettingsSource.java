package io.github.broadleafmeta.core.settings;

/**
 * One place settings can come from (the admin's database table, JVM system properties / environment, ...). The
 * {@link SettingsResolver} asks sources in priority order; the first non-blank value wins.
 */
public interface SettingsSource {

    /** The raw value for a dotted key such as {@code meta.pixel.id}, or null when this source does not set it. */
    String get(String key);

    /** A short name for the admin screen and problem messages, e.g. {@code admin}. */
    String name();

    /**
     * Where exactly {@code key} was found (e.g. {@code environment variable META_PIXEL_ID}); by default
     * {@link #name()}. Called only after {@link #get} returned a value.
     */
    default String describe(String key) {
        return name();
    }

    /**
     * Whether this source is the operator's own environment (JVM system properties, environment variables), the
     * only place {@linkplain SettingsResolver#isEnvironmentOnly environment-only} keys are read from. False for
     * everything an admin user can edit.
     */
    default boolean isOperatorEnvironment() {
        return false;
    }

    /**
     * Why this source holds a value for {@code key} that it cannot read (an encrypted secret without its key), or
     * null. The resolver then uses no value for the key and reports the reason; it never falls through to a
     * lower source for it.
     */
    default String unreadable(String key) {
        return null;
    }
}
