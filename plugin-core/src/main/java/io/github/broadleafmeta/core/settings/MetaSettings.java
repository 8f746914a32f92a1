package io.github.broadleafmeta.core.settings;

import io.github.broadleafmeta.core.capi.Credentials;

import static io.github.broadleafmeta.core.settings.MetaSettingKeys.*;

import io.github.broadleafmeta.core.alert.AlertSettings;
import io.github.broadleafmeta.core.catalog.CatalogSettings;
import io.github.broadleafmeta.core.catalog.ContentIdStrategy;
import io.github.broadleafmeta.core.catalog.FeedFormat;
import io.github.broadleafmeta.core.consent.ConsentMode;
import io.github.broadleafmeta.core.consent.ConsentState;
import io.github.broadleafmeta.core.event.LduOptions;
import io.github.broadleafmeta.core.request.BotFilter;
import io.github.broadleafmeta.core.request.ClientIpResolver;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An immutable snapshot of every setting, produced by {@link SettingsResolver#resolve()}: typed getters, the
 * effective value and source of each key, and the problems found. Values here already passed their checks.
 * {@link #toString()} never contains the access token or app secret.
 */
public final class MetaSettings {

    private final Map<String, ResolvedSetting> settings;
    private final List<String> problems;
    private final Instant resolvedAt;
    private final List<PixelSettings> pixels;
    private final boolean testEventCodeExpired;
    private final Instant testEventCodeExpiresAt;
    private final BotFilter botFilter;
    private final ClientIpResolver clientIpResolver;
    // Views derived on first use and kept for the snapshot's life: every storefront request reads some of them
    // (the handler mappings, every recorded action). Immutable, so a race only computes an equal value twice.
    private volatile Set<String> browserEvents;
    private volatile Set<String> serverEvents;
    private volatile CatalogSettings catalog;
    private volatile AlertSettings alerts;

    /**
     * @param defaultTestModeEnd when a test event code without an explicit end stops: test mode never stays on
     *                           forever, whichever source set the code
     */
    MetaSettings(Map<String, ResolvedSetting> settings, List<String> problems, Instant resolvedAt,
            Instant defaultTestModeEnd) {
        this.settings = Collections.unmodifiableMap(new LinkedHashMap<String, ResolvedSetting>(settings));
        this.resolvedAt = resolvedAt;
        List<String> allProblems = new ArrayList<String>(problems);

        String testCode = raw(CAPI_TEST_EVENT_CODE);
        Instant expiresAt = testModeEnd(raw(CAPI_TEST_EVENT_CODE_EXPIRES_AT), defaultTestModeEnd);
        this.testEventCodeExpiresAt = testCode == null ? null : expiresAt;
        this.testEventCodeExpired = testCode != null && !resolvedAt.isBefore(expiresAt);
        if (testEventCodeExpired) {
            allProblems.add(CAPI_TEST_EVENT_CODE + " expired at " + expiresAt + "; events are sent as live events");
            testCode = null;
        }

        String pixelId = raw(PIXEL_ID);
        if (pixelId == null) {
            this.pixels = Collections.emptyList();
        } else {
            boolean master = bool(PIXEL_ENABLED);
            String apiVersion = raw(CAPI_API_VERSION);
            String graphUrl = stripTrailingSlash(raw(CAPI_GRAPH_URL));
            List<PixelSettings> all = new ArrayList<PixelSettings>();
            all.add(PixelSettings.builder()
                    .pixelId(pixelId)
                    .enabled(master)
                    .credentials(Credentials.of(raw(CAPI_ACCESS_TOKEN), raw(CAPI_APP_SECRET)))
                    .apiVersion(apiVersion)
                    .graphUrl(graphUrl)
                    .testEventCode(testCode)
                    .credentialsProblem(credentialsProblem(CAPI_ACCESS_TOKEN, CAPI_APP_SECRET))
                    .build());
            for (String id : SettingsResolver.splitList(raw(PIXELS_ADDITIONAL))) {
                if (!settings.containsKey(pixelKey(id, PIXEL_SUFFIX_ENABLED))) {
                    continue; // the primary pixel listed again (reported by the resolver)
                }
                String code = raw(pixelKey(id, PIXEL_SUFFIX_TEST_EVENT_CODE));
                Instant codeEnd = testModeEnd(raw(pixelKey(id, PIXEL_SUFFIX_TEST_EVENT_CODE_EXPIRES_AT)),
                        defaultTestModeEnd);
                if (code != null && !resolvedAt.isBefore(codeEnd)) {
                    allProblems.add(pixelKey(id, PIXEL_SUFFIX_TEST_EVENT_CODE) + " expired at " + codeEnd
                            + "; events of pixel " + id + " are sent as live events");
                    code = null;
                }
                all.add(PixelSettings.builder()
                        .pixelId(id)
                        .enabled(master && bool(pixelKey(id, PIXEL_SUFFIX_ENABLED)))
                        .credentials(Credentials.of(raw(pixelKey(id, PIXEL_SUFFIX_ACCESS_TOKEN)),
                                raw(pixelKey(id, PIXEL_SUFFIX_APP_SECRET))))
                        .apiVersion(apiVersion)
                        .graphUrl(graphUrl)
                        .testEventCode(code)
                        .credentialsProblem(credentialsProblem(pixelKey(id, PIXEL_SUFFIX_ACCESS_TOKEN),
                                pixelKey(id, PIXEL_SUFFIX_APP_SECRET)))
                        .build());
            }
            this.pixels = Collections.unmodifiableList(all);
        }
        this.botFilter = BotFilter.fromRules(raw(BOT_RULES));
        this.clientIpResolver = ClientIpResolver.fromSetting(raw(REQUEST_TRUSTED_PROXIES));
        this.problems = Collections.unmodifiableList(allProblems);
    }

    /** Why a pixel's saved token or app secret cannot be read, or null. */
    private String credentialsProblem(String tokenKey, String appSecretKey) {
        for (String key : new String[] {tokenKey, appSecretKey}) {
            ResolvedSetting s = settings.get(key);
            if (s != null && s.unreadableReason() != null) {
                return key + " " + s.unreadableReason();
            }
        }
        return null;
    }

    private static Instant testModeEnd(String explicitEnd, Instant defaultEnd) {
        Instant explicit = SettingsResolver.parseInstant(explicitEnd);
        return explicit != null ? explicit : defaultEnd;
    }

    private String raw(String key) {
        ResolvedSetting s = settings.get(key);
        return s == null ? null : s.effectiveValue();
    }

    private boolean bool(String key) {
        Boolean b = SettingsResolver.parseBoolean(raw(key));
        return b != null && b;
    }

    private int integer(String key) {
        return Integer.parseInt(raw(key));
    }

    private static String stripTrailingSlash(String url) {
        return url != null && url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** False without a pixel id or when the plugin is switched off: then nothing is rendered or recorded. */
    public boolean isActive() {
        return !pixels.isEmpty() && pixels.get(0).enabled();
    }

    /**
     * The configured pixels: the primary pixel ({@code meta.pixel.id}) first, then those of
     * {@code meta.pixels.additional} in listed order; empty when no primary pixel id is set. A pixel switched off
     * (or every pixel, with the master switch off) is listed with {@link PixelSettings#enabled()} false.
     */
    public List<PixelSettings> pixels() {
        return pixels;
    }

    /** The pixels that are switched on: those that get browser init calls and outbox rows. */
    public List<PixelSettings> enabledPixels() {
        List<PixelSettings> out = new ArrayList<PixelSettings>(pixels.size());
        for (PixelSettings p : pixels) {
            if (p.enabled()) {
                out.add(p);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** The ids of the additional pixels in effect (without the primary one). */
    public List<String> additionalPixelIds() {
        List<String> out = new ArrayList<String>();
        for (int i = 1; i < pixels.size(); i++) {
            out.add(pixels.get(i).pixelId());
        }
        return Collections.unmodifiableList(out);
    }

    /** One configured pixel by id, or null. */
    public PixelSettings pixel(String pixelId) {
        for (PixelSettings p : pixels) {
            if (p.pixelId().equals(pixelId)) {
                return p;
            }
        }
        return null;
    }

    public String pixelId() {
        return raw(PIXEL_ID);
    }

    public boolean pixelEnabled() {
        return bool(PIXEL_ENABLED);
    }

    public boolean accessTokenPresent() {
        return raw(CAPI_ACCESS_TOKEN) != null;
    }

    /** Active and a token is present: server events can be sent. */
    public boolean isServerActive() {
        return isActive() && accessTokenPresent() && bool(DISPATCH_ENABLED);
    }

    /** The test event code unless absent or expired. */
    public String testEventCode() {
        return testEventCodeExpired ? null : raw(CAPI_TEST_EVENT_CODE);
    }

    public boolean testEventCodeExpired() {
        return testEventCodeExpired;
    }

    /**
     * When the primary pixel's test mode ends: the explicit {@code meta.capi.testEventCodeExpiresAt}, else
     * {@link SettingsResolver#DEFAULT_TEST_MODE_DURATION} after start; null without a test event code.
     */
    public Instant testEventCodeExpiresAt() {
        return testEventCodeExpiresAt;
    }

    public String graphUrl() {
        return stripTrailingSlash(raw(CAPI_GRAPH_URL));
    }

    public String apiVersion() {
        return raw(CAPI_API_VERSION);
    }

    public int connectTimeoutMillis() {
        return integer(CAPI_CONNECT_TIMEOUT_MILLIS);
    }

    public int responseTimeoutMillis() {
        return integer(CAPI_RESPONSE_TIMEOUT_MILLIS);
    }

    public boolean consentRequired() {
        return bool(CONSENT_REQUIRED);
    }

    public String consentCookieName() {
        return raw(CONSENT_COOKIE_NAME);
    }

    public String consentGrantedValue() {
        return raw(CONSENT_GRANTED_VALUE);
    }

    /** True when consent is not required, or the shopper's consent cookie (null when absent) holds the granted value. */
    public boolean consentGrantedBy(String consentCookieValue) {
        return !consentRequired() || (consentCookieValue != null && consentCookieValue.equals(consentGrantedValue()));
    }

    /** {@link ConsentMode#REVOKE} unless {@code meta.consent.mode} says {@code strict}. */
    public ConsentMode consentMode() {
        ConsentMode mode = ConsentMode.parse(raw(CONSENT_MODE));
        return mode == null ? ConsentMode.REVOKE : mode;
    }

    /** The consent situation of a shopper whose consent cookie says {@code granted} (or not). */
    public ConsentState consentState(boolean granted) {
        return ConsentState.of(consentRequired(), granted, consentMode());
    }

    public LduMode lduMode() {
        return LduMode.parse(raw(LDU_MODE));
    }

    /** Whether browser events are (also) pushed to {@code window.dataLayer} for Google Tag Manager. */
    public DataLayerMode dataLayerMode() {
        DataLayerMode mode = DataLayerMode.parse(raw(GTM_DATA_LAYER));
        return mode == null ? DataLayerMode.OFF : mode;
    }

    /**
     * Cache-safe mode ({@code meta.cache.safeMode}): pages carry no per-shopper data; the shopper's pixel state and
     * event ids come from the uncacheable pixel-state endpoint.
     */
    public boolean cacheSafeMode() {
        return bool(CACHE_SAFE_MODE);
    }

    /** The Limited Data Use options both copies carry, or null when LDU is off. */
    public LduOptions lduOptions() {
        switch (lduMode()) {
            case GEOLOCATE:
                return LduOptions.geolocated();
            case EXPLICIT:
                return LduOptions.of(lduCountry(), lduState());
            default:
                return null;
        }
    }

    public int lduCountry() {
        return integer(LDU_COUNTRY);
    }

    public int lduState() {
        return integer(LDU_STATE);
    }

    public BotFilter botFilter() {
        return botFilter;
    }

    /** The event a cancelled order with a sent Purchase sends, or null when switched off. */
    public String cancellationEvent() {
        String name = raw(CANCELLATION_EVENT);
        return name == null || SettingsResolver.CANCELLATION_OFF.equalsIgnoreCase(name) ? null : name;
    }

    public int cancellationScanSeconds() {
        return integer(CANCELLATION_SCAN_SECONDS);
    }

    /** Seconds between two runs of the Purchase sweep. */
    public int purchaseSweepSeconds() {
        return integer(PURCHASE_SWEEP_SECONDS);
    }

    public PurchaseValue purchaseValue() {
        return PurchaseValue.parse(raw(PURCHASE_VALUE));
    }

    /** Event names rendered in the browser, in configured order. */
    public Set<String> browserEvents() {
        Set<String> events = browserEvents;
        if (events == null) {
            events = eventList(EVENTS_BROWSER);
            browserEvents = events;
        }
        return events;
    }

    /** Event names sent from the server, in configured order. */
    public Set<String> serverEvents() {
        Set<String> events = serverEvents;
        if (events == null) {
            events = eventList(EVENTS_SERVER);
            serverEvents = events;
        }
        return events;
    }

    private Set<String> eventList(String key) {
        return Collections.unmodifiableSet(new LinkedHashSet<String>(SettingsResolver.splitList(raw(key))));
    }

    public boolean dispatchEnabled() {
        return bool(DISPATCH_ENABLED);
    }

    public int dispatchBatchSize() {
        return integer(DISPATCH_BATCH_SIZE);
    }

    public int dispatchIntervalMillis() {
        return integer(DISPATCH_INTERVAL_MILLIS);
    }


    public int dispatchLeaseSeconds() {
        return integer(DISPATCH_LEASE_SECONDS);
    }

    public int outboxRetentionDays() {
        return integer(OUTBOX_RETENTION_DAYS);
    }

    public ClientIpResolver clientIpResolver() {
        return clientIpResolver;
    }

    /** ISO 3166-1 alpha-2, upper case. */
    public String storeDefaultCountry() {
        return raw(STORE_DEFAULT_COUNTRY).toUpperCase(Locale.ROOT);
    }

    /** The catalog feed's and the content id's settings (secrets included: never log the result's fields). */
    public CatalogSettings catalog() {
        CatalogSettings c = catalog;
        if (c == null) {
            c = buildCatalog();
            catalog = c;
        }
        return c;
    }

    private CatalogSettings buildCatalog() {
        return CatalogSettings.builder()
                .contentIdStrategy(ContentIdStrategy.parse(raw(CATALOG_CONTENT_ID)))
                .feedEnabled(bool(CATALOG_FEED_ENABLED))
                .feedPath(raw(CATALOG_FEED_PATH))
                .feedFormat(FeedFormat.parse(raw(CATALOG_FEED_FORMAT)))
                .feedToken(raw(CATALOG_FEED_TOKEN))
                .feedBasicAuth(raw(CATALOG_FEED_USERNAME), raw(CATALOG_FEED_PASSWORD))
                .baseUrl(raw(CATALOG_BASE_URL))
                .brand(raw(CATALOG_BRAND))
                .feedFile(raw(CATALOG_FEED_FILE))
                .feedFileIntervalMinutes(integer(CATALOG_FEED_FILE_INTERVAL_MINUTES))
                .build();
    }

    /** Alert rules, channels and the health endpoint (holds the webhook URL, a secret: never log its fields). */
    public AlertSettings alerts() {
        AlertSettings a = alerts;
        if (a == null) {
            a = buildAlerts();
            alerts = a;
        }
        return a;
    }

    private AlertSettings buildAlerts() {
        List<String> ids = new ArrayList<String>(pixels.size());
        for (PixelSettings p : pixels) {
            ids.add(p.pixelId());
        }
        return AlertSettings.builder()
                .enabled(bool(ALERT_ENABLED))
                .pixelIds(ids)
                .interval(Duration.ofSeconds(integer(ALERT_INTERVAL_SECONDS)))
                .clearAfter(Duration.ofMinutes(integer(ALERT_CLEAR_MINUTES)))
                .circuitOpenMinutes(AlertSettings.parseOffOrInt(raw(ALERT_CIRCUIT_OPEN_MINUTES)))
                .credentialsHeld(bool(ALERT_CREDENTIALS_HELD))
                .backlogMinutes(AlertSettings.parseOffOrInt(raw(ALERT_BACKLOG_MINUTES)))
                .purchaseSharePercent(AlertSettings.parseOffOrInt(raw(ALERT_PURCHASE_SHARE_PERCENT)))
                .rejectionPercent(AlertSettings.parseOffOrInt(raw(ALERT_REJECTION_PERCENT)))
                .rejectionMinEvents(integer(ALERT_REJECTION_MIN_EVENTS))
                .matchQualityDrop(AlertSettings.parseOffOrInt(raw(ALERT_MATCH_QUALITY_DROP)))
                .tokenExpiryDays(AlertSettings.parseOffOrInt(raw(ALERT_TOKEN_EXPIRY_DAYS)))
                .emailTo(AlertSettings.splitAddresses(raw(ALERT_EMAIL_TO)))
                .emailFrom(raw(ALERT_EMAIL_FROM))
                .webhookUrl(raw(ALERT_WEBHOOK_URL))
                .healthEnabled(bool(HEALTH_ENABLED))
                .healthPath(raw(HEALTH_PATH))
                .healthDegradedStatus(integer(HEALTH_DEGRADED_STATUS))
                .build();
    }

    /** Hours between two reads of Meta's quality figures and the token's health (per pixel). */
    public int qualityReadIntervalHours() {
        return integer(QUALITY_READ_INTERVAL_HOURS);
    }

    /** The admin warns this many days before the access token expires. */
    public int qualityTokenWarnDays() {
        return integer(QUALITY_TOKEN_WARN_DAYS);
    }

    /** Every key with its effective value (secrets: set/not set) and source, in display order. */
    public List<ResolvedSetting> settings() {
        return Collections.unmodifiableList(new ArrayList<ResolvedSetting>(settings.values()));
    }

    /** One key's resolution, or null for an unknown key. */
    public ResolvedSetting setting(String key) {
        return settings.get(key);
    }

    /** Human-readable messages naming key, source and (non-secret) value of every rejected setting. */
    public List<String> problems() {
        return problems;
    }

    public Instant resolvedAt() {
        return resolvedAt;
    }

    @Override
    public String toString() {
        return "MetaSettings{active=" + isActive() + ", pixels=" + pixels + ", settings=" + settings.values()
                + ", problems=" + problems.size() + "}";
    }
}
