package io.github.broadleafmeta.admin.settings;

import static io.github.broadleafmeta.core.settings.MetaSettingKeys.CAPI_TEST_EVENT_CODE;
import static io.github.broadleafmeta.core.settings.MetaSettingKeys.CAPI_TEST_EVENT_CODE_EXPIRES_AT;

import io.github.broadleafmeta.admin.settings.SettingsField.Kind;
import io.github.broadleafmeta.core.settings.MetaSettings;
import io.github.broadleafmeta.core.settings.ResolvedSetting;
import io.github.broadleafmeta.core.settings.SettingsResolver;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a submitted settings form into the changes for {@code META_SETTINGS}, or into messages per field. Pure: no
 * database, no servlet API. Rules:
 * <ul>
 * <li>Every value is checked with {@link SettingsResolver#validate}; any error saves nothing.</li>
 * <li>A blank value, or a value equal to the one inherited from the environment/defaults, removes the admin's value,
 * so the setting follows the environment again.</li>
 * <li>Secrets are write-only: a new value replaces the saved one, "clear" removes it, an empty input keeps it.</li>
 * <li>A test event code needs an end time in the future, at most {@link #MAX_TEST_MODE} ahead.</li>
 * </ul>
 */
public final class SettingsForm {

    /** Prefix of the checkbox that clears a secret: {@code clear.meta.capi.accessToken}. */
    public static final String CLEAR_PREFIX = "clear.";
    /** Suffix of the text input holding non-standard event names. */
    public static final String EXTRA_SUFFIX = ".extra";
    /** Suffix of the hidden input that says a checkbox list was on the page (unchecked boxes send nothing). */
    public static final String SHOWN_SUFFIX = ".shown";
    public static final Duration MAX_TEST_MODE = Duration.ofDays(31);

    private static final DateTimeFormatter SPACE_LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm[:ss]");

    /** The outcome: either {@link #errors()} or {@link #changes()} (null value = remove the admin's value). */
    public static final class Result {
        private final Map<String, String> changes;
        private final Map<String, String> errors;
        private final Map<String, String> submitted;

        Result(Map<String, String> changes, Map<String, String> errors, Map<String, String> submitted) {
            this.changes = Collections.unmodifiableMap(new LinkedHashMap<String, String>(changes));
            this.errors = Collections.unmodifiableMap(new LinkedHashMap<String, String>(errors));
            this.submitted = Collections.unmodifiableMap(new LinkedHashMap<String, String>(submitted));
        }

        /** Key → new admin value, {@code null} to remove it. Empty when there are errors. */
        public Map<String, String> changes() {
            return errors.isEmpty() ? changes : Collections.<String, String>emptyMap();
        }

        /** Key → message for the field. */
        public Map<String, String> errors() {
            return errors;
        }

        public boolean isValid() {
            return errors.isEmpty();
        }

        /** What the user typed for non-secret fields, to show the form again with the errors. Never secrets. */
        public Map<String, String> submitted() {
            return submitted;
        }
    }

    private SettingsForm() {
    }

    /**
     * @param params     form parameters (name → values)
     * @param adminValues what {@code META_SETTINGS} holds now
     * @param inherited  settings resolved WITHOUT the admin source (environment, system properties, defaults)
     * @param now        for the test-mode end time
     */
    public static Result apply(Map<String, List<String>> params, Map<String, String> adminValues,
            MetaSettings inherited, Instant now) {
        Map<String, String> changes = new LinkedHashMap<String, String>();
        Map<String, String> errors = new LinkedHashMap<String, String>();
        Map<String, String> submitted = new LinkedHashMap<String, String>();
        Map<String, String> target = new LinkedHashMap<String, String>();

        for (SettingsField field : SettingsCatalog.fields()) {
            String key = field.key();
            if (field.kind() == Kind.SECRET) {
                applySecret(field, params, adminValues, changes, errors);
                continue;
            }
            String raw;
            if (field.kind() == Kind.EVENTS) {
                if (first(params, key + SHOWN_SUFFIX) == null) {
                    continue;
                }
                raw = eventList(values(params, key), first(params, key + EXTRA_SUFFIX));
            } else {
                raw = first(params, key);
                if (raw == null) {
                    continue;
                }
            }
            submitted.put(key, raw);
            String value = raw.trim().isEmpty() ? null : raw.trim();
            if (value != null) {
                String problem = normalizeProblem(field, value);
                if (problem != null) {
                    errors.put(key, message(field, problem));
                    continue;
                }
                value = normalize(field, value);
                problem = SettingsResolver.validate(key, value);
                if (problem != null) {
                    errors.put(key, message(field, problem));
                    continue;
                }
            }
            String inheritedValue = inheritedValue(inherited, key);
            String newAdminValue = value == null || sameValue(field, value, inheritedValue) ? null : value;
            target.put(key, newAdminValue);
            if (!equal(newAdminValue, adminValues.get(key))) {
                changes.put(key, newAdminValue);
            }
        }
        checkTestMode(adminValues, inherited, now, changes, errors, target);
        return new Result(changes, errors, submitted);
    }

    private static void applySecret(SettingsField field, Map<String, List<String>> params,
            Map<String, String> adminValues, Map<String, String> changes, Map<String, String> errors) {
        String key = field.key();
        String entered = first(params, key);
        boolean clear = isChecked(first(params, CLEAR_PREFIX + key));
        boolean hasNew = entered != null && !entered.trim().isEmpty();
        if (hasNew && clear) {
            errors.put(key, field.label() + ": enter a new value or clear the saved one, not both");
        } else if (hasNew) {
            String problem = SettingsResolver.validate(key, entered.trim());
            if (problem != null) {
                // The checks never echo the value; the message names the field only.
                errors.put(key, message(field, problem));
            } else {
                changes.put(key, entered.trim());
            }
        } else if (clear && adminValues.get(key) != null) {
            changes.put(key, null);
        }
    }

    private static void checkTestMode(Map<String, String> adminValues, MetaSettings inherited, Instant now,
            Map<String, String> changes, Map<String, String> errors, Map<String, String> target) {
        if (errors.containsKey(CAPI_TEST_EVENT_CODE) || errors.containsKey(CAPI_TEST_EVENT_CODE_EXPIRES_AT)) {
            return;
        }
        String code = effectiveAfter(CAPI_TEST_EVENT_CODE, adminValues, inherited, target);
        String expiresAt = effectiveAfter(CAPI_TEST_EVENT_CODE_EXPIRES_AT, adminValues, inherited, target);
        if (code == null) {
            // No test mode: an end time left behind would only confuse the next person.
            if (adminValues.get(CAPI_TEST_EVENT_CODE_EXPIRES_AT) != null) {
                changes.put(CAPI_TEST_EVENT_CODE_EXPIRES_AT, null);
            } else {
                changes.remove(CAPI_TEST_EVENT_CODE_EXPIRES_AT);
            }
            return;
        }
        SettingsField field = SettingsCatalog.field(CAPI_TEST_EVENT_CODE_EXPIRES_AT);
        if (expiresAt == null) {
            errors.put(CAPI_TEST_EVENT_CODE_EXPIRES_AT, field.label()
                    + " is required with a test event code, so that test mode turns itself off");
            return;
        }
        boolean touched = changes.containsKey(CAPI_TEST_EVENT_CODE)
                || changes.containsKey(CAPI_TEST_EVENT_CODE_EXPIRES_AT);
        if (!touched) {
            return;
        }
        Instant end = parseInstant(expiresAt);
        if (end == null || !end.isAfter(now)) {
            errors.put(CAPI_TEST_EVENT_CODE_EXPIRES_AT, field.label() + " must be in the future (now: "
                    + now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ")");
        } else if (end.isAfter(now.plus(MAX_TEST_MODE))) {
            errors.put(CAPI_TEST_EVENT_CODE_EXPIRES_AT, field.label() + " must be at most "
                    + MAX_TEST_MODE.toDays() + " days ahead");
        }
    }

    private static String effectiveAfter(String key, Map<String, String> adminValues, MetaSettings inherited,
            Map<String, String> target) {
        String admin = target.containsKey(key) ? target.get(key) : adminValues.get(key);
        return admin != null ? admin : inheritedValue(inherited, key);
    }

    // ---- values ---------------------------------------------------------------------------------------------

    /** A problem the generic checks would word badly, or null. */
    private static String normalizeProblem(SettingsField field, String value) {
        if (field.kind() == Kind.CHOICE && field.option(value) == null) {
            return "must be one of the listed choices";
        }
        if (field.kind() == Kind.INSTANT && parseInstant(value) == null) {
            return "is not a date and time such as 2025-07-01T18:00:00Z";
        }
        return null;
    }

    private static String normalize(SettingsField field, String value) {
        if (field.kind() == Kind.CHOICE) {
            return field.option(value).value();
        }
        if (field.kind() == Kind.INSTANT) {
            return parseInstant(value).toString();
        }
        return value;
    }

    /**
     * ISO-8601 instants ({@code 2025-07-01T18:00:00Z}), epoch milliseconds, and local date-times read as UTC
     * ({@code 2025-07-01T18:00} from a datetime-local input, {@code 2025-07-01 18:00}); null otherwise.
     */
    static Instant parseInstant(String value) {
        String v = value.trim();
        if (v.matches("[0-9]{1,15}")) {
            return Instant.ofEpochMilli(Long.parseLong(v));
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            // next format
        }
        try {
            return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            // next format
        }
        try {
            return LocalDateTime.parse(v, SPACE_LOCAL).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Checked standard events plus the extra names, in a stable order; {@link SettingsCatalog#NO_EVENTS} if none. */
    static String eventList(List<String> checked, String extra) {
        Set<String> names = new LinkedHashSet<String>();
        for (String standard : SettingsCatalog.STANDARD_EVENTS) {
            if (checked.contains(standard)) {
                names.add(standard);
            }
        }
        if (extra != null) {
            for (String part : extra.split("[,\\s]+")) {
                if (!part.isEmpty() && !part.equalsIgnoreCase(SettingsCatalog.NO_EVENTS)) {
                    names.add(part);
                }
            }
        }
        if (names.isEmpty()) {
            return SettingsCatalog.NO_EVENTS;
        }
        StringBuilder sb = new StringBuilder();
        for (String n : names) {
            sb.append(sb.length() == 0 ? "" : ",").append(n);
        }
        return sb.toString();
    }

    /** Event lists compare as sets, everything else as text. */
    private static boolean sameValue(SettingsField field, String value, String inheritedValue) {
        if (inheritedValue == null) {
            return false;
        }
        if (field.kind() == Kind.EVENTS) {
            return splitSet(value).equals(splitSet(inheritedValue));
        }
        if (field.kind() == Kind.CHOICE) {
            return value.equalsIgnoreCase(inheritedValue.trim());
        }
        return value.equals(inheritedValue.trim());
    }

    static Set<String> splitSet(String list) {
        Set<String> out = new LinkedHashSet<String>();
        for (String part : list.split("[,\\s]+")) {
            if (!part.isEmpty()) {
                out.add(part);
            }
        }
        return out;
    }

    private static String inheritedValue(MetaSettings inherited, String key) {
        ResolvedSetting s = inherited.setting(key);
        return s == null ? null : s.value();
    }

    /** Messages read as sentences: a check's lower-case fragment gets the field's label in front. */
    static String message(SettingsField field, String problem) {
        if (!problem.isEmpty() && Character.isUpperCase(problem.charAt(0))) {
            return problem;
        }
        return field.label() + " " + problem;
    }

    private static boolean isChecked(String v) {
        return v != null && (v.equalsIgnoreCase("on") || v.equalsIgnoreCase("true") || v.equals("1"));
    }

    private static boolean equal(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> v = params.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static List<String> values(Map<String, List<String>> params, String name) {
        List<String> v = params.get(name);
        return v == null ? new ArrayList<String>() : v;
    }
}
