package io.github.broadleafmeta.theme.render;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.broadleafmeta.core.event.Content;
import io.github.broadleafmeta.core.event.CustomData;
import io.github.broadleafmeta.core.event.UserDataField;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;

/**
 * JSON for the pixel snippet, made safe to place inside an HTML {@code <script>} element: Jackson writes the JSON,
 * then {@link #scriptSafe(String)} replaces {@code <}, {@code >}, {@code &}, {@code /}, U+2028 and U+2029 with
 * {@code \}{@code uXXXX} escapes. In JSON text those characters can only occur inside string literals, and never
 * as part of an escape sequence Jackson writes, so the replacement keeps the JSON valid and its values unchanged,
 * while no {@code </script>}, {@code <!--} or JavaScript line terminator can appear in the output.
 */
final class ScriptJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private ScriptJson() {
    }

    interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    /** Runs {@code body} on a fresh generator and returns its script-safe text. */
    static String json(Body body) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write pixel JSON", e);
        }
        return scriptSafe(out.toString());
    }

    /** A JSON string literal, script-safe. */
    static String string(final String value) {
        return json(new Body() {
            @Override
            public void write(JsonGenerator g) throws IOException {
                g.writeString(value);
            }
        });
    }

    static String scriptSafe(String json) {
        StringBuilder sb = null;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            String esc;
            switch (c) {
                case '<':
                    esc = "\\u003c";
                    break;
                case '>':
                    esc = "\\u003e";
                    break;
                case '&':
                    esc = "\\u0026";
                    break;
                case '/':
                    esc = "\\u002f";
                    break;
                case '\u2028':
                    esc = "\\u2028";
                    break;
                case '\u2029':
                    esc = "\\u2029";
                    break;
                default:
                    esc = null;
            }
            if (esc != null) {
                if (sb == null) {
                    sb = new StringBuilder(json.length() + 16).append(json, 0, i);
                }
                sb.append(esc);
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? json : sb.toString();
    }

    /**
     * The pixel parameters of one event: the same keys, order and value formats as the Conversions API
     * {@code custom_data} written by {@code io.github.broadleafmeta.core.capi.EventJsonWriter} (nulls and empty
     * strings omitted, money as plain decimals), except that an empty {@link CustomData} is written as {@code {}}.
     */
    static void writeParams(JsonGenerator g, CustomData c) throws IOException {
        g.writeStartObject();
        if (c != null) {
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
        g.writeEndObject();
    }

    static void writeAdvancedMatching(JsonGenerator g, AdvancedMatching am) throws IOException {
        g.writeStartObject();
        for (Map.Entry<UserDataField, String> e : am.digests().entrySet()) {
            g.writeStringField(e.getKey().key(), e.getValue());
        }
        g.writeEndObject();
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
            // CustomData keeps only integral Number types besides BigDecimal (doubles became BigDecimal).
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
            throw new IllegalStateException("unsupported parameter type " + v.getClass().getName());
        }
    }

    /** {@code 1000}, never {@code 1E+3}. */
    private static void plainNumber(JsonGenerator g, BigDecimal value) throws IOException {
        g.writeNumber(value.toPlainString());
    }

    private static void stringField(JsonGenerator g, String name, String value) throws IOException {
        if (value != null && !value.isEmpty()) {
            g.writeStringField(name, value);
        }
    }
}
