package io.github.broadleafmeta.admin.settings;

import static io.github.broadleafmeta.core.settings.MetaSettingKeys.*;

import io.github.broadleafmeta.admin.settings.SettingsField.Kind;
import io.github.broadleafmeta.core.settings.SettingsResolver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The settings screen's layout: groups of {@link SettingsField}s in display order. Every key the
 * {@link SettingsResolver} knows appears exactly once; keys without a dedicated group land in "Advanced", except the
 * {@linkplain SettingsResolver#isEnvironmentOnly environment-only} keys, which have no input at all (the page shows
 * their effective value read-only).
 */
public final class SettingsCatalog {

    /** Meta's standard events the storefront adapter can emit, in funnel order. */
    public static final List<String> STANDARD_EVENTS = Collections.unmodifiableList(Arrays.asList("PageView",
            "ViewContent", "Search", "AddToCart", "AddToWishlist", "InitiateCheckout", "AddPaymentInfo", "Purchase",
            "Lead", "CompleteRegistration"));

    /** Stored when every event of a list is unchecked (a blank value would mean "inherit the default"). */
    public static final String NO_EVENTS = "none";

    private static final Map<String, List<SettingsField>> GROUPS = build();

    private SettingsCatalog() {
    }

    private static Map<String, List<SettingsField>> build() {
        Map<String, List<SettingsField>> g = new LinkedHashMap<String, List<SettingsField>>();
        g.put("Pixel", Arrays.asList(
                SettingsField.choice(PIXEL_ENABLED, "Tracking",
                        "Master switch for browser and server events.", "true", "On", "false", "Off"),
                SettingsField.of(PIXEL_ID, "Pixel ID",
                        "Events Manager > Data sources > your pixel: the number under its name (digits only).",
                        Kind.TEXT),
                SettingsField.of(PIXELS_ADDITIONAL, "Additional pixels",
                        "Further pixels that receive the same events, each with its own access token. Add or "
                                + "remove them below; graph API version and events are shared.",
                        Kind.PIXELS)));
        g.put("Conversions API", Arrays.asList(
                SettingsField.of(CAPI_ACCESS_TOKEN, "Access token",
                        "Events Manager > Settings > Conversions API > Generate access token. Never shown again "
                                + "after saving. Without it server events are recorded but not sent (dry run).",
                        Kind.SECRET),
                SettingsField.of(CAPI_APP_SECRET, "App secret",
                        "Optional: only when your app requires appsecret_proof. Never shown again after saving.",
                        Kind.SECRET),
                SettingsField.of(CAPI_API_VERSION, "Graph API version", "For example "
                        + SettingsResolver.DEFAULT_API_VERSION + ".", Kind.TEXT),
                SettingsField.of(CAPI_TEST_EVENT_CODE, "Test event code",
                        "Events Manager > Test events. While set, server events appear in the Test events tab.",
                        Kind.TEXT),
                SettingsField.of(CAPI_TEST_EVENT_CODE_EXPIRES_AT, "Test mode ends at",
                        "Required with a test event code (UTC, e.g. 2025-07-01T18:00:00Z or 2025-07-01 18:00); "
                                + "test mode turns itself off then. At most 31 days ahead.",
                        Kind.INSTANT)));
        g.put("Events", Arrays.asList(
                SettingsField.of(EVENTS_BROWSER, "Sent by the browser (Pixel)", null, Kind.EVENTS),
                SettingsField.of(EVENTS_SERVER, "Sent by the server (Conversions API)", null, Kind.EVENTS),
                SettingsField.choice(PURCHASE_VALUE, "Purchase value", "The amount Purchase events report.",
                        "total", "Order total (with tax and shipping)", "subtotal", "Subtotal (items only)"),
                SettingsField.choice(GTM_DATA_LAYER, "Google Tag Manager",
                        "Push each browser event to window.dataLayer as {event: 'meta.<Name>', eventID, params}, "
                                + "so a GTM tag can send it with the same event id as the server copy.",
                        "off", "Off", "also", "Pixel call and dataLayer push",
                        "only", "dataLayer push instead of the pixel's track call"),
                SettingsField.choice(CACHE_SAFE_MODE, "Full-page cache",
                        "Cache-safe: pages hold no shopper data or event ids (a full-page cache may store them); "
                                + "the pixel asks /meta/pixel-state, which must never be cached.",
                        "false", "Off: ids rendered into each page", "true", "Cache-safe"),
                SettingsField.of(CANCELLATION_EVENT, "Cancelled order event",
                        "Custom event sent from the server when an order whose Purchase Meta accepted is cancelled "
                                + "(value, currency, order_id, original_event_id). Meta does not subtract it from "
                                + "reported revenue; use it for audiences and exclusions. off: never sent.",
                        Kind.TEXT),
                SettingsField.of(CANCELLATION_SCAN_SECONDS, "Cancelled order scan (seconds)",
                        "How often the order table is checked for cancellations made outside the storefront "
                                + "(admin, database), 1..86400.", Kind.TEXT),
                SettingsField.of(PURCHASE_SWEEP_SECONDS, "Purchase sweep (seconds)",
                        "How often the last 7 days' submitted orders are checked for a missing Purchase, which is "
                                + "then rebuilt from the order, 1..86400.", Kind.TEXT)));
        g.put("Consent and Limited Data Use", Arrays.asList(
                SettingsField.choice(CONSENT_REQUIRED, "Consent",
                        "When required, nothing is rendered or sent until the consent cookie says granted.",
                        "false", "Not required", "true", "Required"),
                SettingsField.of(CONSENT_COOKIE_NAME, "Consent cookie name", null, Kind.TEXT),
                SettingsField.of(CONSENT_GRANTED_VALUE, "Consent granted value", null, Kind.TEXT),
                SettingsField.choice(CONSENT_MODE, "Before consent is given",
                        "Either way the server sends nothing and the page prints no customer data or image until "
                                + "the shopper grants consent (window.metaPixelConsent.grant()).",
                        "revoke", "Load Meta's code, told to hold every event (fbq consent revoke)",
                        "strict", "Load nothing of Meta's"),
                SettingsField.choice(LDU_MODE, "Limited Data Use", null, "off", "Off",
                        "geolocate", "On, Meta geolocates the shopper", "explicit", "On, for the country and state below"),
                SettingsField.of(LDU_COUNTRY, "LDU country code", "Meta's code: 1 = United States.", Kind.TEXT),
                SettingsField.of(LDU_STATE, "LDU state code", "Meta's code: 1000 = California.", Kind.TEXT)));
        g.put("Catalog ads", Arrays.asList(
                SettingsField.of(CATALOG_CONTENT_ID, "Content id",
                        "The id events report for a product: sku (default), product, external (the product's "
                                + "model / part number) or a pattern such as brewbeans_{skuId}. Catalog ads only "
                                + "work when these ids match the ids of your Meta catalog: use this plugin's feed, "
                                + "or make your own feed use the same ids. Events already recorded keep their ids.",
                        Kind.TEXT),
                SettingsField.choice(CATALOG_FEED_ENABLED, "Catalog feed",
                        "Serves your products to Meta's scheduled feed fetch at the path below.",
                        "false", "Off", "true", "On"),
                SettingsField.of(CATALOG_FEED_PATH, "Feed path", "On the storefront, e.g. /meta/catalog-feed.",
                        Kind.TEXT),
                SettingsField.choice(CATALOG_FEED_FORMAT, "Feed format", "A fetch may ask for another with ?format=.",
                        "csv", "CSV", "tsv", "TSV", "xml", "RSS XML"),
                SettingsField.of(CATALOG_FEED_TOKEN, "Feed token",
                        "Meta fetches <feed path>?token=<this value>. 16 characters at least. Never shown again.",
                        Kind.SECRET),
                SettingsField.of(CATALOG_FEED_USERNAME, "Feed user name (basic auth)", null, Kind.TEXT),
                SettingsField.of(CATALOG_FEED_PASSWORD, "Feed password (basic auth)",
                        "12 characters at least. Never shown again.", Kind.SECRET),
                SettingsField.of(CATALOG_BASE_URL, "Storefront base URL",
                        "Makes product and image links absolute, e.g. https://shop.example.com.", Kind.TEXT),
                SettingsField.of(CATALOG_BRAND, "Brand", "For products without a manufacturer: usually the store's name.",
                        Kind.TEXT),
                SettingsField.of(CATALOG_FEED_FILE_INTERVAL_MINUTES, "Feed file every (minutes)",
                        "Only with a feed file path, which is set in the environment (META_CATALOG_FEED_FILE).",
                        Kind.TEXT)));
        g.put("Bots and retention", Arrays.asList(
                SettingsField.of(BOT_RULES, "Bot user-agent rules",
                        "Substrings (comma or line separated, case-insensitive) or lines starting with regex:. "
                                + "Requests from matching user agents are not tracked.",
                        Kind.TEXTAREA),
                SettingsField.of(OUTBOX_RETENTION_DAYS, "Keep the delivery log for (days)",
                        "Finished events (sent, rejected, expired, ...), with the IP address, browser and hashed "
                                + "customer data they hold, are deleted this many days after they were recorded. "
                                + "See Privacy.", Kind.TEXT)));
        g.put("Meta quality", Arrays.asList(
                SettingsField.of(QUALITY_READ_INTERVAL_HOURS, "Read Meta's quality figures every (hours)",
                        "Event match quality, coverage, deduplication and freshness from Meta's Dataset Quality "
                                + "API, and the access token's expiry, per pixel. \"Read now\" on the Meta quality "
                                + "tab reads at once.", Kind.TEXT),
                SettingsField.of(QUALITY_TOKEN_WARN_DAYS, "Warn before the token expires (days)",
                        "The Meta quality tab warns this many days before an access token expires.", Kind.TEXT)));

        g.put("Alerts and health", Arrays.asList(
                SettingsField.choice(ALERT_ENABLED, "Alerts",
                        "Incidents are always written to the log; e-mail and webhook below when set. One message "
                                + "when an incident starts and one when it ends, from one store node.",
                        "true", "On", "false", "Off"),
                SettingsField.of(ALERT_EMAIL_TO, "E-mail alerts to",
                        "Comma-separated addresses, sent through the store's Broadleaf mail server (blMailSender).",
                        Kind.TEXT),
                SettingsField.of(ALERT_EMAIL_FROM, "E-mail sender", null, Kind.TEXT),
                SettingsField.of(ALERT_WEBHOOK_URL, "Webhook URL",
                        "Receives each alert as a JSON POST with a Slack-compatible text field. Alerts hold no "
                                + "token and no customer data; the URL itself may hold the key to your channel, "
                                + "so it is kept like a secret and never shown again.", Kind.SECRET),
                SettingsField.of(ALERT_CIRCUIT_OPEN_MINUTES, "Circuit open longer than (minutes)",
                        "Meta's Graph API keeps failing for a pixel. A number, or off.", Kind.TEXT),
                SettingsField.choice(ALERT_CREDENTIALS_HELD, "Events held for credentials",
                        "Meta refused a pixel's access token.", "true", "Alert", "false", "Off"),
                SettingsField.of(ALERT_BACKLOG_MINUTES, "Oldest waiting event older than (minutes)",
                        "Also the health endpoint's backlog limit. A number, or off.", Kind.TEXT),
                SettingsField.of(ALERT_PURCHASE_SHARE_PERCENT, "Order-to-Purchase share below (%)",
                        "Over the last day. A number, or off.", Kind.TEXT),
                SettingsField.of(ALERT_REJECTION_PERCENT, "Rejection rate above (%)",
                        "Over the last hour, once it holds the minimum below. A number, or off.", Kind.TEXT),
                SettingsField.of(ALERT_REJECTION_MIN_EVENTS, "Rejection rate: minimum events in the hour", null,
                        Kind.TEXT),
                SettingsField.of(ALERT_MATCH_QUALITY_DROP, "Purchase match quality falls by (points)",
                        "Against Meta's previous reading (0-10 scale). A number, or off.", Kind.TEXT),
                SettingsField.of(ALERT_TOKEN_EXPIRY_DAYS, "Access token expires within (days)",
                        "A number, or off.", Kind.TEXT),
                SettingsField.of(ALERT_CLEAR_MINUTES, "Recovered after (minutes)",
                        "A condition must stay clear this long before the recovery message: a flapping condition "
                                + "sends no storm. 0..1440.", Kind.TEXT),
                SettingsField.of(ALERT_INTERVAL_SECONDS, "Check every (seconds)", "5..3600.", Kind.TEXT),
                SettingsField.choice(HEALTH_ENABLED, "Health endpoint",
                        "JSON status (UP or DEGRADED, with reasons) for monitors; no secrets, no customer data.",
                        "true", "On", "false", "Off"),
                SettingsField.of(HEALTH_PATH, "Health endpoint path", "On the storefront, e.g. /meta/health.",
                        Kind.TEXT),
                SettingsField.choice(HEALTH_DEGRADED_STATUS, "HTTP status when DEGRADED",
                        "200 keeps load balancers from taking every node out for a Meta outage; 503 for monitors "
                                + "that read only the status code (never point a load balancer's node check at it "
                                + "then).", "200", "200 OK", "503", "503 Service Unavailable")));

        Set<String> placed = new LinkedHashSet<String>();
        for (List<SettingsField> fields : g.values()) {
            for (SettingsField f : fields) {
                placed.add(f.key());
            }
        }
        List<SettingsField> advanced = new ArrayList<SettingsField>();
        for (String key : SettingsResolver.keys()) {
            if (!placed.contains(key) && !SettingsResolver.isEnvironmentOnly(key)) {
                advanced.add(SettingsField.of(key, key, null, Kind.TEXT));
            }
        }
        g.put("Advanced", advanced);
        Map<String, List<SettingsField>> out = new LinkedHashMap<String, List<SettingsField>>();
        for (Map.Entry<String, List<SettingsField>> e : g.entrySet()) {
            out.put(e.getKey(), Collections.unmodifiableList(new ArrayList<SettingsField>(e.getValue())));
        }
        return Collections.unmodifiableMap(out);
    }

    /** The fields of one additional pixel (keys {@code meta.pixel.<id>.*}), in display order. */
    public static List<SettingsField> pixelFields(String pixelId) {
        return Collections.unmodifiableList(Arrays.asList(
                SettingsField.choice(pixelKey(pixelId, PIXEL_SUFFIX_ENABLED), "Tracking",
                        "Off: this pixel gets no new events (the master switch above turns every pixel off).",
                        "true", "On", "false", "Off"),
                SettingsField.of(pixelKey(pixelId, PIXEL_SUFFIX_ACCESS_TOKEN), "Access token",
                        "This pixel's Conversions API token. Never shown again after saving.", Kind.SECRET),
                SettingsField.of(pixelKey(pixelId, PIXEL_SUFFIX_APP_SECRET), "App secret",
                        "Optional (appsecret_proof). Never shown again after saving.", Kind.SECRET),
                SettingsField.of(pixelKey(pixelId, PIXEL_SUFFIX_TEST_EVENT_CODE), "Test event code",
                        "Events Manager > Test events for this pixel.", Kind.TEXT),
                SettingsField.of(pixelKey(pixelId, PIXEL_SUFFIX_TEST_EVENT_CODE_EXPIRES_AT), "Test mode ends at",
                        "Required with a test event code (UTC); at most 31 days ahead.", Kind.INSTANT)));
    }

    /** The keys only the environment sets, in display order: shown read-only, never editable here. */
    public static List<String> environmentOnlyKeys() {
        List<String> keys = new ArrayList<String>();
        for (String key : SettingsResolver.keys()) {
            if (SettingsResolver.isEnvironmentOnly(key)) {
                keys.add(key);
            }
        }
        return Collections.unmodifiableList(keys);
    }

    /** Group title → fields, in display order. */
    public static Map<String, List<SettingsField>> groups() {
        return GROUPS;
    }

    /** Every field, in display order. */
    public static List<SettingsField> fields() {
        List<SettingsField> all = new ArrayList<SettingsField>();
        for (List<SettingsField> fields : GROUPS.values()) {
            all.addAll(fields);
        }
        return all;
    }

    /** The field for {@code key}, or null. */
    public static SettingsField field(String key) {
        for (SettingsField f : fields()) {
            if (f.key().equals(key)) {
                return f;
            }
        }
        return null;
    }
}
