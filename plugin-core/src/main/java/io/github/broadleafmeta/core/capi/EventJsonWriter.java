package io.github.broadleafmeta.core.capi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.broadleafmeta.core.event.Content;
import io.github.broadleafmeta.core.event.CustomData;
import io.github.broadleafmeta.core.event.LduOptions;
import io.github.broadleafmeta.core.event.TrackingEvent;
import io.github.broadleafmeta.core.event.UserData;
import io.github.broadleafmeta.core.event.UserDataField;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Serializes events in Meta's wire format with Jackson's streaming generator: compact, deterministic key order,
 * nulls and empties omitted, decimals written plain (never {@code 1E+3}). Thread-safe and cheap: one shared
 * {@link JsonFactory}, one generator per call.
 */
public final class EventJsonWriter {

    private static final JsonFactory FACTORY = new JsonFactory();

    /** A stateless writer; instances are interchangeable. */
    public EventJsonWriter() {
    }

    /** One compact JSON object for the {@code data} array of a request. */
    public String write(TrackingEvent event) {
        if (event == null) {
            throw new IllegalArgumentException("event is required");
        }
        StringWriter out = new StringWriter(512);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("event_name", event.eventName());
            g.writeNumberField("event_time", event.eventTime());
            g.writeStringField("event_id", event.eventId());
            g.writeStringField("action_source", event.actionSource().wireName());
            stringField(g, "event_source_url", event.eventSourceUrl());
            writeUserData(g, event.userData());
            writeCustomData(g, event.customData());
            writeLdu(g, event.ldu());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize event " + event.eventId(), e);
        }
        return out.toString();
    }

    /**
     * The {@code custom_data} object alone ({@code {}} when empty): the browser copy's {@code fbq} parameters, so
     * the pixel and the server report the very same values and content ids.
     */
    public String writeCustomData(CustomData customData) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            if (customData != null && !customData.isEmpty()) {
                writeCustomDataFields(g, customData);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize custom data", e);
        }
        return out.toString();
    }

    /**
     * The body of one {@code POST /{pixel}/events}: {@code data} holds the given event objects verbatim (they were
     * serialized once, when the event entered the outbox; no re-parse), the scalars are escaped by Jackson.
     * The token travels in the body, never the URL, so it stays out of proxy and access logs.
     *
     * @param appSecretProof, partnerAgent, testEventCode optional (null = key omitted)
     */
    public byte[] requestBody(List<String> eventJsons, String accessToken, String appSecretProof, String partnerAgent,
            String testEventCode) {
        int size = 128;
        for (String json : eventJsons) {
            size += json.length() + 1;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("data");
            for (String json : eventJsons) {
                g.writeRawValue(json);
            }
            g.writeEndArray();
            stringField(g, "partner_agent", partnerAgent);
            stringField(g, "test_event_code", testEventCode);
            g.writeStringField("access_token", accessToken);
            stringField(g, "appsecret_proof", appSecretProof);
            g.writeEndObject();
        } catch (IOException e) {
            // No token in the message: it is not part of the exception either.
            throw new UncheckedIOException("cannot serialize request body", e);
        }
        return out.toByteArray();
    }

    private static void writeUserData(JsonGenerator g, UserData u) throws IOException {
        if (u == null || (u.hashed().isEmpty() && u.clientIpAddress() == null && u.clientUserAgent() == null
                && u.fbc() == null && u.fbp() == null)) {
            return;
        }
        g.writeObjectFieldStart("user_data");
        // EnumMap iteration follows the declaration order of UserDataField: deterministic.
        for (Map.Entry<UserDataField, List<String>> e : u.hashed().entrySet()) {
            g.writeArrayFieldStart(e.getKey().key());
            for (String digest : e.getValue()) {
                g.writeString(digest);
            }
            g.writeEndArray();
        }
        stringField(g, "client_ip_address", u.clientIpAddress());
        stringField(g, "client_user_agent", u.clientUserAgent());
        stringField(g, "fbc", u.fbc());
        stringField(g, "fbp", u.fbp());
        g.writeEndObject();
    }

    private static void writeCustomData(JsonGenerator g, CustomData c) throws IOException {
        if (c == null || c.isEmpty()) {
            return;
        }
        g.writeObjectFieldStart("custom_data");
        writeCustomDataFields(g, c);
        g.writeEndObject();
    }

    private static void writeCustomDataFields(JsonGenerator g, CustomData c) throws IOException {
        if (c.value() != null) {
            g.writeFieldName("value");
            plainNumber(g, c.value());
        }
        stringField(g, "currency", c.currency());
        if (!c.contentIds().isEmpty()) {
            g.writeArrayFieldStart("content_ids");
            for (String id : c.contentIds()) {
                g.writeString(id);
            }
            g.writeEndArray();
        }
        if (!c.contents().isEmpty()) {
            g.writeArrayFieldStart("contents");
            for (Content content : c.contents()) {
                g.writeStartObject();
                g.writeStringField("id", content.id());
                if (content.quantity() != null) {
                    g.writeNumberField("quantity", content.quantity());
                }
                if (content.itemPrice() != null) {
                    g.writeFieldName("item_price");
                    plainNumber(g, content.itemPrice());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        stringField(g, "content_type", c.contentType());
        stringField(g, "content_name", c.contentName());
        stringField(g, "content_category", c.contentCategory());
        if (c.numItems() != null) {
            g.writeNumberField("num_items", c.numItems());
        }
        stringField(g, "order_id", c.orderId());
        stringField(g, "search_string", c.searchString());
        for (Map.Entry<String, Object> e : c.extras().entrySet()) {
            g.writeFieldName(e.getKey());
            writeExtra(g, e.getValue());
        }
    }

    private static void writeExtra(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String) {
            g.writeString((String) v);
        } else if (v instanceof Boolean) {
            g.writeBoolean((Boolean) v);
        } else if (v instanceof BigDecimal) {
            plainNumber(g, (BigDecimal) v);
        } else if (v instanceof Number) {
            // Integral types only: CustomData turned doubles and floats into BigDecimal.
            g.writeNumber(v.toString());
        } else if (v instanceof Collection) {
            g.writeStartArray();
            for (Object item : (Collection<?>) v) {
                writeExtra(g, item);
            }
            g.writeEndArray();
        } else if (v instanceof Map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                g.writeFieldName((String) e.getKey());
                writeExtra(g, e.getValue());
            }
            g.writeEndObject();
        } else {
            throw new IllegalStateException("unsupported custom_data value type " + v.getClass().getName());
        }
    }

    private static void writeLdu(JsonGenerator g, LduOptions ldu) throws IOException {
        if (ldu == null) {
            return;
        }
        g.writeArrayFieldStart("data_processing_options");
        if (ldu.isLimitedDataUse()) {
            g.writeString("LDU");
            g.writeEndArray();
            g.writeNumberField("data_processing_options_country", ldu.country());
            g.writeNumberField("data_processing_options_state", ldu.state());
        } else {
            g.writeEndArray();
        }
    }

    /** toPlainString, not toString: Meta wants {@code 1000}, never {@code 1E+3}. */
    private static void plainNumber(JsonGenerator g, BigDecimal value) throws IOException {
        g.writeNumber(value.toPlainString());
    }

    private static void stringField(JsonGenerator g, String name, String value) throws IOException {
        if (value != null && !value.isEmpty()) {
            g.writeStringField(name, value);
        }
    }
}
