package io.github.broadleafmeta.core.settings;

/**
 * Every setting key of the plugin. Each has one source of truth, resolved by {@link SettingsResolver}: admin
 * (database) &gt; JVM system property / environment variable &gt; default. The environment-variable name is
 * derived from the key ({@link SystemEnvironmentSettingsSource#envName}): {@code meta.pixel.id} →
 * {@code META_PIXEL_ID}.
 */
public final class MetaSettingKeys {

    /** Meta pixel (dataset) id; without it the plugin is inert. */
    public static final String PIXEL_ID = "meta.pixel.id";
    /** {@code true}/{@code false}: master switch for browser and server events. Default true. */
    public static final String PIXEL_ENABLED = "meta.pixel.enabled";
    /** Conversions API access token (secret). Without it only the browser pixel runs. */
    public static final String CAPI_ACCESS_TOKEN = "meta.capi.accessToken";
    /** Optional app secret (secret) for {@code appsecret_proof}. */
    public static final String CAPI_APP_SECRET = "meta.capi.appSecret";
    /** Graph API base URL; default {@code https://graph.facebook.com}. */
    public static final String CAPI_GRAPH_URL = "meta.capi.graphUrl";
    /** Graph API version, e.g. {@code v26.0}. */
    public static final String CAPI_API_VERSION = "meta.capi.apiVersion";
    /** Test event code from Events Manager; test events still count, so set an expiry. */
    public static final String CAPI_TEST_EVENT_CODE = "meta.capi.testEventCode";
    /** ISO-8601 instant ({@code 2025-07-01T00:00:00Z}) or epoch milliseconds after which the test code is ignored. */
    public static final String CAPI_TEST_EVENT_CODE_EXPIRES_AT = "meta.capi.testEventCodeExpiresAt";
    /**
     * Comma list of further pixel ids that receive the same events as {@link #PIXEL_ID} (which stays the primary
     * pixel and is required). Each has its own keys, see {@link #pixelKey}: enabled, accessToken, appSecret,
     * testEventCode, testEventCodeExpiresAt; graph URL and API version are shared.
     */
    public static final String PIXELS_ADDITIONAL = "meta.pixels.additional";
    /** Per-pixel key suffix: {@code true}/{@code false}, default true. */
    public static final String PIXEL_SUFFIX_ENABLED = "enabled";
    /** Per-pixel key suffix: access token (secret). */
    public static final String PIXEL_SUFFIX_ACCESS_TOKEN = "accessToken";
    /** Per-pixel key suffix: app secret (secret). */
    public static final String PIXEL_SUFFIX_APP_SECRET = "appSecret";
    /** Per-pixel key suffix: test event code. */
    public static final String PIXEL_SUFFIX_TEST_EVENT_CODE = "testEventCode";
    /** Per-pixel key suffix: end of test mode (ISO-8601 instant or epoch milliseconds). */
    public static final String PIXEL_SUFFIX_TEST_EVENT_CODE_EXPIRES_AT = "testEventCodeExpiresAt";

    public static final String CAPI_CONNECT_TIMEOUT_MILLIS = "meta.capi.connectTimeoutMillis";
    public static final String CAPI_RESPONSE_TIMEOUT_MILLIS = "meta.capi.responseTimeoutMillis";

    /** {@code true}: send nothing until the consent cookie says granted. Default false. */
    public static final String CONSENT_REQUIRED = "meta.consent.required";
    public static final String CONSENT_COOKIE_NAME = "meta.consent.cookieName";
    public static final String CONSENT_GRANTED_VALUE = "meta.consent.grantedValue";
    /**
     * While consent is required and not given: {@code revoke} (default; Meta's base code loads with
     * {@code fbq('consent','revoke')}) or {@code strict} (nothing of Meta's loads). See {@code ConsentMode}.
     */
    public static final String CONSENT_MODE = "meta.consent.mode";

    /** Limited Data Use: {@code off}, {@code geolocate} (Meta decides) or {@code explicit} (country/state below). */
    public static final String LDU_MODE = "meta.ldu.mode";
    /** Meta's LDU country code for explicit mode: 1 = United States. */
    public static final String LDU_COUNTRY = "meta.ldu.country";
    /** Meta's LDU state code for explicit mode: 1000 = California. */
    public static final String LDU_STATE = "meta.ldu.state";

    /** Bot rules (see {@code BotFilter}); default: the built-in crawler list. */
    public static final String BOT_RULES = "meta.bot.rules";
    /** Purchase {@code value}: {@code total} (order total) or {@code subtotal}. */
    public static final String PURCHASE_VALUE = "meta.purchase.value";
    /**
     * The server-only event sent when an order whose Purchase was sent is cancelled: a custom event name
     * (default {@code OrderCancelled}), or {@code off}.
     */
    public static final String CANCELLATION_EVENT = "meta.cancellation.event";
    /** How often the store's order table is scanned for cancellations no hook saw, in seconds. */
    public static final String CANCELLATION_SCAN_SECONDS = "meta.cancellation.scanSeconds";
    /** Seconds between two runs of the Purchase sweep (orders of the last 7 days without their Purchase). */
    public static final String PURCHASE_SWEEP_SECONDS = "meta.purchase.sweepSeconds";
    /** Comma list of event names rendered in the browser. */
    public static final String EVENTS_BROWSER = "meta.events.browser";
    /** Comma list of event names sent from the server. */
    public static final String EVENTS_SERVER = "meta.events.server";

    /**
     * Google Tag Manager: {@code off} (default), {@code also} (pixel call and a {@code window.dataLayer} push per
     * event) or {@code only} (the push instead of the pixel's track call). See {@link DataLayerMode}.
     */
    public static final String GTM_DATA_LAYER = "meta.gtm.dataLayer";

    /**
     * Cache-safe mode for full-page caches: {@code false} (default) renders ids into the page; {@code true} renders
     * a static loader and event references, and the shopper's ids come from the uncacheable pixel-state endpoint.
     */
    public static final String CACHE_SAFE_MODE = "meta.cache.safeMode";

    public static final String DISPATCH_ENABLED = "meta.dispatch.enabled";
    /** Events per Graph API request, 1..1000. */
    public static final String DISPATCH_BATCH_SIZE = "meta.dispatch.batchSize";
    /** Pause between dispatch cycles when idle. */
    public static final String DISPATCH_INTERVAL_MILLIS = "meta.dispatch.intervalMillis";
    /** How long a claimed batch belongs to one node before another may take it over. */
    public static final String DISPATCH_LEASE_SECONDS = "meta.dispatch.leaseSeconds";

    /** Days delivered/parked outbox rows are kept for the delivery log. */
    public static final String OUTBOX_RETENTION_DAYS = "meta.outbox.retentionDays";
    /** IPs / CIDR ranges whose forwarding headers are believed (see {@code ClientIpResolver}). */
    public static final String REQUEST_TRUSTED_PROXIES = "meta.request.trustedProxies";
    /** ISO 3166-1 alpha-2 country of the store: national phone numbers and US state rules. */
    public static final String STORE_DEFAULT_COUNTRY = "meta.store.defaultCountry";

    /**
     * The content id of events and feed alike: {@code sku} (default), {@code product}, {@code external} or a
     * pattern such as {@code brewbeans_{skuId}} (see {@code ContentIdStrategy}).
     */
    public static final String CATALOG_CONTENT_ID = "meta.catalog.contentId";
    /** {@code true}: the storefront serves the catalog feed. Default false. */
    public static final String CATALOG_FEED_ENABLED = "meta.catalog.feed.enabled";
    /** The feed's storefront path; default {@code /meta/catalog-feed}. */
    public static final String CATALOG_FEED_PATH = "meta.catalog.feed.path";
    /** {@code csv} (default), {@code tsv} or {@code xml} (RSS); a request's {@code ?format=} overrides it. */
    public static final String CATALOG_FEED_FORMAT = "meta.catalog.feed.format";
    /** Secret the feed URL must carry as {@code ?token=} (secret). */
    public static final String CATALOG_FEED_TOKEN = "meta.catalog.feed.token";
    /** Basic-auth user name of the feed (with {@link #CATALOG_FEED_PASSWORD}). */
    public static final String CATALOG_FEED_USERNAME = "meta.catalog.feed.username";
    /** Basic-auth password of the feed (secret). */
    public static final String CATALOG_FEED_PASSWORD = "meta.catalog.feed.password";
    /** Absolute base URL of the storefront for the feed's link and image_link, e.g. {@code https://shop.example.com}. */
    public static final String CATALOG_BASE_URL = "meta.catalog.baseUrl";
    /** Brand for products without a manufacturer, e.g. the store's name. */
    public static final String CATALOG_BRAND = "meta.catalog.brand";
    /** File the feed is also written to on a schedule (blank: no file). */
    public static final String CATALOG_FEED_FILE = "meta.catalog.feed.file";
    /** Minutes between two writes of {@link #CATALOG_FEED_FILE}. */
    public static final String CATALOG_FEED_FILE_INTERVAL_MINUTES = "meta.catalog.feed.fileIntervalMinutes";

    private MetaSettingKeys() {
    }

    /**
     * The key of one additional pixel's setting: {@code pixelKey("1234567890", "accessToken")} →
     * {@code meta.pixel.1234567890.accessToken} (environment variable {@code META_PIXEL_1234567890_ACCESS_TOKEN}).
     */
    public static String pixelKey(String pixelId, String suffix) {
        return "meta.pixel." + pixelId + "." + suffix;
    }
}
