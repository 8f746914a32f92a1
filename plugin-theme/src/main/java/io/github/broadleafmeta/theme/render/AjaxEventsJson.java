package io.github.broadleafmeta.theme.render;

import com.fasterxml.jackson.core.JsonGenerator;
import io.github.broadleafmeta.core.runtime.PluginCpuMeter;
import io.github.broadleafmeta.core.settings.DataLayerMode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON answer of a store's AJAX call (add to cart without a page load, ...) with the Meta events the call
 * created: the store's own fields, then {@value #EVENTS_FIELD}, the array {@code MetaPixelEvents.track(response)}
 * (meta-pixel-events.js) hands to the pixel:
 * <pre>
 * String json = AjaxEventsJson.merge(Collections.singletonMap("cartCount", 3), calls);
 * // {"cartCount":3,"metaEvents":[{"name":"AddToCart","custom":false,"params":{...},"eventID":"..."}]}
 * </pre>
 * Jackson writes every field, so no store value can break the JSON, and the text is script-safe as well
 * ({@code <}, {@code >}, {@code &}, {@code /}, U+2028 and U+2029 escaped): a page may also inline it in a
 * {@code <script>} element.
 */
public final class AjaxEventsJson {

    /** The member that carries the events; a store field of this name is refused. */
    public static final String EVENTS_FIELD = "metaEvents";

    /** Writes the store's values (maps, lists, strings, numbers, booleans, null, plain beans) as Jackson does. */
    private static final ObjectMapper STORE_VALUES = new ObjectMapper();

    private AjaxEventsJson() {
    }

    /**
     * One JSON object: the members of {@code storeFields} in their iteration order, then {@value #EVENTS_FIELD}
     * with {@code calls} (null entries skipped; null means none).
     *
     * @throws IllegalArgumentException when a store field is named {@value #EVENTS_FIELD} or is null, or when
     *                                  Jackson cannot write one of the store's values
     */
    public static String merge(Map<String, ?> storeFields, List<TrackCall> calls) {
        return merge(storeFields, calls, DataLayerMode.OFF);
    }

    /**
     * {@link #merge(Map, List)} and, unless {@code dataLayer} is OFF (or null), a member {@code "dataLayer":"also"} or
     * {@code "dataLayer":"only"} after the events, which {@code meta-pixel-events.js} follows (Google Tag Manager).
     */
    public static String merge(Map<String, ?> storeFields, List<TrackCall> calls, DataLayerMode dataLayer) {
        // Store code calls this on its request thread: part of the plugin's CPU there.
        boolean metered = PluginCpuMeter.enter();
        try {
            Map<String, ?> fields = storeFields == null ? Collections.<String, Object>emptyMap() : storeFields;
            for (String name : fields.keySet()) {
                if (name == null || EVENTS_FIELD.equals(name)) {
                    throw new IllegalArgumentException("A store field of the AJAX response may not be named "
                            + name + ": the events go in '" + EVENTS_FIELD + "'");
                }
            }
            return ScriptJson.json(g -> {
                g.writeStartObject();
                for (Map.Entry<String, ?> field : fields.entrySet()) {
                    g.writeFieldName(field.getKey());
                    STORE_VALUES.writeValue(g, field.getValue());
                }
                g.writeArrayFieldStart(EVENTS_FIELD);
                writeEvents(g, calls);
                g.writeEndArray();
                if (dataLayer != null && dataLayer.pushesToDataLayer()) {
                    g.writeStringField("dataLayer", dataLayer.name().toLowerCase(Locale.ROOT));
                }
                g.writeEndObject();
            });
        } catch (UncheckedIOException e) {
            // Jackson's refusals (a value it cannot serialize) are IOExceptions, wrapped by ScriptJson.
            throw new IllegalArgumentException("Cannot write the store's fields of the AJAX response as JSON", e);
        } finally {
            PluginCpuMeter.exit(metered);
        }
    }

    static void writeEvents(JsonGenerator g, List<TrackCall> calls) throws IOException {
        if (calls == null) {
            return;
        }
        for (TrackCall call : calls) {
            if (call == null) {
                continue;
            }
            g.writeStartObject();
            g.writeStringField("name", call.eventName());
            g.writeBooleanField("custom", call.isCustom());
            g.writeFieldName("params");
            g.writeRawValue(call.paramsJson());
            g.writeStringField("eventID", call.eventId());
            g.writeEndObject();
        }
    }
}
