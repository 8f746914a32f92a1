package io.github.broadleafmeta.theme.render;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.broadleafmeta.core.event.UserDataField;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
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
        return json(g -> g.writeString(value));
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

    static void writeAdvancedMatching(JsonGenerator g, AdvancedMatching am) throws IOException {
        g.writeStartObject();
        for (Map.Entry<UserDataField, String> e : am.digests().entrySet()) {
            g.writeStringField(e.getKey().key(), e.getValue());
        }
        g.writeEndObject();
    }
}
