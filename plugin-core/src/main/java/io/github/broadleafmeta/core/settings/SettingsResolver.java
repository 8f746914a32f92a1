package io.github.broadleafmeta.core.settings;

import static io.github.broadleafmeta.core.settings.MetaSettingKeys.*;

import io.github.broadleafmeta.core.catalog.CatalogSettings;
import io.github.broadleafmeta.core.catalog.ContentIdStrategy;
import io.github.broadleafmeta.core.catalog.FeedFormat;
import io.github.broadleafmeta.core.consent.ConsentMode;
import io.github.broadleafmeta.core.event.EventNames;
import io.github.broadleafmeta.core.request.BotFilter;
import io.github.broadleafmeta.core.request.ClientIpResolver;
import io.github.broadleafmeta.core.capi.GraphDestination;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * THE place where settings are resolved: for every key the first non-blank value from the sources, asked in
 * priority order (admin database first, then system properties / environment), else the default. A value that
 * fails its check (e.g. a non-numeric timeout) falls back to the DEFAULT, not to a lower source, and is reported in
 * {@link MetaSettings#problems()} naming key, source and value (secrets never shown). A source that throws (database
 * down) is skipped for that key and reported too. {@link #resolve()} never throws.
 *
 * <p>Immutable and thread-safe; resolve once per dispatch cycle or request so admin edits apply without restart.
 */
public final class SettingsResolver {

    private static final Log LOG = LogFactory.getLog(SettingsResolver.class);

    public static final String DEFAULT_GRAPH_URL = "https://graph.facebook.com";
    public static final String DEFAULT_API_VERSION = "v26.0";
    public static final String DEFAULT_BROWSER_EVENTS = "PageView,ViewContent,Search,AddToCart,AddToWishlist,"
            + "InitiateCheckout,AddPaymentInfo,Purchase,Lead,CompleteRegistration";
    /** PageView stays browser-only by default: one server event per page view would dominate the outbox. */
    public static final String DEFAULT_SERVER_EVENTS = "ViewContent,Search,AddToCart,AddToWishlist,"
            + "InitiateCheckout,AddPaymentInfo,Purchase,Lead,CompleteRegistration";

    /** The custom event a cancelled order sends once its Purchase was sent; {@code off} sends none. */
    public static final String DEFAULT_CANCELLATION_EVENT = "OrderCancelled";
    public static final String CANCELLATION_OFF = "off";

    private static final int MAX_SHOWN_VALUE = 60;

    /** Checks a trimmed, non-blank value; returns a problem description or null. */
    interface Check {
        String problem(String value);
    }

    static final class Spec {
        final String key;
        final String defaultValue;
        final boolean secret;
        final Check check;
        final boolean environmentOnly;

        Spec(String key, String defaultValue, boolean secret, Check check) {
            this(key, defaultValue, secret, check, false);
        }

        Spec(String key, String defaultValue, boolean secret, Check check, boolean environmentOnly) {
            this.key = key;
            this.defaultValue = defaultValue;
            this.secret = secret;
            this.check = check;
            this.environmentOnly = environmentOnly;
        }
    }

    /** Without an explicit end, a test event code ends this long after start (see {@link #SettingsResolver}). */
    public static final Duration DEFAULT_TEST_MODE_DURATION = Duration.ofHours(24);

    /** Keys whose "ignored in the admin" warning was logged (once per key per JVM). */
    private static final Set<String> WARNED_ADMIN_VALUE_IGNORED = ConcurrentHashMap.newKeySet();

    static final List<Spec> SPECS = Collections.unmodifiableList(Arrays.asList(
            new Spec(PIXEL_ID, null, false, PixelIdValidator::problem),
            new Spec(PIXEL_ENABLED, "true", false, SettingsResolver::booleanProblem),
            new Spec(PIXELS_ADDITIONAL, null, false, SettingsResolver::pixelListProblem),
            new Spec(CAPI_ACCESS_TOKEN, null, true, SettingsResolver::secretProblem),
            new Spec(CAPI_APP_SECRET, null, true, SettingsResolver::secretProblem),
            // Environment-only: whoever sets it receives the access token and appsecret_proof.
            new Spec(CAPI_GRAPH_URL, DEFAULT_GRAPH_URL, false, GraphDestination::problem, true),
            new Spec(CAPI_API_VERSION, DEFAULT_API_VERSION, false, SettingsResolver::apiVersionProblem),
            new Spec(CAPI_TEST_EVENT_CODE, null, false, v -> tokenProblem(v, 100)),
            new Spec(CAPI_TEST_EVENT_CODE_EXPIRES_AT, null, false,
                    v -> parseInstant(v) == null ? "is not an ISO-8601 instant or epoch milliseconds" : null),
            new Spec(CAPI_CONNECT_TIMEOUT_MILLIS, "5000", false, v -> intProblem(v, 100, 120000)),
            new Spec(CAPI_RESPONSE_TIMEOUT_MILLIS, "10000", false, v -> intProblem(v, 100, 300000)),
            new Spec(CONSENT_REQUIRED, "false", false, SettingsResolver::booleanProblem),
            new Spec(CONSENT_COOKIE_NAME, "meta_consent", false, v -> tokenProblem(v, 100)),
            new Spec(CONSENT_GRANTED_VALUE, "granted", false, v -> textProblem(v, 200)),
            new Spec(CONSENT_MODE, "revoke", false,
                    v -> ConsentMode.parse(v) == null ? "must be revoke or strict" : null),
            new Spec(LDU_MODE, "off", false, v -> LduMode.parse(v) == null ? "must be off, geolocate or explicit" : null),
            new Spec(LDU_COUNTRY, "1", false, v -> intProblem(v, 0, 999)),
            new Spec(LDU_STATE, "1000", false, v -> intProblem(v, 0, 99999)),
            new Spec(BOT_RULES, BotFilter.DEFAULT_RULES, false, SettingsResolver::botRulesProblem),
            new Spec(PURCHASE_VALUE, "total", false,
                    v -> PurchaseValue.parse(v) == null ? "must be total or subtotal" : null),
            new Spec(CANCELLATION_EVENT, DEFAULT_CANCELLATION_EVENT, false, SettingsResolver::cancellationEventProblem),
            new Spec(CANCELLATION_SCAN_SECONDS, "60", false, v -> intProblem(v, 1, 86400)),
            new Spec(PURCHASE_SWEEP_SECONDS, "60", false, v -> intProblem(v, 1, 86400)),
            new Spec(EVENTS_BROWSER, DEFAULT_BROWSER_EVENTS, false, SettingsResolver::eventListProblem),
            new Spec(EVENTS_SERVER, DEFAULT_SERVER_EVENTS, false, SettingsResolver::eventListProblem),
            new Spec(GTM_DATA_LAYER, "off", false,
                    v -> DataLayerMode.parse(v) == null ? "must be off, also or only" : null),
            new Spec(CACHE_SAFE_MODE, "false", false, SettingsResolver::booleanProblem),
            new Spec(DISPATCH_ENABLED, "true", false, SettingsResolver::booleanProblem),
            new Spec(DISPATCH_BATCH_SIZE, "500", false, v -> intProblem(v, 1, 1000)),
            new Spec(DISPATCH_INTERVAL_MILLIS, "2000", false, v -> intProblem(v, 100, 3600000)),
            new Spec(DISPATCH_LEASE_SECONDS, "120", false, v -> intProblem(v, 10, 3600)),
            new Spec(OUTBOX_RETENTION_DAYS, "30", false, v -> intProblem(v, 1, 3650)),
            // Environment-only: a too-wide range lets any shopper forge the client IP sent to Meta.
            new Spec(REQUEST_TRUSTED_PROXIES, null, false, SettingsResolver::proxiesProblem, true),
            new Spec(STORE_DEFAULT_COUNTRY, "US", false, SettingsResolver::countryProblem),
            new Spec(CATALOG_CONTENT_ID, ContentIdStrategy.DEFAULT, false, ContentIdStrategy::problem),
            new Spec(CATALOG_FEED_ENABLED, "false", false, SettingsResolver::booleanProblem),
            new Spec(CATALOG_FEED_PATH, CatalogSettings.DEFAULT_FEED_PATH, false, CatalogSettings::pathProblem),
            new Spec(CATALOG_FEED_FORMAT, "csv", false,
                    v -> FeedFormat.parse(v) == null ? "must be csv, tsv or xml" : null),
            new Spec(CATALOG_FEED_TOKEN, null, true, v -> v.length() < 16 ? "must have 16 characters at least"
                    : secretProblem(v)),
            new Spec(CATALOG_FEED_USERNAME, null, false, v -> tokenProblem(v, 100)),
            new Spec(CATALOG_FEED_PASSWORD, null, true, v -> v.length() < 12 ? "must have 12 characters at least"
                    : secretProblem(v)),
            new Spec(CATALOG_BASE_URL, null, false, SettingsResolver::baseUrlProblem),
            new Spec(CATALOG_BRAND, null, false, CatalogSettings::brandProblem),
            // Environment-only: a file path the admin could choose would let it overwrite any file the store can write.
            new Spec(CATALOG_FEED_FILE, null, false, CatalogSettings::fileProblem, true),
            new Spec(CATALOG_FEED_FILE_INTERVAL_MINUTES, "60", false, v -> intProblem(v, 5, 10080))));

    private final List<SettingsSource> sources;
    private final Clock clock;
    private final Instant startedAt;

    /**
     * @param sources highest priority first (typically: admin database, then {@link SystemEnvironmentSettingsSource})
     * @param clock   also fixes the start: a test event code without an explicit end ends
     *                {@link #DEFAULT_TEST_MODE_DURATION} after this resolver was created (at application start)
     */
    public SettingsResolver(List<SettingsSource> sources, Clock clock) {
        if (sources == null || clock == null) {
            throw new IllegalArgumentException("sources and clock are required");
        }
        for (SettingsSource s : sources) {
            if (s == null) {
                throw new IllegalArgumentException("sources must not contain null");
            }
        }
        this.sources = Collections.unmodifiableList(new ArrayList<SettingsSource>(sources));
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    /** Every key this resolver knows, in display order. */
    public static List<String> keys() {
        List<String> keys = new ArrayList<String>(SPECS.size());
        for (Spec s : SPECS) {
            keys.add(s.key);
        }
        return keys;
    }

    /** The default of a key (per-pixel keys included), or null when it has none (or the key is unknown). */
    public static String defaultValue(String key) {
        Spec s = spec(key);
        return s == null ? null : s.defaultValue;
    }

    /**
     * Whether a key is read only from the operator's environment (system property or environment variable) and
     * never from the admin: keys that could redirect a secret or switch off a safety check.
     */
    public static boolean isEnvironmentOnly(String key) {
        Spec s = spec(key);
        return s != null && s.environmentOnly;
    }

    /** Whether a key (per-pixel keys included) holds a secret. */
    public static boolean isSecret(String key) {
        Spec s = spec(key);
        return s != null && s.secret;
    }

    /** The keys of one additional pixel, in display order (see {@link MetaSettingKeys#pixelKey}). */
    public static List<String> pixelKeys(String pixelId) {
        List<String> keys = new ArrayList<String>();
        for (Spec s : pixelSpecs(pixelId)) {
            keys.add(s.key);
        }
        return keys;
    }

    static List<Spec> pixelSpecs(String pixelId) {
        return Arrays.asList(
                new Spec(pixelKey(pixelId, PIXEL_SUFFIX_ENABLED), "true", false, SettingsResolver::booleanProblem),
                new Spec(pixelKey(pixelId, PIXEL_SUFFIX_ACCESS_TOKEN), null, true, SettingsResolver::secretProblem),
                new Spec(pixelKey(pixelId, PIXEL_SUFFIX_APP_SECRET), null, true, SettingsResolver::secretProblem),
                new Spec(pixelKey(pixelId, PIXEL_SUFFIX_TEST_EVENT_CODE), null, false, v -> tokenProblem(v, 100)),
                new Spec(pixelKey(pixelId, PIXEL_SUFFIX_TEST_EVENT_CODE_EXPIRES_AT), null, false,
                        SettingsResolver::instantProblem));
    }

    /** The spec of a static key or of a well-formed per-pixel key ({@code meta.pixel.<digits>.<suffix>}), or null. */
    private static Spec spec(String key) {
        for (Spec s : SPECS) {
            if (s.key.equals(key)) {
                return s;
            }
        }
        if (key != null && key.matches("meta\\.pixel\\.[0-9]{1,20}\\.[A-Za-z]+")) {
            String id = key.substring("meta.pixel.".length(), key.lastIndexOf('.'));
            for (Spec s : pixelSpecs(id)) {
                if (s.key.equals(key)) {
                    return s;
                }
            }
        }
        return null;
    }

    /**
     * Validates a value as the admin form would store it: null when acceptable (blank means "inherit"), else a
     * message for the form.
     */
    public static String validate(String key, String value) {
        if (value == null || value.trim().isEmpty()) {
            return null;
        }
        Spec s = spec(key);
        return s == null ? "unknown setting " + key : s.check.problem(value.trim());
    }

    public MetaSettings resolve() {
        Map<String, ResolvedSetting> resolved = new LinkedHashMap<String, ResolvedSetting>();
        List<String> problems = new ArrayList<String>();
        for (Spec spec : SPECS) {
            resolved.put(spec.key, resolveOne(spec, problems));
        }
        String primary = resolved.get(PIXEL_ID).effectiveValue();
        List<String> additional = splitList(resolved.get(PIXELS_ADDITIONAL).effectiveValue());
        if (primary == null && !additional.isEmpty()) {
            problems.add(PIXELS_ADDITIONAL + ": additional pixels need the primary pixel " + PIXEL_ID
                    + "; none is used");
        } else {
            for (String id : additional) {
                if (id.equals(primary.trim())) {
                    problems.add(PIXELS_ADDITIONAL + ": pixel " + id + " is already the primary pixel; listed once");
                    continue;
                }
                for (Spec spec : pixelSpecs(id)) {
                    resolved.put(spec.key, resolveOne(spec, problems));
                }
            }
        }
        Instant now = clock.instant();
        return new MetaSettings(resolved, problems, now, startedAt.plus(DEFAULT_TEST_MODE_DURATION));
    }

    private ResolvedSetting resolveOne(Spec spec, List<String> problems) {
        for (SettingsSource source : sources) {
            String raw;
            try {
                raw = source.get(spec.key);
            } catch (RuntimeException e) {
                problems.add(spec.key + ": source " + source.name() + " failed (" + e.getClass().getSimpleName()
                        + "); skipped");
                LOG.warn("Settings source " + source.name() + " failed for " + spec.key + ": "
                        + e.getClass().getName());
                continue;
            }
            if (raw == null || raw.trim().isEmpty()) {
                String unreadable = unreadable(source, spec.key);
                if (unreadable != null) {
                    String where = describe(source, spec.key);
                    problems.add(spec.key + " " + where + " " + unreadable + "; events of its pixel are held");
                    return ResolvedSetting.unreadable(spec.key, where, spec.secret, unreadable);
                }
                continue;
            }
            if (spec.environmentOnly && !source.isOperatorEnvironment()) {
                problems.add(spec.key + ": the value saved in the " + source.name() + " is ignored; this setting "
                        + "is read only from the environment (" + SystemEnvironmentSettingsSource.envName(spec.key)
                        + ") or the system property " + spec.key);
                if (WARNED_ADMIN_VALUE_IGNORED.add(spec.key)) {
                    LOG.warn("Meta settings: " + spec.key + " from " + source.name() + " is ignored; set it in the "
                            + "environment (" + SystemEnvironmentSettingsSource.envName(spec.key) + ") if needed");
                }
                continue;
            }
            String value = raw.trim();
            String where = describe(source, spec.key);
            String problem = spec.check.problem(value);
            if (problem != null) {
                problems.add(spec.key + " from " + where + ": " + shown(spec, value) + " " + problem
                        + "; using " + (spec.defaultValue == null ? "no value" : "default " + spec.defaultValue));
                return new ResolvedSetting(spec.key, spec.defaultValue, ResolvedSetting.DEFAULT_SOURCE, spec.secret);
            }
            return new ResolvedSetting(spec.key, value, where, spec.secret);
        }
        return new ResolvedSetting(spec.key, spec.defaultValue, ResolvedSetting.DEFAULT_SOURCE, spec.secret);
    }

    private static String unreadable(SettingsSource source, String key) {
        try {
            return source.unreadable(key);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String describe(SettingsSource source, String key) {
        try {
            String d = source.describe(key);
            return d == null ? source.name() : d;
        } catch (RuntimeException e) {
            return source.name();
        }
    }

    private static String shown(Spec spec, String value) {
        if (spec.secret) {
            return "the value";
        }
        StringBuilder sb = new StringBuilder("'");
        for (int i = 0; i < value.length() && i < MAX_SHOWN_VALUE; i++) {
            char c = value.charAt(i);
            sb.append(Character.isISOControl(c) ? '?' : c);
        }
        if (value.length() > MAX_SHOWN_VALUE) {
            sb.append("...");
        }
        return sb.append('\'').toString();
    }

    // ---- checks ---------------------------------------------------------------------------------------------

    static Boolean parseBoolean(String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("yes") || s.equals("on") || s.equals("1")) {
            return Boolean.TRUE;
        }
        if (s.equals("false") || s.equals("no") || s.equals("off") || s.equals("0")) {
            return Boolean.FALSE;
        }
        return null;
    }

    private static String booleanProblem(String v) {
        return parseBoolean(v) == null ? "is not true/false" : null;
    }

    /**
     * {@code off}, or a custom event name: a standard name (Purchase, ...) would be counted as that conversion, and
     * Meta allows at most 50 letters, digits, '_' and spaces.
     */
    private static String cancellationEventProblem(String v) {
        if (CANCELLATION_OFF.equalsIgnoreCase(v)) {
            return null;
        }
        if (EventNames.isStandard(v)) {
            return "is one of Meta's standard events; use a custom name such as " + DEFAULT_CANCELLATION_EVENT
                    + ", or off";
        }
        try {
            EventNames.validate(v);
            return null;
        } catch (IllegalArgumentException e) {
            return "is not a valid custom event name (at most "
                    + EventNames.MAX_CUSTOM_LENGTH
                    + " letters, digits, '_' and spaces), nor off";
        }
    }

    private static String intProblem(String v, int min, int max) {
        if (v.length() > 10) {
            return "is not a whole number " + min + ".." + max;
        }
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) < '0' || v.charAt(i) > '9') {
                return "is not a whole number " + min + ".." + max;
            }
        }
        long n = Long.parseLong(v);
        return n < min || n > max ? "is outside " + min + ".." + max : null;
    }

    private static String instantProblem(String v) {
        return parseInstant(v) == null ? "is not an ISO-8601 instant or epoch milliseconds" : null;
    }

    /** Comma/space list of pixel ids: each 5..20 digits, none twice. */
    private static String pixelListProblem(String v) {
        List<String> seen = new ArrayList<String>();
        for (String id : v.split("[,\\s]+")) {
            if (id.isEmpty()) {
                continue;
            }
            String problem = PixelIdValidator.problem(id);
            if (problem != null) {
                return "has an invalid entry (number " + (seen.size() + 1) + "): " + problem;
            }
            if (seen.contains(id)) {
                return "lists pixel " + id + " twice";
            }
            seen.add(id);
        }
        return null;
    }

    private static String secretProblem(String v) {
        if (v.length() > 2000) {
            return "is too long to be a Meta credential";
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c <= ' ' || c > '~') {
                return "contains blanks or non-ASCII characters (pasted with extra text?)";
            }
        }
        return null;
    }

    private static String tokenProblem(String v, int maxLength) {
        if (v.length() > maxLength) {
            return "is longer than " + maxLength + " characters";
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || c == '-')) {
                return "may contain only letters, digits, '_' and '-'";
            }
        }
        return null;
    }

    private static String textProblem(String v, int maxLength) {
        if (v.length() > maxLength) {
            return "is longer than " + maxLength + " characters";
        }
        for (int i = 0; i < v.length(); i++) {
            if (Character.isISOControl(v.charAt(i)) || v.charAt(i) == ';' || v.charAt(i) == ',') {
                return "may not contain control characters, ';' or ','";
            }
        }
        return null;
    }

    /** The store's own public base URL (links in the catalog feed): http(s), nothing but scheme, host and path. */
    private static String baseUrlProblem(String v) {
        String lower = v.toLowerCase(Locale.ROOT);
        int schemeEnd = lower.startsWith("https://") ? 8 : lower.startsWith("http://") ? 7 : -1;
        if (schemeEnd < 0 || v.length() == schemeEnd || v.length() > 300) {
            return "must be an http(s) URL such as https://shop.example.com";
        }
        for (int i = schemeEnd; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c <= ' ' || c > '~' || c == '?' || c == '#' || c == '@') {
                return "must be a plain base URL (no blanks, query, fragment or user info)";
            }
        }
        return null;
    }

    static String apiVersionProblem(String v) {
        if (v == null || !v.matches("v[1-9][0-9]{0,2}\\.[0-9]{1,2}")) {
            return "must look like " + DEFAULT_API_VERSION;
        }
        return null;
    }

    private static String botRulesProblem(String v) {
        try {
            BotFilter.fromRules(v);
            return null;
        } catch (IllegalArgumentException e) {
            return "is invalid: " + e.getMessage();
        }
    }

    private static String eventListProblem(String v) {
        for (String name : splitList(v)) {
            if (name.length() > 50 || !name.matches("[A-Za-z][A-Za-z0-9_]*")) {
                return "has an invalid event name (letters, digits and '_' only, at most 50)";
            }
        }
        return null;
    }

    private static String proxiesProblem(String v) {
        try {
            ClientIpResolver.fromSetting(v);
            return null;
        } catch (IllegalArgumentException e) {
            return "is invalid: " + e.getMessage();
        }
    }

    private static String countryProblem(String v) {
        String upper = v.toUpperCase(Locale.ROOT);
        if (upper.length() == 2 && Arrays.asList(Locale.getISOCountries()).contains(upper)) {
            return null;
        }
        return "must be an ISO 3166-1 alpha-2 country code such as US";
    }

    static Instant parseInstant(String v) {
        if (v == null) {
            return null;
        }
        String t = v.trim();
        boolean digits = !t.isEmpty() && t.length() <= 15;
        for (int i = 0; i < t.length() && digits; i++) {
            digits = t.charAt(i) >= '0' && t.charAt(i) <= '9';
        }
        if (digits) {
            return Instant.ofEpochMilli(Long.parseLong(t));
        }
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static List<String> splitList(String v) {
        List<String> out = new ArrayList<String>();
        if (v == null) {
            return out;
        }
        for (String part : v.split("[,\\s]+")) {
            if (!part.isEmpty() && !out.contains(part)) {
                out.add(part);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        List<String> names = new ArrayList<String>();
        for (SettingsSource s : sources) {
            names.add(s.name());
        }
        return "SettingsResolver{sources=" + names + "}";
    }
}
