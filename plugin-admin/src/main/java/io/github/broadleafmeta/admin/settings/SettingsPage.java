package io.github.broadleafmeta.admin.settings;

import static io.github.broadleafmeta.core.settings.MetaSettingKeys.CAPI_TEST_EVENT_CODE_EXPIRES_AT;

import io.github.broadleafmeta.admin.settings.SettingsField.Kind;
import io.github.broadleafmeta.core.settings.MetaSettings;
import io.github.broadleafmeta.core.settings.PixelSettings;
import io.github.broadleafmeta.core.settings.ResolvedSetting;
import io.github.broadleafmeta.core.settings.SystemEnvironmentSettingsSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the settings template renders: per field the value to put in the input (never a secret), where the
 * effective value comes from, and the field's error. Getters are JavaBean-style for Thymeleaf.
 */
public final class SettingsPage {

    /** One checkbox of an event list. */
    public static final class EventBox {
        private final String name;
        private final boolean checked;

        EventBox(String name, boolean checked) {
            this.name = name;
            this.checked = checked;
        }

        public String getName() {
            return name;
        }

        public boolean isChecked() {
            return checked;
        }
    }

    /** One option of a choice field. */
    public static final class Choice {
        private final String value;
        private final String label;
        private final boolean selected;

        Choice(String value, String label, boolean selected) {
            this.value = value;
            this.label = label;
            this.selected = selected;
        }

        public String getValue() {
            return value;
        }

        public String getLabel() {
            return label;
        }

        public boolean isSelected() {
            return selected;
        }
    }

    /** One field as rendered. */
    public static final class FieldView {
        private final SettingsField field;
        private final String inputValue;
        private final String source;
        private final String sourceKind;
        private final String secretStatus;
        private final boolean clearable;
        private final String error;
        private final List<EventBox> events;
        private final String extraEvents;
        private final List<Choice> choices;

        FieldView(SettingsField field, String inputValue, String source, String sourceKind, String secretStatus,
                boolean clearable, String error, List<EventBox> events, String extraEvents, List<Choice> choices) {
            this.field = field;
            this.inputValue = inputValue;
            this.source = source;
            this.sourceKind = sourceKind;
            this.secretStatus = secretStatus;
            this.clearable = clearable;
            this.error = error;
            this.events = events;
            this.extraEvents = extraEvents;
            this.choices = choices;
        }

        public String getKey() {
            return field.key();
        }

        /** A DOM id safe for CSS selectors: the key with dots as dashes. */
        public String getId() {
            return "meta-" + field.key().replace('.', '-');
        }

        public String getEnvName() {
            return SystemEnvironmentSettingsSource.envName(field.key());
        }

        public String getLabel() {
            return field.label();
        }

        public String getHelp() {
            return field.help();
        }

        public String getKind() {
            return field.kind().name();
        }

        /** The text for the input; empty for secrets. */
        public String getInputValue() {
            return inputValue;
        }

        /** "saved in the admin", "environment variable META_PIXEL_ID", "default", "not set". */
        public String getSource() {
            return source;
        }

        /** admin, environment, default or unset: for styling and tests. */
        public String getSourceKind() {
            return sourceKind;
        }

        public boolean isFromEnvironment() {
            return "environment".equals(sourceKind);
        }

        /** For secrets: "set" or "not set". */
        public String getSecretStatus() {
            return secretStatus;
        }

        /** For secrets: an admin value exists that can be cleared. */
        public boolean isClearable() {
            return clearable;
        }

        public String getError() {
            return error;
        }

        public List<EventBox> getEvents() {
            return events;
        }

        public String getExtraEvents() {
            return extraEvents;
        }

        public List<Choice> getChoices() {
            return choices;
        }
    }

    /** A titled group of fields. */
    public static final class Group {
        private final String title;
        private final List<FieldView> fields;

        Group(String title, List<FieldView> fields) {
            this.title = title;
            this.fields = Collections.unmodifiableList(fields);
        }

        public String getTitle() {
            return title;
        }

        public List<FieldView> getFields() {
            return fields;
        }
    }

    /** One additional pixel with its own fields. */
    public static final class PixelView {
        private final String pixelId;
        private final boolean enabled;
        private final boolean tokenSet;
        private final List<FieldView> fields;

        PixelView(String pixelId, boolean enabled, boolean tokenSet, List<FieldView> fields) {
            this.pixelId = pixelId;
            this.enabled = enabled;
            this.tokenSet = tokenSet;
            this.fields = Collections.unmodifiableList(fields);
        }

        public String getPixelId() {
            return pixelId;
        }

        public boolean isEnabled() {
            return enabled;
        }

        /** Whether an access token is set for this pixel ("set" / "not set"; never the value). */
        public String getTokenStatus() {
            return tokenSet ? "set" : "not set";
        }

        public List<FieldView> getFields() {
            return fields;
        }
    }

    /** A setting only the server's environment sets: shown, never editable. */
    public static final class EnvironmentSettingView {
        private final String key;
        private final String value;
        private final String source;

        EnvironmentSettingView(String key, String value, String source) {
            this.key = key;
            this.value = value;
            this.source = source;
        }

        public String getKey() {
            return key;
        }

        /** The effective value, or "not set". */
        public String getValue() {
            return value;
        }

        /** Where it came from: "environment variable META_...", "system property ...", "default". */
        public String getSource() {
            return source;
        }

        /** The environment variable an operator sets to change it. */
        public String getEnvironmentVariable() {
            return SystemEnvironmentSettingsSource.envName(key);
        }
    }

    private final List<Group> groups;
    private List<EnvironmentSettingView> environmentSettings = Collections.emptyList();
    private List<PixelView> additionalPixels = Collections.emptyList();
    private String primaryPixelId;
    private Map<String, String> addValues = Collections.emptyMap();
    private final List<String> problems;
    private final String testModeUntil;
    private final boolean testModeExpired;
    private final boolean active;
    private final boolean serverActive;
    private final Map<String, String> errors;

    private SettingsPage(List<Group> groups, List<String> problems, String testModeUntil, boolean testModeExpired,
            boolean active, boolean serverActive, Map<String, String> errors) {
        this.groups = Collections.unmodifiableList(groups);
        this.problems = problems;
        this.testModeUntil = testModeUntil;
        this.testModeExpired = testModeExpired;
        this.active = active;
        this.serverActive = serverActive;
        this.errors = Collections.unmodifiableMap(new LinkedHashMap<String, String>(errors));
    }

    /**
     * @param effective the settings as the storefront resolves them (admin first)
     * @param submitted what the user typed, when showing the form again with errors; empty otherwise
     * @param errors    key → message
     */
    public static SettingsPage of(MetaSettings effective, Map<String, String> submitted, Map<String, String> errors) {
        List<Group> groups = new ArrayList<Group>();
        for (Map.Entry<String, List<SettingsField>> g : SettingsCatalog.groups().entrySet()) {
            List<FieldView> views = new ArrayList<FieldView>();
            for (SettingsField f : g.getValue()) {
                views.add(view(f, effective.setting(f.key()), submitted, errors.get(f.key())));
            }
            groups.add(new Group(g.getKey(), views));
        }
        String until = null;
        if (effective.testEventCode() != null) {
            ResolvedSetting end = effective.setting(CAPI_TEST_EVENT_CODE_EXPIRES_AT);
            until = end != null && end.value() != null ? end.value()
                    : effective.testEventCodeExpiresAt() + " (no end time set: 24 hours after the store started)";
        }
        SettingsPage page = new SettingsPage(groups, effective.problems(), until, effective.testEventCodeExpired(),
                effective.isActive(), effective.isServerActive(), errors);
        List<PixelView> pixels = new ArrayList<PixelView>();
        for (String id : effective.additionalPixelIds()) {
            List<FieldView> views = new ArrayList<FieldView>();
            for (SettingsField f : SettingsCatalog.pixelFields(id)) {
                views.add(view(f, effective.setting(f.key()), submitted, errors.get(f.key())));
            }
            PixelSettings pixel = effective.pixel(id);
            pixels.add(new PixelView(id, pixel.enabled(), pixel.credentials().hasAccessToken(), views));
        }
        page.additionalPixels = Collections.unmodifiableList(pixels);
        List<EnvironmentSettingView> environment = new ArrayList<EnvironmentSettingView>();
        for (String key : SettingsCatalog.environmentOnlyKeys()) {
            ResolvedSetting r = effective.setting(key);
            environment.add(new EnvironmentSettingView(key, r == null ? "not set" : r.displayValue(),
                    r == null ? ResolvedSetting.DEFAULT_SOURCE : r.sourceName()));
        }
        page.environmentSettings = Collections.unmodifiableList(environment);
        page.primaryPixelId = effective.pixelId();
        Map<String, String> add = new LinkedHashMap<String, String>();
        for (Map.Entry<String, String> e : submitted.entrySet()) {
            if (e.getKey().startsWith(SettingsForm.ADD_PREFIX)) {
                add.put(e.getKey().substring(SettingsForm.ADD_PREFIX.length()), e.getValue());
            }
        }
        page.addValues = Collections.unmodifiableMap(add);
        return page;
    }

    /** The environment-only settings (Graph API destination, trusted proxies) with their effective values. */
    public List<EnvironmentSettingView> getEnvironmentSettings() {
        return environmentSettings;
    }

    /** The additional pixels in effect, each with its fields (secrets as set/not set only). */
    public List<PixelView> getAdditionalPixels() {
        return additionalPixels;
    }

    public String getPrimaryPixelId() {
        return primaryPixelId;
    }

    /** What was typed into the "add a pixel" form (never secrets), by suffix: pixelId, testEventCode, ... */
    public Map<String, String> getAddValues() {
        return addValues;
    }

    /** The message of an action ("add.pixelId", "add.accessToken", "remove.pixelId"), or null. */
    public String error(String key) {
        return errors.get(key);
    }

    private static FieldView view(SettingsField f, ResolvedSetting resolved, Map<String, String> submitted,
            String error) {
        String sourceKind;
        String source;
        if (resolved == null || !resolved.isSet()) {
            sourceKind = "unset";
            source = "not set";
        } else if (resolved.isDefault()) {
            sourceKind = "default";
            source = "default";
        } else if ("saved in the admin".equals(resolved.sourceName())) {
            sourceKind = "admin";
            source = "saved in the admin";
        } else {
            sourceKind = "environment";
            source = resolved.sourceName();
        }
        String effectiveValue = resolved == null ? null : resolved.value();
        if (f.kind() == Kind.SECRET) {
            return new FieldView(f, "", source, sourceKind, resolved != null && resolved.isSet() ? "set" : "not set",
                    "admin".equals(sourceKind), error, null, null, null);
        }
        String input = submitted.containsKey(f.key()) ? submitted.get(f.key())
                : effectiveValue == null ? "" : effectiveValue;
        List<EventBox> boxes = null;
        String extra = null;
        List<Choice> choices = null;
        if (f.kind() == Kind.EVENTS) {
            List<String> names = new ArrayList<String>(SettingsForm.splitSet(input));
            names.remove(SettingsCatalog.NO_EVENTS);
            boxes = new ArrayList<EventBox>();
            for (String standard : SettingsCatalog.STANDARD_EVENTS) {
                boxes.add(new EventBox(standard, names.remove(standard)));
            }
            StringBuilder sb = new StringBuilder();
            for (String n : names) {
                sb.append(sb.length() == 0 ? "" : ", ").append(n);
            }
            extra = sb.toString();
        } else if (f.kind() == Kind.CHOICE) {
            choices = new ArrayList<Choice>();
            for (SettingsField.Option o : f.options()) {
                choices.add(new Choice(o.value(), o.label(), o.value().equalsIgnoreCase(input.trim())));
            }
        }
        return new FieldView(f, input, source, sourceKind, null, false, error, boxes, extra, choices);
    }

    public List<Group> getGroups() {
        return groups;
    }

    /** Settings the resolver refused (bad values from any source), with the fallback used. */
    public List<String> getProblems() {
        return problems;
    }

    /** Non-null while test mode is on: its end time. */
    public String getTestModeUntil() {
        return testModeUntil;
    }

    public boolean isTestModeExpired() {
        return testModeExpired;
    }

    public boolean isActive() {
        return active;
    }

    public boolean isServerActive() {
        return serverActive;
    }

    public Map<String, String> getErrors() {
        return errors;
    }
}
