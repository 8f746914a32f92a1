package io.github.broadleafmeta.core.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.github.broadleafmeta.core.capi.BoundedResponseConsumer;
import io.github.broadleafmeta.core.capi.Credentials;
import io.github.broadleafmeta.core.capi.GraphApiClient;
import io.github.broadleafmeta.core.capi.GraphDestination;
import io.github.broadleafmeta.core.capi.GraphError;
import io.github.broadleafmeta.core.capi.ResponseClassifier;
import io.github.broadleafmeta.core.settings.PixelSettings;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.net.URI;
import java.net.URLEncoder;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads, for one pixel, Meta's Dataset Quality API and the token's {@code debug_token}, and turns every answer into
 * a {@link QualityReading}: figures, or a state and a message an operator can act on. Never throws for what Meta
 * or the network does; never puts a token into a message, a log line or the result.
 *
 * <p>Both reads go in one <a href="https://developers.facebook.com/docs/graph-api/batch-requests">batch
 * request</a>, so the token stays in the POST body and out of every URL. The reads (Meta's documentation, read
 * 2026-12):
 * <ul>
 * <li>{@code GET {graph}/{version}/dataset_quality?dataset_id={pixel}&fields=web{...}&access_token=...}, answer
 * {@code {"web":[{"event_name", "event_match_quality":{"composite_score","match_key_feedback":[{"identifier",
 * "coverage":{"percentage"}}]}, "event_coverage":{"percentage","goal_percentage"}, "dedupe_key_feedback":[...],
 * "data_freshness":{"upload_frequency"}}]}}: <a
 * href="https://developers.facebook.com/docs/marketing-api/conversions-api/dataset-quality-api">Dataset Quality
 * API</a>, <a href="https://developers.facebook.com/docs/marketing-api/reference/ads-pixel-capiemq">AdsPixelCAPIEMQ
 * (composite_score, match_key_feedback)</a>, <a
 * href="https://developers.facebook.com/docs/marketing-api/reference/ads-dataset-dedup-key-feedback/">dedup key
 * feedback</a>. The token needs access to the pixel (a system user with "Manage pixel" on it) and Meta's ads
 * permissions.</li>
 * <li>{@code GET {graph}/{version}/debug_token?input_token={token}&access_token={token}}, answer {@code {"data":
 * {"is_valid","expires_at" (0 = never),"data_access_expires_at","scopes":[...]}}}: <a
 * href="https://developers.facebook.com/docs/graph-api/reference/debug_token">debug_token</a>, <a
 * href="https://developers.facebook.com/docs/facebook-login/guides/access-tokens/debugging">Debugging access
 * tokens</a>.</li>
 * </ul>
 * Figures Meta leaves out stay null; event names the plugin does not know are kept as Meta names them.
 */
public final class QualityReader {

    private static final Log LOG = LogFactory.getLog(QualityReader.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final String DATASET_FIELDS =
            "web{event_name,event_match_quality,event_coverage,dedupe_key_feedback,data_freshness}";
    private static final Pattern PIXEL_ID = Pattern.compile("\\d{1,32}");
    private static final Pattern VERSION = Pattern.compile("v\\d{1,3}\\.\\d{1,3}");
    /** A permission name in Meta's message, e.g. "(#200) Requires ads_management permission". */
    private static final Pattern PERMISSION = Pattern.compile(
            "\\b(ads_management|ads_read|business_management|pages_[a-z_]+|[a-z]+_(?:read|management))\\b");
    private static final int MAX_EVENTS = 100;
    private static final int MAX_TEXT = 300;

    private final GraphReadClient client;
    private final Clock clock;

    public QualityReader(GraphReadClient client, Clock clock) {
        if (client == null || clock == null) {
            throw new IllegalArgumentException("client and clock are required");
        }
        this.client = client;
        this.clock = clock;
    }

    /** Both reads for one pixel, in one Graph API batch request. */
    public QualityReading read(PixelSettings pixel) {
        Instant now = clock.instant();
        if (pixel.credentialsProblem() != null) {
            String why = "the saved access token cannot be read (" + pixel.credentialsProblem() + ")";
            return new QualityReading(pixel.pixelId(), now, DatasetQuality.failed(ReadState.NOT_CONFIGURED, why),
                    TokenHealth.failed(ReadState.NOT_CONFIGURED, why));
        }
        if (!pixel.credentials().hasAccessToken()) {
            String why = "pixel " + pixel.pixelId() + " has no Conversions API access token";
            return new QualityReading(pixel.pixelId(), now, DatasetQuality.failed(ReadState.NOT_CONFIGURED, why),
                    TokenHealth.failed(ReadState.NOT_CONFIGURED, why));
        }
        Map<String, String> datasetQuery = new LinkedHashMap<String, String>();
        datasetQuery.put("dataset_id", pixel.pixelId());
        datasetQuery.put("fields", DATASET_FIELDS);
        Map<String, String> tokenQuery = new LinkedHashMap<String, String>();
        tokenQuery.put("input_token", pixel.credentials().accessToken());
        List<Exchange> answers = batch(pixel, "dataset_quality?" + queryString(datasetQuery),
                "debug_token?" + queryString(tokenQuery));
        return new QualityReading(pixel.pixelId(), now, dataset(answers.get(0), pixel.credentials()),
                token(answers.get(1), pixel.credentials()));
    }

    private static DatasetQuality dataset(Exchange x, Credentials c) {
        if (x.failure != null) {
            return DatasetQuality.failed(x.failure, x.failureMessage);
        }
        try {
            return DatasetQuality.ok(parseDataset(x.root));
        } catch (RuntimeException e) {
            return DatasetQuality.failed(ReadState.FAILED, "Meta's answer is not the documented shape ("
                    + scrub(e.getMessage(), c) + ")");
        }
    }

    private static TokenHealth token(Exchange x, Credentials c) {
        if (x.failure != null) {
            return TokenHealth.failed(x.failure, x.failureMessage);
        }
        JsonNode data = x.root.get("data");
        if (data == null || !data.isObject()) {
            return TokenHealth.failed(ReadState.FAILED, "Meta's debug_token answer has no data object");
        }
        boolean valid = data.path("is_valid").asBoolean(false);
        List<String> scopes = new ArrayList<String>();
        for (JsonNode s : iterable(data.get("scopes"))) {
            if (s.isTextual() && scopes.size() < 100) {
                scopes.add(truncate(s.asText()));
            }
        }
        String reason = null;
        JsonNode error = data.get("error");
        if (!valid && error != null && error.isObject()) {
            reason = truncate(scrub(text(error.get("message")), c));
        }
        return TokenHealth.read(valid, epochSecondsOrNever(data.get("expires_at")),
                epochSecondsOrNever(data.get("data_access_expires_at")), scopes,
                reason == null && !valid ? "Meta says the token is not valid" : reason);
    }

    // ------------------------------------------------------------------------------------------------ transport

    /** What came back for one request of the batch: the parsed root of a 2xx answer, or a state and message. */
    private static final class Exchange {
        JsonNode root;
        ReadState failure;
        String failureMessage;

        static Exchange ok(JsonNode root) {
            Exchange x = new Exchange();
            x.root = root;
            return x;
        }

        static Exchange failed(ReadState state, String message) {
            Exchange x = new Exchange();
            x.failure = state;
            x.failureMessage = message;
            return x;
        }
    }

    /**
     * One Graph API batch request ({@code POST {graph}/{version}} with {@code batch}, <a
     * href="https://developers.facebook.com/docs/graph-api/batch-requests">Batch Requests</a>) carrying both reads:
     * the token travels in the form body only, never in a URL (the delivery's rule too). One answer per relative
     * URL, in order; a failure of the whole request answers for both.
     */
    private List<Exchange> batch(PixelSettings pixel, String... relativeUrls) {
        Credentials c = pixel.credentials();
        String base = pixel.graphUrl() == null ? null : pixel.graphUrl().trim();
        String problem = GraphDestination.problem(base);
        if (problem != null) {
            // The same rule as for events: a token goes only to the Graph URL the environment allows.
            return all(relativeUrls.length, Exchange.failed(ReadState.UNREACHABLE, "graph URL " + problem));
        }
        if (!PIXEL_ID.matcher(pixel.pixelId()).matches() || pixel.apiVersion() == null
                || !VERSION.matcher(pixel.apiVersion()).matches()) {
            return all(relativeUrls.length, Exchange.failed(ReadState.FAILED, "pixel id or API version is not valid"));
        }
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        ArrayNode requests = MAPPER.createArrayNode();
        for (String relativeUrl : relativeUrls) {
            requests.addObject().put("method", "GET").put("relative_url", relativeUrl);
        }
        Map<String, String> form = new LinkedHashMap<String, String>();
        form.put("access_token", c.accessToken());
        if (c.appSecret() != null) {
            form.put("appsecret_proof", GraphApiClient.appSecretProof(c.appSecret(), c.accessToken()));
        }
        form.put("include_headers", "false");
        form.put("batch", requests.toString());
        URI uri;
        try {
            uri = URI.create(base + "/" + pixel.apiVersion());
        } catch (IllegalArgumentException e) {
            return all(relativeUrls.length, Exchange.failed(ReadState.UNREACHABLE, "graph URL is not a valid URL"));
        }
        GraphReadClient.Answer answer;
        try {
            answer = client.postForm(uri, queryString(form));
        } catch (BoundedResponseConsumer.ResponseTooLargeException e) {
            return all(relativeUrls.length, Exchange.failed(ReadState.UNREACHABLE,
                    "Meta's answer was larger than the reader accepts"));
        } catch (TimeoutException e) {
            return all(relativeUrls.length, Exchange.failed(ReadState.UNREACHABLE, "no answer within the read timeout"));
        } catch (IOException | RuntimeException e) {
            return all(relativeUrls.length, Exchange.failed(ReadState.UNREACHABLE, e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + truncate(scrub(e.getMessage(), c)))));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return all(relativeUrls.length, Exchange.failed(ReadState.UNREACHABLE, "interrupted (shutting down)"));
        }
        JsonNode root = parse(answer.body());
        if (answer.status() < 200 || answer.status() >= 300 || root == null || !root.isArray()) {
            // The whole batch refused (an invalid token fails it as a whole) or an answer that is not a batch's.
            return all(relativeUrls.length, failure(pixel, "batch", answer.status(), answer.body()));
        }
        List<Exchange> out = new ArrayList<Exchange>();
        for (int i = 0; i < relativeUrls.length; i++) {
            JsonNode part = root.get(i);
            String name = relativeUrls[i].substring(0, relativeUrls[i].indexOf('?'));
            if (part == null || !part.isObject()) {
                out.add(Exchange.failed(ReadState.UNREACHABLE, "Meta did not complete the " + name + " read"));
                continue;
            }
            int code = part.path("code").asInt(0);
            String body = text(part.get("body"));
            JsonNode partRoot = parse(body);
            if (code >= 200 && code < 300 && partRoot != null && partRoot.isObject() && !partRoot.has("error")) {
                out.add(Exchange.ok(partRoot));
            } else {
                out.add(failure(pixel, name, code, body));
            }
        }
        return out;
    }

    private static List<Exchange> all(int n, Exchange x) {
        List<Exchange> out = new ArrayList<Exchange>();
        for (int i = 0; i < n; i++) {
            out.add(x);
        }
        return out;
    }

    private static Exchange failure(PixelSettings pixel, String what, int status, String body) {
        Credentials c = pixel.credentials();
        GraphError error = ResponseClassifier.classify(status, body, null, 0).error();
        if (error == null) {
            error = GraphError.local("invalid_response", "HTTP " + status);
        }
        ReadState state = stateOf(error);
        String metaSays = truncate(scrub(error.summary(), c));
        LOG.warn("Meta quality: " + what + " for pixel " + pixel.pixelId() + ": " + state + ", HTTP " + status + ", "
                + metaSays);
        return Exchange.failed(state, explain(state, error, metaSays, what));
    }

    /** Meta's error codes: 190/102 (and 463/467 expired) token; 10, 200-299 and 100/33 permissions. */
    static ReadState stateOf(GraphError error) {
        Integer code = error.code();
        if (code == null) {
            return ReadState.FAILED;
        }
        int c = code;
        if (c == 190 || c == 102 || c == 463 || c == 467) {
            return ReadState.TOKEN_INVALID;
        }
        if (c == 10 || (c >= 200 && c <= 299) || (c == 100 && Integer.valueOf(33).equals(error.subcode()))) {
            return ReadState.PERMISSION_MISSING;
        }
        return ReadState.FAILED;
    }

    private static String explain(ReadState state, GraphError error, String metaSays, String path) {
        switch (state) {
            case PERMISSION_MISSING:
                String permission = permissionNamed(error.message());
                return "the token lacks " + (permission != null ? "the " + permission + " permission"
                        : "access to this pixel's " + ("debug_token".equals(path) ? "token details"
                                : "dataset quality (give its system user the pixel with \"Manage pixel\" and the "
                                        + "ads_read or ads_management permission)")) + ". Meta: " + metaSays;
            case TOKEN_INVALID:
                return "Meta refuses the token (expired, revoked or invalid): replace it in Settings. Meta: "
                        + metaSays;
            default:
                return "Meta: " + metaSays;
        }
    }

    static String permissionNamed(String message) {
        if (message == null) {
            return null;
        }
        Matcher m = PERMISSION.matcher(message);
        return m.find() ? m.group(1) : null;
    }

    // ------------------------------------------------------------------------------------------------ parsing

    static List<EventQuality> parseDataset(JsonNode root) {
        JsonNode web = root.get("web");
        if (web == null && root.get("data") != null && root.get("data").isArray()
                && root.get("data").size() > 0) {
            web = root.get("data").get(0).get("web");
        }
        List<EventQuality> out = new ArrayList<EventQuality>();
        if (web == null || web.isNull()) {
            return out; // a pixel without scored events yet
        }
        if (!web.isArray()) {
            throw new IllegalArgumentException("web is not a list");
        }
        for (JsonNode e : web) {
            String name = text(e.get("event_name"));
            if (name == null || name.isEmpty() || out.size() >= MAX_EVENTS) {
                continue; // nothing to show it under
            }
            JsonNode emq = e.path("event_match_quality");
            Map<String, Double> keys = new LinkedHashMap<String, Double>();
            for (JsonNode k : iterable(emq.get("match_key_feedback"))) {
                String id = text(k.get("identifier"));
                if (id != null) {
                    keys.put(truncate(id), percent(k.has("coverage") ? k.get("coverage") : k.get("percentage")));
                }
            }
            List<DedupeKeyFeedback> dedupe = new ArrayList<DedupeKeyFeedback>();
            for (JsonNode d : iterable(e.get("dedupe_key_feedback"))) {
                String key = text(d.get("dedupe_key"));
                if (key != null) {
                    dedupe.add(new DedupeKeyFeedback(truncate(key), percent(d.get("browser_events_with_dedupe_key")),
                            percent(d.get("server_events_with_dedupe_key")),
                            percent(d.get("overall_browser_coverage_from_dedupe_key"))));
                }
            }
            JsonNode coverage = e.path("event_coverage");
            out.add(new EventQuality(truncate(name), number(emq.get("composite_score")), keys,
                    percent(coverage.get("percentage")), percent(coverage.get("goal_percentage")), dedupe,
                    truncate(text(e.path("data_freshness").get("upload_frequency")))));
        }
        return out;
    }

    /** A number, a numeric string, or an object with {@code percentage}: Meta's pages show all three. */
    private static Double percent(JsonNode node) {
        if (node != null && node.isObject()) {
            return number(node.get("percentage"));
        }
        return number(node);
    }

    private static Double number(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            return finite(node.doubleValue());
        }
        if (node.isTextual()) {
            try {
                return finite(Double.parseDouble(node.asText().trim()));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static Double finite(double d) {
        return Double.isNaN(d) || Double.isInfinite(d) ? null : d;
    }

    /** Epoch seconds; 0 (Meta's "never") and anything unreadable give null. */
    private static Instant epochSecondsOrNever(JsonNode node) {
        Double d = number(node);
        return d == null || d <= 0 ? null : Instant.ofEpochSecond(d.longValue());
    }

    private static Iterable<JsonNode> iterable(JsonNode node) {
        List<JsonNode> out = new ArrayList<JsonNode>();
        if (node != null && node.isArray()) {
            node.forEach(out::add);
        }
        return out;
    }

    private static JsonNode parse(String body) {
        if (body == null || body.trim().isEmpty()) {
            return null;
        }
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.isContainerNode() ? null : node.asText();
    }

    private static String truncate(String s) {
        return s == null || s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT) + "...";
    }

    /** Removes the token, the app secret and the proof from text Meta or the network produced. */
    static String scrub(String text, Credentials c) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : new String[] {c.accessToken(), c.appSecret(),
                c.appSecret() != null && c.accessToken() != null
                        ? GraphApiClient.appSecretProof(c.appSecret(), c.accessToken()) : null}) {
            if (secret != null && secret.length() >= 4) {
                out = out.replace(secret, "[redacted]");
            }
        }
        return out;
    }

    private static String queryString(Map<String, String> query) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : query.entrySet()) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(encode(e.getKey())).append('=').append(encode(e.getValue()));
        }
        return sb.toString();
    }

    private static String encode(String s) {
        try {
            return URLEncoder.encode(s, "UTF-8");
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is required by every Java platform", e);
        }
    }
}
