package io.github.broadleafmeta.core.tracking;

import io.github.broadleafmeta.core.event.EventTimes;
import io.github.broadleafmeta.core.settings.MetaSettings;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the server copy of a Purchase needs from the shopper's checkout request, kept with the order itself (in the
 * checkout's own transaction) so the Purchase can be rebuilt from the order when the live write never happened.
 * Storefront-neutral: a name-to-text map that a storefront stores as order attributes.
 *
 * <p>Every value fits {@link #MAX_VALUE_LENGTH} characters (Broadleaf's attribute value column): a longer user agent
 * is cut to that length (browsers' user agents are far shorter; the cut keeps the leading product tokens Meta
 * matches on), a longer page URL is reduced to its origin.
 */
public final class OrderRequestFields {

    public static final String CLIENT_IP = "meta_client_ip";
    public static final String USER_AGENT = "meta_user_agent";
    public static final String FBP = "meta_fbp";
    public static final String FBC = "meta_fbc";
    /** {@code granted}, {@code denied} or {@code not_required}. */
    public static final String CONSENT = "meta_consent";
    /** {@code true} or {@code false}: whether Limited Data Use applied. */
    public static final String LDU = "meta_ldu";
    /** {@code true} or {@code false}: the bot rules' verdict on the user agent. */
    public static final String BOT = "meta_bot";
    /** The Purchase's event time, epoch seconds. */
    public static final String EVENT_TIME = "meta_event_time";
    /** The checkout page's URL (Meta requires one for a website event), cleaned like every source URL. */
    public static final String SOURCE_URL = "meta_source_url";

    public static final String CONSENT_GRANTED = "granted";
    public static final String CONSENT_DENIED = "denied";
    public static final String CONSENT_NOT_REQUIRED = "not_required";

    /** Broadleaf 3.1's {@code BLC_ORDER_ATTRIBUTE.VALUE} is a VARCHAR(255). */
    public static final int MAX_VALUE_LENGTH = 255;

    /** The raw request values: what erasure and retention remove (the rest says nothing about the shopper). */
    public static final String[] RAW_REQUEST_VALUES = {CLIENT_IP, USER_AGENT, FBP, FBC, SOURCE_URL};

    private final Map<String, String> values;

    private OrderRequestFields(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /** The fields of a checkout request at {@code eventTime}, under the settings in force. */
    public static OrderRequestFields of(ShopperRequest request, MetaSettings settings, Instant eventTime) {
        Map<String, String> v = new LinkedHashMap<String, String>();
        put(v, CLIENT_IP, request.clientIp());
        put(v, USER_AGENT, request.userAgent());
        put(v, FBP, request.fbp());
        put(v, FBC, request.fbc());
        put(v, SOURCE_URL, sourceUrl(request.sourceUrl()));
        v.put(CONSENT, !settings.consentRequired() ? CONSENT_NOT_REQUIRED
                : request.consentGranted() ? CONSENT_GRANTED : CONSENT_DENIED);
        v.put(LDU, String.valueOf(settings.lduOptions() != null));
        v.put(BOT, String.valueOf(request.userAgent() != null && settings.botFilter().isBot(request.userAgent())));
        v.put(EVENT_TIME, String.valueOf(EventTimes.seconds(eventTime)));
        return new OrderRequestFields(v);
    }

    /** Fields read back from an order's attributes (unknown names are ignored). */
    public static OrderRequestFields from(Map<String, String> attributes) {
        Map<String, String> v = new LinkedHashMap<String, String>();
        for (String name : new String[] {CLIENT_IP, USER_AGENT, FBP, FBC, SOURCE_URL, CONSENT, LDU, BOT, EVENT_TIME}) {
            String value = attributes.get(name);
            if (value != null && !value.isEmpty()) {
                v.put(name, value);
            }
        }
        return new OrderRequestFields(v);
    }

    /** Name to value, in a stable order, every value at most {@link #MAX_VALUE_LENGTH} characters. */
    public Map<String, String> values() {
        return values;
    }

    /** The Purchase's original time, or null when the order carries none (placed before the plugin stored it). */
    public Instant eventTime() {
        String t = values.get(EVENT_TIME);
        if (t == null) {
            return null;
        }
        try {
            return Instant.ofEpochSecond(Long.parseLong(t));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** True unless the shopper refused consent the store required (or the stored state is unreadable). */
    public boolean consentGranted() {
        String c = values.get(CONSENT);
        return CONSENT_GRANTED.equals(c) || CONSENT_NOT_REQUIRED.equals(c);
    }

    public boolean bot() {
        return "true".equals(values.get(BOT));
    }

    public boolean lduApplied() {
        return "true".equals(values.get(LDU));
    }

    /** The request as it was at checkout, for the same mapping as the live Purchase. */
    public ShopperRequest request() {
        return new ShopperRequest(values.get(CLIENT_IP), values.get(USER_AGENT), values.get(FBP), values.get(FBC),
                values.get(SOURCE_URL), consentGranted());
    }

    private static void put(Map<String, String> v, String name, String value) {
        if (value != null && !value.isEmpty()) {
            v.put(name, value.length() > MAX_VALUE_LENGTH ? value.substring(0, MAX_VALUE_LENGTH) : value);
        }
    }

    /** A URL longer than the column keeps only its origin: a cut URL could name another page. */
    static String sourceUrl(String url) {
        if (url == null || url.length() <= MAX_VALUE_LENGTH) {
            return url;
        }
        int slash = url.indexOf('/', url.indexOf("://") + 3);
        String origin = slash < 0 ? url : url.substring(0, slash + 1);
        return origin.length() <= MAX_VALUE_LENGTH ? origin : null;
    }

    @Override
    public String toString() {
        // Names only: the values are customer data.
        return "OrderRequestFields" + values.keySet();
    }
}
