package io.github.broadleafmeta.admin.settings;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** One input of the settings screen: which key it edits, how it is shown, and its help text. Immutable. */
public final class SettingsField {

    /** How a field is rendered and how its submitted value is read. */
    public enum Kind {
        /** One-line text; blank = inherit. */
        TEXT,
        /** Several lines (bot rules); blank = inherit. */
        TEXTAREA,
        /** Write-only: never rendered, replaced by a new value or cleared. */
        SECRET,
        /** A fixed list of values. */
        CHOICE,
        /** Checkboxes for Meta's standard events plus a text field for other names. */
        EVENTS,
        /** A point in time (stored as an ISO-8601 instant). */
        INSTANT,
        /** The list of additional pixels: changed by the add/remove actions only, never by the main form. */
        PIXELS
    }

    /** One value of a {@link Kind#CHOICE} field. */
    public static final class Option {
        private final String value;
        private final String label;

        Option(String value, String label) {
            this.value = value;
            this.label = label;
        }

        public String value() {
            return value;
        }

        public String label() {
            return label;
        }
    }

    private final String key;
    private final String label;
    private final String help;
    private final Kind kind;
    private final List<Option> options;

    private SettingsField(String key, String label, String help, Kind kind, List<Option> options) {
        this.key = key;
        this.label = label;
        this.help = help;
        this.kind = kind;
        this.options = Collections.unmodifiableList(new ArrayList<Option>(options));
    }

    static SettingsField of(String key, String label, String help, Kind kind) {
        return new SettingsField(key, label, help, kind, Collections.<Option>emptyList());
    }

    /** {@code valueLabelPairs}: value, label, value, label, ... */
    static SettingsField choice(String key, String label, String help, String... valueLabelPairs) {
        List<Option> options = new ArrayList<Option>();
        for (int i = 0; i + 1 < valueLabelPairs.length; i += 2) {
            options.add(new Option(valueLabelPairs[i], valueLabelPairs[i + 1]));
        }
        return new SettingsField(key, label, help, Kind.CHOICE, options);
    }

    /** The setting key, also the form parameter name. */
    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    public String help() {
        return help;
    }

    public Kind kind() {
        return kind;
    }

    public List<Option> options() {
        return options;
    }

    /** The option with {@code value} (case-insensitive), or null. */
    Option option(String value) {
        for (Option o : options) {
            if (o.value.equalsIgnoreCase(value)) {
                return o;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return key + " (" + kind + ")";
    }
}
