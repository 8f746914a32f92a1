package io.github.broadleafmeta.theme.render;

import com.fasterxml.jackson.core.JsonGenerator;
import io.github.broadleafmeta.core.consent.ConsentState;
import io.github.broadleafmeta.core.event.LduOptions;
import io.github.broadleafmeta.core.settings.DataLayerMode;

import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.net.URLEncoder;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Renders the Meta Pixel snippet of a page as text, without any template engine, so a Thymeleaf 2.1 processor (this
 * module's {@code meta} dialect), a Thymeleaf 3 processor or a plain servlet can share it.
 *
 * <p>{@link #renderHead(PixelPageModel)} writes one {@code <script>} with, in this order:
 * <ol>
 * <li>when consent is required (given or not), {@value #CONSENT_PAGE_GLOBAL}: the JSON state that
 * {@code meta-pixel-consent.js} ({@code window.metaPixelConsent.grant()/revoke()}) works from;</li>
 * <li>the base loader: defines {@code window.fbq} (and the {@code _fbq} alias) which pushes each call's
 * {@code arguments} onto {@code fbq.queue} until {@code fbevents.js} takes over, sets {@code fbq.loaded} and
 * {@code fbq.version = '2.0'}, and loads {@value #FBEVENTS_URL} asynchronously; a second copy on a page does
 * nothing;</li>
 * <li>{@code fbq('consent','revoke')} in {@link ConsentState#PENDING_REVOKE};</li>
 * <li>{@code fbq('dataProcessingOptions',['LDU'],country,state)} when Limited Data Use is on;</li>
 * <li>{@code fbq('init',pixelId[,advancedMatching])} per pixel, advanced matching only with consent;</li>
 * <li>{@code fbq('track'|'trackCustom',name,params,{eventID:id})} per track call, and/or (as the model's
 * {@link DataLayerMode} says) {@code window.dataLayer.push({event:'meta.'+name,eventID:id,params:params})} for
 * Google Tag Manager;</li>
 * </ol>
 * then a {@code <noscript>} PageView image per pixel (when the model asks for it and consent allows it), with the
 * Limited Data Use parameters when LDU is on. In {@link ConsentState#PENDING_STRICT} nothing of Meta's is written:
 * no loader, no image; the track calls go to a holding function ({@value #HOLD_GLOBAL}) until a grant. A model
 * without pixels renders the empty string.
 *
 * <p>Escaping: every value is JSON written by Jackson and then made script-safe ({@code <}, {@code >}, {@code &},
 * {@code /}, U+2028, U+2029 as {@code \}{@code uXXXX}); nothing is concatenated into JavaScript unencoded. The
 * script text as a whole contains no {@code <}, {@code >} or {@code &} (so it is also well-formed inside XHTML).
 * The nonce is HTML-attribute-escaped; the noscript image URL has a URL-encoded pixel id and is
 * attribute-escaped.
 *
 * <p>Stateless and thread-safe.
 */
public final class PixelSnippetRenderer {

    public static final String FBEVENTS_URL = "https://connect.facebook.net/en_US/fbevents.js";
    public static final String NOSCRIPT_URL = "https://www.facebook.com/tr";
    /** The page's consent state, read by {@code meta-pixel-consent.js} (present when consent is required). */
    public static final String CONSENT_PAGE_GLOBAL = "window.metaPixelConsentPage";
    /** Strict mode before a grant: the function that keeps the page's fbq calls for the grant. */
    static final String HOLD_GLOBAL = "window.metaPixelHold";

    private static final String NL = "\n";

    /*
     * The base loader, written for this project from the documented semantics of Meta's base code. It must stay
     * free of '<', '>' and '&'. Its last argument is the nonce (a JSON string or null) given to the loaded script.
     */
    private static final String LOADER_HEAD = "(function(w,d,src,nonce){"
            + "if(w.fbq){return;}"
            + "var q=function(){if(q.callMethod){q.callMethod.apply(q,arguments);}else{q.queue.push(arguments);}};"
            + "w.fbq=q;if(!w._fbq){w._fbq=q;}"
            + "q.push=q;q.loaded=true;q.version='2.0';q.queue=[];"
            + "var s=d.createElement('script');s.async=true;s.src=src;"
            + "if(nonce){s.setAttribute('nonce',nonce);}"
            + "var first=d.getElementsByTagName('script')[0];"
            + "if(first){if(first.parentNode){first.parentNode.insertBefore(s,first);return;}}"
            + "(d.head||d.documentElement).appendChild(s);"
            + "})(window,document,'" + FBEVENTS_URL + "',";

    /** A renderer; instances are interchangeable. */
    public PixelSnippetRenderer() {
    }

    /** The whole head snippet; empty when the model is null or has no pixels. */
    public String renderHead(PixelPageModel page) {
        if (page == null || !page.hasPixels()) {
            return "";
        }
        ConsentState consent = page.consent();
        StringBuilder sb = new StringBuilder(1024);
        openScript(sb, page.nonce());
        if (consent.isRequired()) {
            sb.append(CONSENT_PAGE_GLOBAL).append('=').append(consentPageJson(page)).append(';').append(NL);
        }
        if (!consent.loadsMetaScript()) {
            // Strict mode before a grant: no loader, no fbq. The page's calls wait in the consent page state
            // until window.metaPixelConsent.grant() (meta-pixel-consent.js) loads the pixel and replays them.
            sb.append(HOLD_GLOBAL).append("=function(){").append(CONSENT_PAGE_GLOBAL)
                    .append(".held.push(Array.prototype.slice.call(arguments));};").append(NL);
            sb.append("(function(fbq){").append(NL);
            for (TrackCall call : page.trackCalls()) {
                appendTrack(sb, call);
            }
            sb.append("})(").append(HOLD_GLOBAL).append(");").append(NL).append("</script>");
            return sb.toString();
        }
        sb.append(LOADER_HEAD).append(page.nonce() == null ? "null" : ScriptJson.string(page.nonce()))
                .append(");").append(NL);
        if (consent.rendersConsentRevoke()) {
            sb.append("fbq(\"consent\",\"revoke\");").append(NL);
        }
        LduOptions ldu = page.ldu();
        if (ldu != null && ldu.isLimitedDataUse()) {
            sb.append("fbq(\"dataProcessingOptions\",[\"LDU\"],").append(ldu.country()).append(',')
                    .append(ldu.state()).append(");").append(NL);
        }
        boolean identifying = consent.allowsIdentifyingData();
        for (PixelInit pixel : page.pixels()) {
            sb.append("fbq(\"init\",").append(ScriptJson.string(pixel.pixelId()));
            // Hashed customer data identifies the shopper as much as the raw value: only with consent.
            if (identifying && !pixel.advancedMatching().isEmpty()) {
                AdvancedMatching am = pixel.advancedMatching();
                sb.append(',').append(ScriptJson.json(g -> ScriptJson.writeAdvancedMatching(g, am)));
            }
            sb.append(");").append(NL);
        }
        for (TrackCall call : page.trackCalls()) {
            if (page.dataLayer().tracksWithPixel()) {
                appendTrack(sb, call);
            }
            if (page.dataLayer().pushesToDataLayer()) {
                appendDataLayerPush(sb, call);
            }
        }
        sb.append("</script>");
        // The image reports the visit to Meta outside fbq's consent handling: only with consent.
        if (page.noscript() && identifying) {
            for (PixelInit pixel : page.pixels()) {
                sb.append(NL).append("<noscript><img height=\"1\" width=\"1\" style=\"display:none\" src=\"")
                        .append(Html.escape(noscriptUrl(pixel.pixelId(), ldu)))
                        .append("\"/></noscript>");
            }
        }
        return sb.toString();
    }

    /**
     * The image fallback's URL: PageView for the pixel, with Meta's Limited Data Use parameters ({@code dpo},
     * {@code dpoco}, {@code dpost}) whenever LDU is on, as the pixel's {@code dataProcessingOptions} call says.
     */
    static String noscriptUrl(String pixelId, LduOptions ldu) {
        String url = NOSCRIPT_URL + "?id=" + urlEncode(pixelId) + "&ev=PageView&noscript=1";
        if (ldu != null && ldu.isLimitedDataUse()) {
            url += "&dpo=LDU&dpoco=" + ldu.country() + "&dpost=" + ldu.state();
        }
        return url;
    }

    /**
     * What {@code meta-pixel-consent.js} needs: whether consent is granted, the cookie it writes, the pixels and LDU
     * options to initialize after a strict-mode grant, the nonce for fbevents.js, and the calls held back.
     */
    private static String consentPageJson(PixelPageModel page) {
        return ScriptJson.json(g -> {
            g.writeStartObject();
            g.writeBooleanField("granted", page.consent().allowsIdentifyingData());
            g.writeStringField("cookie", page.consentCookieName());
            g.writeStringField("grantedValue", page.consentGrantedValue());
            g.writeArrayFieldStart("pixels");
            for (PixelInit pixel : page.pixels()) {
                g.writeString(pixel.pixelId());
            }
            g.writeEndArray();
            LduOptions ldu = page.ldu();
            if (ldu != null && ldu.isLimitedDataUse()) {
                g.writeObjectFieldStart("ldu");
                g.writeNumberField("country", ldu.country());
                g.writeNumberField("state", ldu.state());
                g.writeEndObject();
            } else {
                g.writeNullField("ldu");
            }
            g.writeStringField("nonce", page.nonce());
            g.writeArrayFieldStart("held");
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /**
     * Only track calls, for events rendered below the head: one {@code <script>} whose calls go to {@code fbq}
     * when it exists, to the strict-mode holding function while consent is pending, and nowhere otherwise (so a
     * page whose head snippet is missing gets no script error). Empty for no calls.
     *
     * @param nonce the CSP nonce, or null
     */
    public String renderTrackCalls(List<TrackCall> calls, String nonce) {
        return renderTrackCalls(calls, nonce, DataLayerMode.OFF);
    }

    /**
     * {@link #renderTrackCalls(List, String)}, with the dataLayer pushes {@code dataLayer} asks for (those run
     * whether or not {@code fbq} exists: a tag manager may load the pixel itself).
     */
    public String renderTrackCalls(List<TrackCall> calls, String nonce, DataLayerMode dataLayer) {
        if (calls == null || calls.isEmpty()) {
            return "";
        }
        DataLayerMode mode = dataLayer == null ? DataLayerMode.OFF : dataLayer;
        StringBuilder sb = new StringBuilder(256);
        openScript(sb, blankToNull(nonce));
        if (mode.tracksWithPixel()) {
            sb.append("(function(fbq){if(typeof fbq!=='function'){return;}").append(NL);
            for (TrackCall call : calls) {
                if (call != null) {
                    appendTrack(sb, call);
                }
            }
            sb.append("})(typeof window.fbq==='function'?window.fbq:").append(HOLD_GLOBAL).append(");").append(NL);
        }
        if (mode.pushesToDataLayer()) {
            for (TrackCall call : calls) {
                if (call != null) {
                    appendDataLayerPush(sb, call);
                }
            }
        }
        sb.append("</script>");
        return sb.toString();
    }

    /** {@link #renderTrackCalls(List, String)} for one call; empty for null. */
    public String renderTrackCall(TrackCall call, String nonce) {
        return renderTrackCall(call, nonce, DataLayerMode.OFF);
    }

    /** {@link #renderTrackCalls(List, String, DataLayerMode)} for one call; empty for null. */
    public String renderTrackCall(TrackCall call, String nonce, DataLayerMode dataLayer) {
        return call == null ? "" : renderTrackCalls(Collections.singletonList(call), nonce, dataLayer);
    }

    /**
     * The browser copy of events for an AJAX response, to be handed to {@code MetaPixelEvents.track(response)} of
     * {@code meta-pixel-events.js}:
     * <pre>{"metaEvents":[{"name":"AddToCart","custom":false,"params":{...},"eventID":"..."}]}</pre>
     * {@code custom} says whether the call is {@code trackCustom}; {@code params} has the same shape as in the
     * head snippet. The text is valid JSON and script-safe (it may also be embedded in a page). Null or empty
     * input gives {@code {"metaEvents":[]}}.
     */
    public String renderAjaxJson(List<TrackCall> calls) {
        return renderAjaxJson(calls, DataLayerMode.OFF);
    }

    /** {@link AjaxEventsJson#merge(Map, List, DataLayerMode)} without store fields. */
    public String renderAjaxJson(List<TrackCall> calls, DataLayerMode dataLayer) {
        return AjaxEventsJson.merge(null, calls, dataLayer);
    }

    /** The script-safe JSON of one call's parameters ({@code {}} when it has none). */
    public String paramsJson(final TrackCall call) {
        return ScriptJson.scriptSafe(call.paramsJson());
    }

    private void appendTrack(StringBuilder sb, final TrackCall call) {
        sb.append("fbq(").append(ScriptJson.string(call.fbqMethod())).append(',')
                .append(ScriptJson.string(call.eventName())).append(',').append(paramsJson(call)).append(',')
                .append(ScriptJson.json(new ScriptJson.Body() {
                    @Override
                    public void write(JsonGenerator g) throws IOException {
                        g.writeStartObject();
                        g.writeStringField("eventID", call.eventId());
                        g.writeEndObject();
                    }
                })).append(");").append(NL);
    }

    /** {@code (window.dataLayer=window.dataLayer||[]).push({"event":"meta.Name","eventID":..,"params":{..}});} */
    private void appendDataLayerPush(StringBuilder sb, final TrackCall call) {
        sb.append("(window.dataLayer=window.dataLayer||[]).push(").append(ScriptJson.json(g -> {
            g.writeStartObject();
            g.writeStringField("event", "meta." + call.eventName());
            g.writeStringField("eventID", call.eventId());
            g.writeFieldName("params");
            g.writeRawValue(call.paramsJson());
            g.writeEndObject();
        })).append(");").append(NL);
    }

    private static void openScript(StringBuilder sb, String nonce) {
        sb.append("<script");
        if (nonce != null) {
            sb.append(" nonce=\"").append(Html.escape(nonce)).append('"');
        }
        sb.append('>').append(NL);
    }

    private static String urlEncode(String s) {
        try {
            return URLEncoder.encode(s, "UTF-8");
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is required by every Java platform", e);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.trim().isEmpty() ? null : s.trim();
    }
}
