package io.github.broadleafmeta.theme.render;

import com.fasterxml.jackson.core.JsonGenerator;
import io.github.broadleafmeta.core.consent.ConsentState;
import io.github.broadleafmeta.core.event.LduOptions;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/**
 * Cache-safe mode ({@code meta.cache.safeMode}): what a page that a full-page cache may store carries, and the
 * shopper's pixel state the uncacheable endpoint answers with.
 *
 * <ul>
 * <li>{@link #head}: the loader script tag ({@code meta-pixel-cache-safe.js}) with the endpoint's URL; no pixel id,
 * no event id, nothing of the shopper.</li>
 * <li>{@link #pageEvent}: a page event as a reference ({@code {"event":"ViewContent","product":"12"}}) in
 * {@code <script type="application/json" data-meta-event>}; the endpoint turns it into the event (the server
 * mints its id and records the server copy then).</li>
 * <li>{@link #pageCall}: a call of a per-shopper page (checkout, confirmation: pages a cache must not store) in
 * {@code <script type="application/json" data-meta-call>}, played by the loader after the pixel's init.</li>
 * <li>{@link #stateJson}: the endpoint's answer (see there).</li>
 * </ul>
 * Everything is JSON written by Jackson and made script-safe, or HTML-attribute-escaped. Stateless.
 */
public final class CacheSafeRenderer {

    /** The attribute of the page-event elements. */
    public static final String EVENT_ATTRIBUTE = "data-meta-event";
    /** The attribute of the per-shopper call elements. */
    public static final String CALL_ATTRIBUTE = "data-meta-call";
    /** The loader's attribute holding the endpoint URL. */
    public static final String STATE_ATTRIBUTE = "data-meta-state";

    /**
     * {@code <script src="loaderUrl" data-meta-state="stateUrl" defer></script>}: deferred, so it runs once the
     * page's event elements are parsed.
     *
     * @param nonce the CSP nonce, or null (also handed to fbevents.js by the loader)
     */
    public String head(String loaderUrl, String stateUrl, String nonce) {
        StringBuilder sb = new StringBuilder(160);
        sb.append("<script src=\"").append(Html.escape(loaderUrl)).append("\" ").append(STATE_ATTRIBUTE)
                .append("=\"").append(Html.escape(stateUrl)).append('"');
        if (nonce != null && !nonce.trim().isEmpty()) {
            sb.append(" nonce=\"").append(Html.escape(nonce.trim())).append('"');
        }
        return sb.append(" defer></script>").toString();
    }

    /** A page event reference; empty for null or empty. */
    public String pageEvent(Map<String, String> reference) {
        if (reference == null || reference.isEmpty()) {
            return "";
        }
        return "<script type=\"application/json\" " + EVENT_ATTRIBUTE + ">" + ScriptJson.json(g -> {
            g.writeStartObject();
            for (Map.Entry<String, String> field : reference.entrySet()) {
                g.writeStringField(field.getKey(), field.getValue());
            }
            g.writeEndObject();
        }) + "</script>";
    }

    /** A per-shopper call ({@code name}, {@code custom}, {@code params}, {@code eventID}); empty for null. */
    public String pageCall(TrackCall call) {
        if (call == null) {
            return "";
        }
        return "<script type=\"application/json\" " + CALL_ATTRIBUTE + ">" + ScriptJson.json(g -> {
            g.writeStartObject();
            g.writeStringField("name", call.eventName());
            g.writeBooleanField("custom", call.isCustom());
            g.writeFieldName("params");
            g.writeRawValue(call.paramsJson());
            g.writeStringField("eventID", call.eventId());
            g.writeEndObject();
        }) + "</script>";
    }

    /**
     * The shopper's pixel state, for {@code meta-pixel-cache-safe.js}:
     * <pre>{"consent":"pending_revoke","loadScript":true,"revoke":true,
     *  "consentPage":{"granted":false,"cookie":..,"grantedValue":..,"pixels":[..],"ldu":..,"held":[]},
     *  "pixels":[{"id":"123","advancedMatching":{"em":"..."}}],"ldu":{"country":1,"state":1000},
     *  "dataLayer":"off","metaEvents":[{"name":"PageView","custom":false,"params":{},"eventID":".."}]}</pre>
     * {@code consentPage} only when consent is required; {@code advancedMatching} only when consent allows
     * identifying data (hashed values); {@code ldu} null when Limited Data Use is off. {@code metaEvents} in the
     * model's order (PageView, pending events, the page's own events). A null model gives the state of a page
     * without pixels ({@code "pixels":[]}), which the loader ignores.
     */
    public String stateJson(PixelPageModel model) {
        PixelPageModel page = model == null ? PixelPageModel.empty() : model;
        ConsentState consent = page.consent();
        boolean identifying = consent.allowsIdentifyingData();
        return ScriptJson.json(g -> {
            g.writeStartObject();
            g.writeStringField("consent", consent.name().toLowerCase(Locale.ROOT));
            g.writeBooleanField("loadScript", consent.loadsMetaScript());
            g.writeBooleanField("revoke", consent.rendersConsentRevoke());
            if (consent.isRequired()) {
                g.writeObjectFieldStart("consentPage");
                g.writeBooleanField("granted", identifying);
                g.writeStringField("cookie", page.consentCookieName());
                g.writeStringField("grantedValue", page.consentGrantedValue());
                g.writeArrayFieldStart("pixels");
                for (PixelInit pixel : page.pixels()) {
                    g.writeString(pixel.pixelId());
                }
                g.writeEndArray();
                writeLdu(g, page.ldu());
                g.writeArrayFieldStart("held");
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeArrayFieldStart("pixels");
            for (PixelInit pixel : page.pixels()) {
                g.writeStartObject();
                g.writeStringField("id", pixel.pixelId());
                // Hashed customer data identifies the shopper as much as the raw value: only with consent.
                if (identifying && !pixel.advancedMatching().isEmpty()) {
                    g.writeFieldName("advancedMatching");
                    ScriptJson.writeAdvancedMatching(g, pixel.advancedMatching());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            writeLdu(g, page.ldu());
            g.writeStringField("dataLayer", page.dataLayer().name().toLowerCase(Locale.ROOT));
            g.writeArrayFieldStart(AjaxEventsJson.EVENTS_FIELD);
            AjaxEventsJson.writeEvents(g, page.trackCalls());
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private static void writeLdu(JsonGenerator g, LduOptions ldu) throws IOException {
        if (ldu != null && ldu.isLimitedDataUse()) {
            g.writeObjectFieldStart("ldu");
            g.writeNumberField("country", ldu.country());
            g.writeNumberField("state", ldu.state());
            g.writeEndObject();
        } else {
            g.writeNullField("ldu");
        }
    }
}
