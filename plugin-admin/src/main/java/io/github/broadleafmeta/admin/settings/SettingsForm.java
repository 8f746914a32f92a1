package io.github.broadleafmeta.admin.settings;

import static io.github.broadleafmeta.core.settings.MetaSettingKeys.*;

import io.github.broadleafmeta.admin.settings.SettingsField.Kind;
import io.github.broadleafmeta.core.settings.MetaSettings;
import io.github.broadleafmeta.core.settings.PixelIdValidator;
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
    /**
     * The longest value a plain field takes: the settings table holds VARCHAR(4000). Longer input is a field error,
     * not a failed insert (HTTP 500). Secrets have shorter limits of their own.
     */
    public static final int MAX_VALUE_LENGTH = 4000;
    /** Prefix of the "add a pixel" form's inputs: {@code add.pixelId}, {@code add.accessToken}, ... */
    public static final String ADD_PREFIX = "add.";
    public static final String ADD_PIXEL_ID = ADD_PREFIX + "pixelId";
    /** Error key of the remove action. */
    public static final String REMOVE_ERROR = "remove.pixelId";
    private static final String[] ADD_SUFFIXES = {PIXEL_SUFFIX_ACCESS_TOKEN, PIXEL_SUFFIX_APP_SECRET,
        PIXEL_SUFFIX_TEST_EVENT_CODE, PIXEL_SUFFIX_TEST_EVENT_CODE_EXPIRES_AT};

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
        List<SettingsField> fields = new ArrayList<SettingsField>(SettingsCatalog.fields());
        List<String> pixelIds = additionalIds(adminValues, inherited);
        for (String id : pixelIds) {
            fields.addAll(SettingsCatalog.pixelFields(id));
        }
        applyFields(fields, params, adminValues, inherited, changes, errors, submitted, target);
        checkTestMode(CAPI_TEST_EVENT_CODE, CAPI_TEST_EVENT_CODE_EXPIRES_AT, adminValues, inherited, now, changes,
                errors, target);
        for (String id : pixelIds) {
            checkTestMode(pixelKey(id, PIXEL_SUFFIX_TEST_EVENT_CODE),
                    pixelKey(id, PIXEL_SUFFIX_TEST_EVENT_CODE_EXPIRES_AT), adminValues, inherited, now, changes,
                    errors, target);
        }
        return new Result(changes, errors, submitted);
    }

    /**
     * The "add a pixel" action: {@value #ADD_PIXEL_ID} plus optional {@code add.accessToken}, {@code add.appSecret},
     * {@code add.testEventCode}, {@code add.testEventCodeExpiresAt}. Errors are keyed by those parameter names.
     */
    public static Result addPixel(Map<String, List<String>> params, Map<String, String> adminValues,
            MetaSettings inherited, Instant now) {
        Map<String, String> changes = new LinkedHashMap<String, String>();
        Map<String, String> errors = new LinkedHashMap<String, String>();
        Map<String, String> submitted = new LinkedHashMap<String, String>();
        String raw = first(params, ADD_PIXEL_ID);
        String id = raw == null ? "" : raw.trim();
        submitted.put(ADD_PIXEL_ID, raw == null ? "" : raw);
        String primary = effective(PIXEL_ID, adminValues, inherited);
        List<String> current = additionalIds(adminValues, inherited);
        String problem = PixelIdValidator.problem(id);
        if (problem != null) {
            errors.put(ADD_PIXEL_ID, problem);
        } else if (primary == null) {
            errors.put(ADD_PIXEL_ID, "Save the primary Pixel ID first: additional pixels receive the same events");
        } else if (id.equals(primary.trim())) {
            errors.put(ADD_PIXEL_ID, "Pixel " + id + " is already the primary pixel");
        } else if (current.contains(id)) {
            errors.put(ADD_PIXEL_ID, "Pixel " + id + " is already listed");
        }
        for (String suffix : ADD_SUFFIXES) {
            if (!isSecretSuffix(suffix) && first(params, ADD_PREFIX + suffix) != null) {
                submitted.put(ADD_PREFIX + suffix, first(params, ADD_PREFIX + suffix));
            }
        }
        if (!errors.isEmpty()) {
            return new Result(changes, errors, submitted);
        }
        Map<String, List<String>> translated = new LinkedHashMap<String, List<String>>();
        for (String suffix : ADD_SUFFIXES) {
            if (params.containsKey(ADD_PREFIX + suffix)) {
                translated.put(pixelKey(id, suffix), params.get(ADD_PREFIX + suffix));
            }
        }
        Map<String, String> pixelErrors = new LinkedHashMap<String, String>();
        Map<String, String> target = new LinkedHashMap<String, String>();
        applyFields(SettingsCatalog.pixelFields(id), translated, adminValues, inherited, changes, pixelErrors,
                new LinkedHashMap<String, String>(), target);
        checkTestMode(pixelKey(id, PIXEL_SUFFIX_TEST_EVENT_CODE), pixelKey(id, PIXEL_SUFFIX_TEST_EVENT_CODE_EXPIRES_AT),
                adminValues, inherited, now, changes, pixelErrors, target);
        for (Map.Entry<String, String> e : pixelErrors.entrySet()) {
            errors.put(ADD_PREFIX + e.getKey().substring(e.getKey().lastIndexOf('.') + 1), e.getValue());
        }
        List<String> list = new ArrayList<String>(current);
        list.add(id);
        changes.put(PIXELS_ADDITIONAL, join(list));
        return new Result(changes, errors, submitted);
    }

    /**
     * The "remove a pixel" action: takes the pixel off the list and deletes its saved keys (token included). Its
     * outbox rows stay for the delivery log; the dispatcher no longer sends them.
     */
    public static Result removePixel(String pixelId, Map<String, String> adminValues, MetaSettings inherited) {
        Map<String, String> changes = new LinkedHashMap<String, String>();
        Map<String, String> errors = new LinkedHashMap<String, String>();
        String id = pixelId == null ? "" : pixelId.trim();
        List<String> current = splitIds(effective(PIXELS_ADDITIONAL, adminValues, inherited));
        List<String> fromEnvironment = splitIds(inheritedValue(inherited, PIXELS_ADDITIONAL));
        if (!PixelIdValidator.isValid(id) || !current.contains(id)) {
            errors.put(REMOVE_ERROR, "There is no additional pixel " + (PixelIdValidator.isValid(id) ? id : "with that id"));
            return new Result(changes, errors, Collections.<String, String>emptyMap());
        }
        List<String> rest = new ArrayList<String>(current);
        rest.remove(id);
        String newValue = rest.isEmpty() || rest.equals(fromEnvironment) ? null : join(rest);
        if (newValue == null && !rest.equals(fromEnvironment)) {
            errors.put(REMOVE_ERROR, "Pixel " + id + " comes from the environment variable META_PIXELS_ADDITIONAL: "
                    + "remove it there");
            return new Result(changes, errors, Collections.<String, String>emptyMap());
        }
        if (!equal(newValue, adminValues.get(PIXELS_ADDITIONAL))) {
            changes.put(PIXELS_ADDITIONAL, newValue);
        }
        for (String key : SettingsResolver.pixelKeys(id)) {
            if (adminValues.get(key) != null) {
                changes.put(key, null);
            }
        }
        return new Result(changes, errors, Collections.<String, String>emptyMap());
    }

    /** The valid additional pixel ids in effect: the admin's list, else the environment's. */
    static List<String> additionalIds(Map<String, String> adminValues, MetaSettings inherited) {
        String primary = effective(PIXEL_ID, adminValues, inherited);
        List<String> ids = new ArrayList<String>();
        for (String id : splitIds(effective(PIXELS_ADDITIONAL, adminValues, inherited))) {
            if (PixelIdValidator.isValid(id) && !id.equals(primary == null ? null : primary.trim())) {
                ids.add(id);
            }
        }
        return ids;
    }

    private static List<String> splitIds(String list) {
        return list == null ? new ArrayList<String>() : new ArrayList<String>(splitSet(list));
    }

    private static String join(List<String> ids) {
        StringBuilder sb = new StringBuilder();
        for (String id : ids) {
            sb.append(sb.length() == 0 ? "" : ",").append(id);
        }
        return sb.toString();
    }

    private static boolean isSecretSuffix(String suffix) {
        return PIXEL_SUFFIX_ACCESS_TOKEN.equals(suffix) || PIXEL_SUFFIX_APP_SECRET.equals(suffix);
    }

    private static String effective(String key, Map<String, String> adminValues, MetaSettings inherited) {
        String admin = adminValues.get(key);
        return admin != null && !admin.trim().isEmpty() ? admin : inheritedValue(inherited, key);
    }

    private static void applyFields(List<SettingsField> fields, Map<String, List<String>> params,
            Map<String, String> adminValues, MetaSettings inherited, Map<String, String> changes,
            Map<String, String> errors, Map<String, String> submitted, Map<String, String> target) {
        for (SettingsField field : fields) {
            if (field.kind() == Kind.PIXELS) {
                continue;
            }
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
            if (raw.trim().length() > MAX_VALUE_LENGTH) {
                errors.put(key, message(field, "is longer than " + MAX_VALUE_LENGTH + " characters"));
                continue;
            }
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

    private static void checkTestMode(String codeKey, String expiresKey, Map<String, String> adminValues,
            MetaSettings inherited, Instant now, Map<String, String> changes, Map<String, String> errors,
            Map<String, String> target) {
        if (errors.containsKey(codeKey) || errors.containsKey(expiresKey)) {
            return;
        }
        String code = effectiveAfter(codeKey, adminValues, inherited, target);
        String expiresAt = effectiveAfter(expiresKey, adminValues, inherited, target);
        if (code == null) {
            // No test mode: an end time left behind would only confuse the next person.
            if (adminValues.get(expiresKey) != null) {
                changes.put(expiresKey, null);
            } else {
                changes.remove(expiresKey);
            }
            return;
        }
        SettingsField field = SettingsCatalog.field(expiresKey);
        if (field == null) {
            field = SettingsCatalog.pixelFields(codeKey.substring("meta.pixel.".length(), codeKey.lastIndexOf('.')))
                    .get(4);
        }
        if (expiresAt == null) {
            errors.put(expiresKey, field.label()
                    + " is required with a test event code, so that test mode turns itself off");
            return;
        }
        boolean touched = changes.containsKey(codeKey)
                || changes.containsKey(expiresKey);
        if (!touched) {
            return;
        }
        Instant end = parseInstant(expiresAt);
        if (end == null || !end.isAfter(now)) {
            errors.put(expiresKey, field.label() + " must be in the future (now: "
                    + now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ")");
        } else if (end.isAfter(now.plus(MAX_TEST_MODE))) {
            errors.put(expiresKey, field.label() + " must be at most "
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
        // A pixel added in the admin is unknown to the environment: its keys inherit their defaults.
        return s == null ? SettingsResolver.defaultValue(key) : s.value();
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
