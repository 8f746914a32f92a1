package io.github.broadleafmeta.core.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * <p>Requests (Meta's documentation, read 2026-12):
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

    /** Both reads for one pixel. */
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
        return new QualityReading(pixel.pixelId(), now, readDataset(pixel), readToken(pixel));
    }

    DatasetQuality readDataset(PixelSettings pixel) {
        Credentials c = pixel.credentials();
        Map<String, String> query = new LinkedHashMap<String, String>();
        query.put("dataset_id", pixel.pixelId());
        query.put("fields", DATASET_FIELDS);
        Exchange x = exchange(pixel, "dataset_quality", query);
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

    TokenHealth readToken(PixelSettings pixel) {
        Map<String, String> query = new LinkedHashMap<String, String>();
        query.put("input_token", pixel.credentials().accessToken());
        Exchange x = exchange(pixel, "debug_token", query);
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
            reason = truncate(scrub(text(error.get("message")), pixel.credentials()));
        }
        return TokenHealth.read(valid, epochSecondsOrNever(data.get("expires_at")),
                epochSecondsOrNever(data.get("data_access_expires_at")), scopes,
                reason == null && !valid ? "Meta says the token is not valid" : reason);
    }

    // ------------------------------------------------------------------------------------------------ transport

    /** What came back from one GET: the parsed root of a 2xx answer, or a failure state and message. */
    private static final class Exchange {
        JsonNode root;
        ReadState failure;
        String failureMessage;

        static Exchange failed(ReadState state, String message) {
            Exchange x = new Exchange();
            x.failure = state;
            x.failureMessage = message;
            return x;
        }
    }

    private Exchange exchange(PixelSettings pixel, String path, Map<String, String> query) {
        Credentials c = pixel.credentials();
        String base = pixel.graphUrl() == null ? null : pixel.graphUrl().trim();
        String problem = GraphDestination.problem(base);
        if (problem != null) {
            // The same rule as for events: a token goes only to the Graph URL the environment allows.
            return Exchange.failed(ReadState.UNREACHABLE, "graph URL " + problem);
        }
        if (!PIXEL_ID.matcher(pixel.pixelId()).matches() || pixel.apiVersion() == null
                || !VERSION.matcher(pixel.apiVersion()).matches()) {
            return Exchange.failed(ReadState.FAILED, "pixel id or API version is not valid");
        }
        query.put("access_token", c.accessToken());
        if (c.appSecret() != null) {
            query.put("appsecret_proof", GraphApiClient.appSecretProof(c.appSecret(), c.accessToken()));
        }
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        URI uri;
        try {
            uri = URI.create(base + "/" + pixel.apiVersion() + "/" + path + "?" + queryString(query));
        } catch (IllegalArgumentException e) {
            return Exchange.failed(ReadState.UNREACHABLE, "graph URL is not a valid URL");
        }
        GraphReadClient.Answer answer;
        try {
            answer = client.get(uri);
        } catch (BoundedResponseConsumer.ResponseTooLargeException e) {
            return Exchange.failed(ReadState.UNREACHABLE, "Meta's answer was larger than the reader accepts");
        } catch (TimeoutException e) {
            return Exchange.failed(ReadState.UNREACHABLE, "no answer within the read timeout");
        } catch (IOException | RuntimeException e) {
            return Exchange.failed(ReadState.UNREACHABLE, e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + truncate(scrub(e.getMessage(), c))));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Exchange.failed(ReadState.UNREACHABLE, "interrupted (shutting down)");
        }
        JsonNode root = parse(answer.body());
        boolean success = answer.status() >= 200 && answer.status() < 300;
        if (success && root != null && root.isObject() && !root.has("error")) {
            Exchange x = new Exchange();
            x.root = root;
            return x;
        }
        GraphError error = ResponseClassifier.classify(answer.status(), answer.body(), null, 0).error();
        if (error == null) {
            error = GraphError.local("invalid_response", "HTTP " + answer.status());
        }
        ReadState state = stateOf(error);
        String metaSays = truncate(scrub(error.summary(), c));
        LOG.warn("Meta quality: " + path + " for pixel " + pixel.pixelId() + ": " + state + ", HTTP "
                + answer.status() + ", " + metaSays);
        return Exchange.failed(state, explain(state, error, metaSays, path));
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
