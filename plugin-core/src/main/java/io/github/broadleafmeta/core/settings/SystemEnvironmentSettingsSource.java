package io.github.broadleafmeta.core.settings;

import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * JVM system properties and environment variables. For key {@code meta.capi.accessToken} it looks at, in order:
 * the system property {@code meta.capi.accessToken}, the system property {@code META_CAPI_ACCESS_TOKEN}, and the
 * environment variable {@code META_CAPI_ACCESS_TOKEN} (see {@link #envName}). Blank values count as unset.
 */
public final class SystemEnvironmentSettingsSource implements SettingsSource {

    public static final String NAME = "system/environment";

    private final Function<String, String> systemProperties;
    private final Function<String, String> environment;

    /** Reads the real system properties and environment at every {@link #get} call. */
    public SystemEnvironmentSettingsSource() {
        this(System::getProperty, System::getenv);
    }

    /** @param systemProperties name → value ({@code System::getProperty}); @param environment ({@code System::getenv}) */
    public SystemEnvironmentSettingsSource(Function<String, String> systemProperties,
            Function<String, String> environment) {
        if (systemProperties == null || environment == null) {
            throw new IllegalArgumentException("systemProperties and environment lookups are required");
        }
        this.systemProperties = systemProperties;
        this.environment = environment;
    }

    /** Convenience for tests: fixed maps. */
    public static SystemEnvironmentSettingsSource of(Map<String, String> systemProperties,
            Map<String, String> environment) {
        return new SystemEnvironmentSettingsSource(systemProperties::get, environment::get);
    }

    /**
     * The environment-variable form of a dotted key: dots become {@code _}, a lower-to-upper camelCase step gets
     * an {@code _}, everything upper case. {@code meta.capi.graphUrl} → {@code META_CAPI_GRAPH_URL}.
     */
    public static String envName(String key) {
        StringBuilder sb = new StringBuilder(key.length() + 8);
        char prev = 0;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '.' || c == '-') {
                sb.append('_');
            } else {
                if (Character.isUpperCase(c) && (Character.isLowerCase(prev) || Character.isDigit(prev))) {
                    sb.append('_');
                }
                sb.append(c);
            }
            prev = c;
        }
        return sb.toString().toUpperCase(Locale.ROOT);
    }

    @Override
    public String get(String key) {
        String v = nonBlank(systemProperties.apply(key));
        if (v == null) {
            String env = envName(key);
            v = nonBlank(systemProperties.apply(env));
            if (v == null) {
                v = nonBlank(environment.apply(env));
            }
        }
        return v;
    }

    @Override
    public String describe(String key) {
        if (nonBlank(systemProperties.apply(key)) != null) {
            return "system property " + key;
        }
        String env = envName(key);
        if (nonBlank(systemProperties.apply(env)) != null) {
            return "system property " + env;
        }
        return "environment variable " + env;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean isOperatorEnvironment() {
        return true;
    }

    private static String nonBlank(String v) {
        return v == null || v.trim().isEmpty() ? null : v;
    }

    @Override
    public String toString() {
        return "SystemEnvironmentSettingsSource";
    }
}
