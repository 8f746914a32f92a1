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
    /** Hours between two reads of Meta's Dataset Quality API and the token's health, per pixel. */
    public static final String QUALITY_READ_INTERVAL_HOURS = "meta.quality.readIntervalHours";
    /** Days before the access token's expiry from which the admin warns. */
    public static final String QUALITY_TOKEN_WARN_DAYS = "meta.quality.tokenWarnDays";

    /** {@code true} (default): alert rules are evaluated and incidents reported (log, e-mail, webhook). */
    public static final String ALERT_ENABLED = "meta.alert.enabled";
    /** Seconds between two evaluations of the alert rules, 5..3600 (default 60). */
    public static final String ALERT_INTERVAL_SECONDS = "meta.alert.intervalSeconds";
    /** Minutes a condition must stay clear before its incident ends (hysteresis), 0..1440 (default 5). */
    public static final String ALERT_CLEAR_MINUTES = "meta.alert.clearMinutes";
    /** Alert when a pixel's circuit is open longer than this many minutes (default 10), or {@code off}. */
    public static final String ALERT_CIRCUIT_OPEN_MINUTES = "meta.alert.circuitOpenMinutes";
    /** {@code true} (default): alert while a pixel's events are held because Meta refused its credentials. */
    public static final String ALERT_CREDENTIALS_HELD = "meta.alert.credentialsHeld";
    /** Alert when the oldest waiting event is older than this many minutes (default 30), or {@code off}. */
    public static final String ALERT_BACKLOG_MINUTES = "meta.alert.backlogMinutes";
    /** Alert when the order-to-Purchase share of the last day falls below this percentage (default 90), or {@code off}. */
    public static final String ALERT_PURCHASE_SHARE_PERCENT = "meta.alert.purchaseSharePercent";
    /** Alert when more than this percentage of the last hour's events is rejected (default 5), or {@code off}. */
    public static final String ALERT_REJECTION_PERCENT = "meta.alert.rejectionPercent";
    /** Events the last hour must hold before the rejection rate is judged (default 20). */
    public static final String ALERT_REJECTION_MIN_EVENTS = "meta.alert.rejectionMinEvents";
    /** Alert when Meta's Purchase match quality falls by at least this many points (default 1), or {@code off}. */
    public static final String ALERT_MATCH_QUALITY_DROP = "meta.alert.matchQualityDrop";
    /** Alert when the access token expires within this many days (default 14), or {@code off}. */
    public static final String ALERT_TOKEN_EXPIRY_DAYS = "meta.alert.tokenExpiryDays";
    /** Comma list of e-mail addresses that receive alerts (through the store's Broadleaf mail sender). */
    public static final String ALERT_EMAIL_TO = "meta.alert.emailTo";
    /** Sender address of alert e-mails. */
    public static final String ALERT_EMAIL_FROM = "meta.alert.emailFrom";
    /**
     * Webhook that receives each alert as a JSON POST with a Slack-compatible {@code text} field (secret: Slack and
     * similar services put the key to post into the URL itself).
     */
    public static final String ALERT_WEBHOOK_URL = "meta.alert.webhookUrl";
    /** {@code true} (default): the storefront serves the health endpoint. */
    public static final String HEALTH_ENABLED = "meta.health.enabled";
    /** The health endpoint's storefront path; default {@code /meta/health}. */
    public static final String HEALTH_PATH = "meta.health.path";
    /** HTTP status of a DEGRADED answer: {@code 200} (default; see the README) or {@code 503}. */
    public static final String HEALTH_DEGRADED_STATUS = "meta.health.degradedStatus";

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
