package io.github.broadleafmeta.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback endpoint that answers {@code POST /{version}/{pixel}/events} like the Graph API does on success:
 * {@code {"events_received": n, "messages": [], "fbtrace_id": "..."}} with n = the events in the request's
 * {@code data}. Accepts both wire shapes seen here: a JSON body (our client) and multipart form data with a
 * {@code data} field holding the JSON array (Meta's SDK). Counts requests, events and distinct event ids.
 *
 * <p>{@code GET /__stats} returns the counters as JSON, {@code POST /__reset} clears them. Run as a separate process
 * ({@link #main}) so its memory and CPU stay out of the numbers of the process being measured.
 */
public final class FakeGraphApi implements AutoCloseable {

    static final String PORT_LINE_PREFIX = "FAKE_GRAPH_API_PORT=";
    private static final JsonFactory JSON = new JsonFactory();
    private static final int MAX_BODY_BYTES = 64 * 1024 * 1024;
    private static final long MAX_LIFETIME_MILLIS = TimeUnit.HOURS.toMillis(2);

    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong bodyBytes = new AtomicLong();
    private final AtomicLong badRequests = new AtomicLong();
    private final AtomicLong traceSeq = new AtomicLong();
    private final Set<String> eventIds = ConcurrentHashMap.newKeySet();
    /** How long each events POST waits before its answer (0: at once), to stand in for a distant Meta. */
    private final long delayMillis;

    private FakeGraphApi(int threads, long delayMillis) throws IOException {
        this.delayMillis = delayMillis;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "fake-graph-api");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a server on 127.0.0.1 with a random port. */
    public static FakeGraphApi start(int threads) throws IOException {
        return new FakeGraphApi(threads, 0);
    }

    /** Answers every events POST after {@code delayMillis}; give it more threads than requests in flight. */
    public static FakeGraphApi start(int threads, long delayMillis) throws IOException {
        return new FakeGraphApi(threads, delayMillis);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public Stats stats() {
        return new Stats(requests.get(), events.get(), eventIds.size(), bodyBytes.get(), badRequests.get());
    }

    public void reset() {
        requests.set(0);
        events.set(0);
        bodyBytes.set(0);
        badRequests.set(0);
        eventIds.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            if ("GET".equals(method) && path.equals("/__stats")) {
                respond(ex, 200, stats().toJson());
            } else if ("POST".equals(method) && path.equals("/__reset")) {
                drain(ex.getRequestBody());
                reset();
                respond(ex, 200, "{}");
            } else if ("POST".equals(method) && path.endsWith("/events")) {
                byte[] body = readBody(ex.getRequestBody());
                requests.incrementAndGet();
                bodyBytes.addAndGet(body.length);
                int n;
                try {
                    n = countEvents(ex.getRequestHeaders().getFirst("Content-Type"), body);
                } catch (IOException | RuntimeException e) {
                    badRequests.incrementAndGet();
                    respond(ex, 400, "{\"error\":{\"message\":\"Invalid parameter\",\"type\":\"OAuthException\","
                            + "\"code\":100,\"fbtrace_id\":\"bench\"}}");
                    return;
                }
                events.addAndGet(n);
                if (delayMillis > 0) {
                    try {
                        Thread.sleep(delayMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                respond(ex, 200, "{\"events_received\":" + n + ",\"messages\":[],\"fbtrace_id\":\"Abench"
                        + traceSeq.incrementAndGet() + "\"}");
            } else {
                drain(ex.getRequestBody());
                respond(ex, 404, "{\"error\":{\"message\":\"Unknown path\",\"code\":803}}");
            }
        }
    }

    private int countEvents(String contentType, byte[] body) throws IOException {
        String ct = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (ct.startsWith("multipart/form-data")) {
            return countArray(multipartField(contentType, body, "data"));
        }
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("body is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.getCurrentName();
                p.nextToken();
                if ("data".equals(name)) {
                    return countArray(p);
                }
                p.skipChildren();
            }
        }
        throw new IOException("no data");
    }

    private int countArray(String json) throws IOException {
        try (JsonParser p = JSON.createParser(json)) {
            p.nextToken();
            return countArray(p);
        }
    }

    /** The parser is on START_ARRAY; counts the objects and records each one's event_id. */
    private int countArray(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new IOException("data is not an array");
        }
        int n = 0;
        while (p.nextToken() == JsonToken.START_OBJECT) {
            n++;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.getCurrentName();
                JsonToken v = p.nextToken();
                if ("event_id".equals(name) && v == JsonToken.VALUE_STRING) {
                    eventIds.add(p.getText());
                } else {
                    p.skipChildren();
                }
            }
        }
        return n;
    }

    /** The value of one text field of a multipart/form-data body. */
    static String multipartField(String contentType, byte[] body, String field) throws IOException {
        int b = contentType.indexOf("boundary=");
        if (b < 0) {
            throw new IOException("multipart without boundary");
        }
        String boundary = contentType.substring(b + "boundary=".length()).replace("\"", "").trim();
        String text = new String(body, StandardCharsets.UTF_8);
        String marker = "name=\"" + field + "\"";
        int at = text.indexOf(marker);
        if (at < 0) {
            throw new IOException("no field " + field);
        }
        int start = text.indexOf("\r\n\r\n", at);
        int end = text.indexOf("\r\n--" + boundary, start);
        if (start < 0 || end < 0) {
            throw new IOException("truncated multipart");
        }
        return text.substring(start + 4, end);
    }

    private static byte[] readBody(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        byte[] buf = new byte[32 * 1024];
        int r;
        while ((r = in.read(buf)) >= 0) {
            out.write(buf, 0, r);
            if (out.size() > MAX_BODY_BYTES) {
                throw new IOException("body too large");
            }
        }
        return out.toByteArray();
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buf = new byte[8192];
        long total = 0;
        int r;
        while ((r = in.read(buf)) >= 0 && total < MAX_BODY_BYTES) {
            total += r;
        }
    }

    private static void respond(HttpExchange ex, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Counters at one moment. */
    public record Stats(long requests, long events, long uniqueEventIds, long bodyBytes, long badRequests) {

        String toJson() {
            return "{\"requests\":" + requests + ",\"events\":" + events + ",\"uniqueEventIds\":" + uniqueEventIds
                    + ",\"bodyBytes\":" + bodyBytes + ",\"badRequests\":" + badRequests + "}";
        }

        public long duplicates() {
            return events - uniqueEventIds;
        }
    }

    /**
     * Separate-process mode: prints {@code FAKE_GRAPH_API_PORT=<port>}, serves until standard input closes (the
     * parent died or is done) or two hours passed.
     */
    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        long delayMillis = args.length > 1 ? Long.parseLong(args[1]) : 0;
        FakeGraphApi api = start(threads, delayMillis);
        System.out.println(PORT_LINE_PREFIX + api.port());
        System.out.flush();
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(MAX_LIFETIME_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.exit(2);
        }, "fake-graph-api-lifetime");
        watchdog.setDaemon(true);
        watchdog.start();
        try {
            while (System.in.read() >= 0) {
                // keep serving until the parent closes our stdin
            }
        } finally {
            api.close();
            System.exit(0);
        }
    }
}
