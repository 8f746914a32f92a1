package io.github.broadleafmeta.admin.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** The stored event JSON, indented for reading. The outbox holds hashed customer data only. */
final class PayloadFormatter {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PayloadFormatter() {
    }

    /** Indented JSON; the text as stored when it does not parse; empty for null. */
    static String pretty(String json) {
        if (json == null) {
            return "";
        }
        try {
            JsonNode node = MAPPER.readTree(json);
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (IOException e) {
            return json;
        }
    }
}
