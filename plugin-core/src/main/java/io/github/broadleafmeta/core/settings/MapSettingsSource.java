package io.github.broadleafmeta.core.settings;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/** An immutable snapshot of key/value pairs as a source: for values loaded from a table or a file, and tests. */
public final class MapSettingsSource implements SettingsSource {

    private final String name;
    private final Map<String, String> values;

    public MapSettingsSource(String name, Map<String, String> values) {
        if (name == null || name.trim().isEmpty()) {
            throw new IllegalArgumentException("name is required");
        }
        this.name = name;
        this.values = values == null ? Collections.<String, String>emptyMap()
                : Collections.unmodifiableMap(new HashMap<String, String>(values));
    }

    @Override
    public String get(String key) {
        return values.get(key);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        // Keys only: values may be secrets.
        return "MapSettingsSource{" + name + ", keys=" + values.keySet() + "}";
    }
}
