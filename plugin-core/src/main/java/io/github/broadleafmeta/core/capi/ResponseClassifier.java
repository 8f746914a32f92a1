package io.github.broadleafmeta.core.capi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns one Graph API response into a {@link SendResult}; pure and stateless. The rules (META-CAPI-NOTES.md,
 * "Responses and retry"), first match wins:
 * <ol>
 * <li>2xx with integer {@code events_received} &ge; events sent: DELIVERED; fewer: RETRY {@code partial_receipt}
 * (resending is harmless, Meta deduplicates on event_id); no usable count: RETRY {@code invalid_response}.</li>
 * <li>Meta error object: codes 4, 17, 32, 613, 80000-80014 or HTTP 429: RATE_LIMITED; 368 (temporarily blocked):
 * RATE_LIMITED, code kept visible for an alert; 190, 102, 10, 200-299: CREDENTIALS; {@code is_transient} or
 * codes 1, 2, 341: RETRY; HTTP 5xx: RETRY; HTTP 401/403: CREDENTIALS; any other coded error (100 ...): REJECTED.</li>
 * <li>No Meta error object (proxy page, garbage, empty): 429 RATE_LIMITED, 5xx RETRY, 401/403 CREDENTIALS,
 * anything else RETRY {@code invalid_response}: a proxy's HTML is not Meta refusing our payload.</li>
 * </ol>
 */
public final class ResponseClassifier {

    /** Header Meta sets on every Graph API response; used when the body has no fbtrace_id. */
    public static final String FBTRACE_HEADER = "x-fb-trace-id";
    /** A server hint beyond this is capped: the outbox re-reads the situation at least daily. */
    public static final long MAX_RETRY_AFTER_MILLIS = 24L * 60 * 60 * 1000;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern DIGITS = Pattern.compile("\\d{1,12}");
    private static final Pattern INT = Pattern.compile("-?\\d{1,9}");
    private static final int MAX_TEXT = 1000;

    private ResponseClassifier() {
    }

    /** {@link #classify(int, String, String, String, int, Clock)} with no trace header and the system clock. */
    public static SendResult classify(int httpStatus, String body, String retryAfterHeader, int eventsSent) {
        return classify(httpStatus, body, retryAfterHeader, null, eventsSent, Clock.systemUTC());
    }

    /**
     * @param body             the response body decoded as UTF-8; null or empty when there was none
     * @param retryAfterHeader the raw {@code Retry-After} header, or null
     * @param fbtraceHeader    the {@code x-fb-trace-id} header, or null
     * @param eventsSent       how many events the request carried
     * @param clock            "now" for an HTTP-date Retry-After
     */
    public static SendResult classify(int httpStatus, String body, String retryAfterHeader, String fbtraceHeader,
            int eventsSent, Clock clock) {
        Long retryAfter = parseRetryAfter(retryAfterHeader, clock);
        JsonNode root = parse(body);
        JsonNode errorNode = root == null ? null : root.get("error");
        boolean success = httpStatus >= 200 && httpStatus < 300;

        if (success && (errorNode == null || !errorNode.isObject())) {
            String trace = firstNonEmpty(root == null ? null : text(root.get("fbtrace_id")), fbtraceHeader);
            JsonNode received = root == null ? null : root.get("events_received");
            if (received == null || !received.isIntegralNumber() || !received.canConvertToInt()) {
                return SendResult.failed(DeliveryOutcome.RETRY, httpStatus, GraphError.local("invalid_response",
                        "HTTP " + httpStatus + " without an events_received count" + describe(body)), trace,
                        retryAfter);
            }
            int count = received.intValue();
            if (count < eventsSent) {
                return SendResult.failed(DeliveryOutcome.RETRY, httpStatus, GraphError.local("partial_receipt",
                        "Meta received " + count + " of " + eventsSent + " events"), trace, retryAfter);
            }
            return SendResult.delivered(httpStatus, count, messages(root.get("messages")), trace);
        }

        if (errorNode != null && errorNode.isObject()) {
            GraphError error = new GraphError(integer(errorNode.get("code")), integer(errorNode.get("error_subcode")),
                    text(errorNode.get("type")), text(errorNode.get("message")),
                    text(errorNode.get("error_user_title")), text(errorNode.get("error_user_msg")),
                    bool(errorNode.get("is_transient")));
            String trace = firstNonEmpty(text(errorNode.get("fbtrace_id")), fbtraceHeader);
            if (error.code() != null) {
                return SendResult.failed(classifyCoded(httpStatus, error), httpStatus, error, trace, retryAfter);
            }
            // An error object without a code is not something Meta documents: classify by status alone,
            // keeping whatever message it had.
            return SendResult.failed(classifyUncoded(httpStatus), httpStatus, error.message() == null
                    ? GraphError.local("invalid_response", "HTTP " + httpStatus + " error without a code")
                    : error, trace, retryAfter);
        }

        GraphError error = GraphError.local(uncodedType(httpStatus), "HTTP " + httpStatus
                + " without a Graph API error object" + describe(body));
        return SendResult.failed(classifyUncoded(httpStatus), httpStatus, error, emptyToNull(fbtraceHeader),
                retryAfter);
    }

    /** The outcome for a Meta error that carries a code. */
    static DeliveryOutcome classifyCoded(int httpStatus, GraphError error) {
        int code = error.code();
        if (isRateLimitCode(code) || httpStatus == 429) {
            return DeliveryOutcome.RATE_LIMITED;
        }
        if (code == 368) {
            return DeliveryOutcome.RATE_LIMITED;
        }
        if (code == 190 || code == 102 || code == 10 || (code >= 200 && code <= 299)) {
            return DeliveryOutcome.CREDENTIALS;
        }
        if (Boolean.TRUE.equals(error.isTransient()) || code == 1 || code == 2 || code == 341) {
            return DeliveryOutcome.RETRY;
        }
        if (httpStatus >= 500) {
            // 100 on a 5xx still means the payload is bad; anything else is the server's trouble.
            return code == 100 ? DeliveryOutcome.REJECTED : DeliveryOutcome.RETRY;
        }
        if (httpStatus == 401 || httpStatus == 403) {
            return DeliveryOutcome.CREDENTIALS;
        }
        return DeliveryOutcome.REJECTED;
    }

    public static boolean isRateLimitCode(int code) {
        return code == 4 || code == 17 || code == 32 || code == 613 || (code >= 80000 && code <= 80014);
    }

    private static DeliveryOutcome classifyUncoded(int httpStatus) {
        if (httpStatus == 429) {
            return DeliveryOutcome.RATE_LIMITED;
        }
        if (httpStatus == 401 || httpStatus == 403) {
            return DeliveryOutcome.CREDENTIALS;
        }
        return DeliveryOutcome.RETRY;
    }

    private static String uncodedType(int httpStatus) {
        if (httpStatus == 429) {
            return "rate_limited";
        }
        if (httpStatus >= 500) {
            return "server_error";
        }
        if (httpStatus == 401 || httpStatus == 403) {
            return "unauthorized";
        }
        return "invalid_response";
    }

    /**
     * Retry-After as milliseconds from now: delta-seconds or an HTTP-date (RFC 1123); a past date gives 0.
     * Null when absent or unreadable; capped at {@link #MAX_RETRY_AFTER_MILLIS}.
     */
    public static Long parseRetryAfter(String header, Clock clock) {
        if (header == null) {
            return null;
        }
        String value = header.trim();
        if (value.isEmpty()) {
            return null;
        }
        if (DIGITS.matcher(value).matches()) {
            return Math.min(Long.parseLong(value) * 1000L, MAX_RETRY_AFTER_MILLIS);
        }
        try {
            long at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
            return Math.min(Math.max(0L, at - clock.millis()), MAX_RETRY_AFTER_MILLIS);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static JsonNode parse(String body) {
        if (body == null || body.trim().isEmpty()) {
            return null;
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (Exception e) {
            // HTML, truncated JSON, garbage: the caller classifies by status.
            return null;
        }
    }

    private static List<String> messages(JsonNode node) {
        List<String> out = new ArrayList<String>();
        if (node != null && node.isArray()) {
            for (JsonNode m : node) {
                out.add(truncate(m.isTextual() ? m.textValue() : m.toString()));
            }
        }
        return out;
    }

    private static Integer integer(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return node.intValue();
        }
        if (node.isTextual() && INT.matcher(node.textValue().trim()).matches()) {
            return Integer.valueOf(node.textValue().trim());
        }
        return null;
    }

    private static Boolean bool(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual()) {
            return Boolean.valueOf("true".equalsIgnoreCase(node.textValue().trim()));
        }
        return null;
    }

    private static String text(JsonNode node) {
        if (node == null || node.isNull() || node.isContainerNode()) {
            return null;
        }
        return emptyToNull(truncate(node.asText()));
    }

    private static String truncate(String s) {
        return s != null && s.length() > MAX_TEXT ? s.substring(0, MAX_TEXT) + "..." : s;
    }

    private static String describe(String body) {
        // The size only: a body we cannot read is not worth logging, and might echo anything.
        if (body == null || body.isEmpty()) {
            return " (empty body)";
        }
        return " (" + body.length() + " characters)";
    }

    private static String firstNonEmpty(String a, String b) {
        return a != null && !a.isEmpty() ? a : emptyToNull(b);
    }

    private static String emptyToNull(String s) {
        return s == null || s.trim().isEmpty() ? null : s;
    }
}
