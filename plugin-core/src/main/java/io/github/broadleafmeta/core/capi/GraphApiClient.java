package io.github.broadleafmeta.core.capi;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.DefaultThreadFactory;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;
import org.apache.hc.core5.http.nio.support.AsyncRequestBuilder;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLException;
import java.io.Closeable;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * The Conversions API client: one shared Apache HttpClient 5 async client (pooled, explicit timeouts, no automatic
 * retries, no redirects, no cookies), one attempt per {@link #send}, every outcome classified by
 * {@link ResponseClassifier}. The token (and {@code appsecret_proof}) travel in the JSON body, never in the URL.
 *
 * <p>The returned futures complete on the client's I/O thread: dependants that block (JDBC) should use the
 * {@code *Async} stages with their own executor.
 */
public final class GraphApiClient implements EventSender, Closeable {

    private static final Log LOG = LogFactory.getLog(GraphApiClient.class);

    private static final Pattern PIXEL_ID = Pattern.compile("\\d{1,32}");
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final String REDACTED = "[redacted]";

    private final CapiClientConfig config;
    private final Clock clock;
    private final EventJsonWriter writer = new EventJsonWriter();
    private final CloseableHttpAsyncClient http;
    /** Cuts requests whose answer is not complete within the total timeout (one daemon thread). */
    private final ScheduledThreadPoolExecutor deadlines;
    private final AtomicBoolean closed = new AtomicBoolean();

    public GraphApiClient(CapiClientConfig config) {
        this(config, Clock.systemUTC());
    }

    /** @param clock "now" for HTTP-date {@code Retry-After} headers */
    public GraphApiClient(CapiClientConfig config, Clock clock) {
        if (config == null) {
            throw new IllegalArgumentException("config is required");
        }
        if (clock == null) {
            throw new IllegalArgumentException("clock is required");
        }
        this.config = config;
        this.clock = clock;
        this.http = createHttpClient(config);
        this.deadlines = new ScheduledThreadPoolExecutor(1, new DefaultThreadFactory("broadleafmeta-capi-deadline",
                true));
        // Most requests finish long before their deadline: drop cancelled timers instead of keeping them queued.
        this.deadlines.setRemoveOnCancelPolicy(true);
        this.http.start();
    }

    private static CloseableHttpAsyncClient createHttpClient(CapiClientConfig config) {
        Timeout connectTimeout = Timeout.ofMilliseconds(config.connectTimeout().toMillis());
        Timeout responseTimeout = Timeout.ofMilliseconds(config.responseTimeout().toMillis());
        PoolingAsyncClientConnectionManager connectionManager = PoolingAsyncClientConnectionManagerBuilder.create()
                .setMaxConnTotal(config.maxConnectionsTotal())
                .setMaxConnPerRoute(config.maxConnectionsPerRoute())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(connectTimeout)
                        .setSocketTimeout(responseTimeout)
                        // Re-check a pooled connection idle for a while: Meta's edge closes idle keep-alives.
                        .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                        .setTimeToLive(TimeValue.ofMinutes(5))
                        .build())
                // HTTP/1.1 only: the pool limits then mean connections, and h2 brings nothing for a few requests.
                .setDefaultTlsConfig(TlsConfig.custom().setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1).build())
                .build();
        return HttpAsyncClients.custom()
                .setConnectionManager(connectionManager)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(responseTimeout)
                        .setConnectionRequestTimeout(
                                Timeout.ofMilliseconds(config.connectionRequestTimeout().toMillis()))
                        .setRedirectsEnabled(false)
                        .build())
                .setIOReactorConfig(IOReactorConfig.custom()
                        .setIoThreadCount(Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors())))
                        .setSoTimeout(responseTimeout)
                        // Timeouts are checked once per select round: keep the round well under the timeout.
                        .setSelectInterval(TimeValue.ofMilliseconds(selectIntervalMillis(config)))
                        .build())
                // Retrying belongs to the outbox, which remembers attempts across restarts.
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableConnectionState()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .setUserAgent(config.userAgent())
                .setThreadFactory(new DefaultThreadFactory("broadleafmeta-capi", true))
                .build();
    }

    private static long selectIntervalMillis(CapiClientConfig config) {
        long shortest = Math.min(config.connectTimeout().toMillis(), config.responseTimeout().toMillis());
        return Math.max(10L, Math.min(1000L, shortest / 10));
    }

    private final Set<CompletableFuture<SendResult>> inFlight =
            Collections.newSetFromMap(new ConcurrentHashMap<CompletableFuture<SendResult>, Boolean>());

    public CapiClientConfig config() {
        return config;
    }

    @Override
    public CompletableFuture<SendResult> send(final SendRequest request) {
        final CompletableFuture<SendResult> future = new CompletableFuture<SendResult>();
        // Tracked until complete, so close() can finish whatever the HTTP client drops on shutdown.
        inFlight.add(future);
        future.whenComplete((result, error) -> inFlight.remove(future));
        try {
            dispatch(request, future);
        } catch (RuntimeException e) {
            // Contract: never throw, never complete exceptionally.
            complete(future, request, failure(DeliveryOutcome.RETRY, 0, "client_error", describe(e), request),
                    System.nanoTime());
        }
        return future;
    }

    private void dispatch(final SendRequest request, final CompletableFuture<SendResult> future) {
        final long started = System.nanoTime();
        if (request == null) {
            future.complete(SendResult.failed(DeliveryOutcome.REJECTED, 0,
                    GraphError.local("invalid_request", "request is required"), null, null));
            return;
        }
        if (closed.get()) {
            complete(future, request, failure(DeliveryOutcome.RETRY, 0, "client_closed",
                    "the Graph API client is closed", request), started);
            return;
        }
        if (!PIXEL_ID.matcher(request.pixelId()).matches()) {
            // A configuration problem: keep the events until the settings are fixed.
            complete(future, request, failure(DeliveryOutcome.CREDENTIALS, 0, "invalid_configuration",
                    "pixel id must be digits only", request), started);
            return;
        }
        final URI uri;
        try {
            uri = eventsUri(request);
        } catch (IllegalArgumentException e) {
            complete(future, request, failure(DeliveryOutcome.CREDENTIALS, 0, "invalid_configuration",
                    e.getMessage(), request), started);
            return;
        }
        final List<String> events = request.eventJsons();
        for (int i = 0; i < events.size(); i++) {
            if (!looksLikeJsonObject(events.get(i))) {
                // Embedding it verbatim would corrupt the whole body; Meta would refuse the batch anyway.
                complete(future, request, failure(DeliveryOutcome.REJECTED, 0, "invalid_event_json",
                        "event " + i + " is not a JSON object", request), started);
                return;
            }
        }
        String proof = isEmpty(request.credentials().appSecret()) ? null
                : appSecretProof(request.credentials().appSecret(), request.credentials().accessToken());
        byte[] body = writer.requestBody(events, request.credentials().accessToken(), proof, config.partnerAgent(),
                isEmpty(request.testEventCode()) ? null : request.testEventCode());
        AsyncRequestProducer producer = AsyncRequestBuilder.post(uri)
                .addHeader("Accept", "application/json")
                .setEntity(AsyncEntityProducers.create(body, ContentType.APPLICATION_JSON))
                .build();
        try {
            Future<BoundedResponseConsumer.RawResponse> exchange = http.execute(producer,
                    new BoundedResponseConsumer(config.maxResponseBytes()),
                    new FutureCallback<BoundedResponseConsumer.RawResponse>() {
                        @Override
                        public void completed(BoundedResponseConsumer.RawResponse raw) {
                            SendResult result;
                            try {
                                result = ResponseClassifier.classify(raw.status,
                                        new String(raw.body, StandardCharsets.UTF_8), raw.retryAfter, raw.fbtrace,
                                        events.size(), clock);
                            } catch (RuntimeException e) {
                                result = failure(DeliveryOutcome.RETRY, raw.status, "invalid_response",
                                        describe(e), request);
                            }
                            complete(future, request, result, started);
                        }

                        @Override
                        public void failed(Exception ex) {
                            complete(future, request, transportFailure(ex, request), started);
                        }

                        @Override
                        public void cancelled() {
                            complete(future, request, failure(DeliveryOutcome.RETRY, 0, "cancelled",
                                    "request cancelled (client shutting down?)", request), started);
                        }
                    });
            cutAtDeadline(exchange, future, request, started);
        } catch (RuntimeException e) {
            // execute() refuses work once the reactor is shut down (IllegalStateException) or on a bad request.
            complete(future, request, failure(DeliveryOutcome.RETRY, 0,
                    closed.get() ? "client_closed" : "client_error", describe(e), request), started);
        }
    }

    /**
     * The response timeout bounds each silence only: a server trickling its answer inside it would hold the
     * request indefinitely. At the total timeout the request completes as RETRY {@code response_timeout} and the
     * exchange (and its connection) is cancelled.
     */
    private void cutAtDeadline(final Future<?> exchange, final CompletableFuture<SendResult> future,
            final SendRequest request, final long started) {
        final long totalMillis = config.totalTimeout().toMillis();
        final ScheduledFuture<?> deadline;
        try {
            deadline = deadlines.schedule(() -> {
                complete(future, request, failure(DeliveryOutcome.RETRY, 0, "response_timeout",
                        "no complete answer within " + totalMillis + " ms (the server kept it trickling)",
                        request), started);
                exchange.cancel(true);
            }, totalMillis, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            // Only after close(): the exchange is cut by the client's own shutdown.
            return;
        }
        future.whenComplete((result, error) -> deadline.cancel(false));
    }

    /**
     * Closes the shared client: lets in-flight requests finish for up to {@link CapiClientConfig#shutdownTimeout()},
     * then cuts
     * them (their futures complete as RETRY). Idempotent; later sends complete as RETRY {@code client_closed}.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            http.initiateShutdown();
            http.awaitShutdown(TimeValue.ofMilliseconds(config.shutdownTimeout().toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            http.close(CloseMode.IMMEDIATE);
            deadlines.shutdownNow();
            // A request still waiting for a pooled connection may get no callback from a closed client; the
            // contract says every future completes, so finish those here.
            for (CompletableFuture<SendResult> pending : new ArrayList<CompletableFuture<SendResult>>(inFlight)) {
                pending.complete(SendResult.failed(DeliveryOutcome.RETRY, 0,
                        GraphError.local("client_closed", "the Graph API client closed before Meta answered"),
                        null, null));
            }
        }
    }

    /** {@code {graphUrl}/{version}/{pixel}/events}; the base may carry a path, a trailing slash is tolerated. */
    static URI eventsUri(SendRequest request) {
        String base = request.graphUrl().trim();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        URI parsed;
        try {
            parsed = new URI(base);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("graph URL is not a valid URL");
        }
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException("graph URL must be http or https");
        }
        if (GraphDestination.problem(base) != null) {
            // Checked again here: a token never leaves over plain http except to a local stub.
            throw new IllegalArgumentException("graph URL " + GraphDestination.problem(base));
        }
        if (parsed.getHost() == null || parsed.getRawUserInfo() != null || parsed.getRawQuery() != null
                || parsed.getRawFragment() != null) {
            throw new IllegalArgumentException("graph URL must be scheme://host[:port][/path] without credentials,"
                    + " query or fragment");
        }
        return URI.create(base + "/" + request.apiVersion() + "/" + request.pixelId() + "/events");
    }

    /** Lowercase hex HMAC-SHA256, key = app secret, message = access token (Graph API's appsecret_proof). */
    public static String appSecretProof(String appSecret, String accessToken) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal(accessToken.getBytes(StandardCharsets.UTF_8));
            char[] out = new char[digest.length * 2];
            for (int i = 0; i < digest.length; i++) {
                out[2 * i] = HEX[digest[i] >>> 4 & 15];
                out[2 * i + 1] = HEX[digest[i] & 15];
            }
            return new String(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }

    /** A failure before or instead of a response: all transient, Meta never saw (or answered) the payload. */
    static SendResult transportFailure(Throwable ex, SendRequest request) {
        Throwable e = ex;
        if (e instanceof BoundedResponseConsumer.ResponseTooLargeException) {
            return failure(DeliveryOutcome.RETRY, ((BoundedResponseConsumer.ResponseTooLargeException) e).status,
                    "response_too_large", e.getMessage(), request);
        }
        String type;
        if (e instanceof ConnectTimeoutException) {
            type = "connect_timeout";
        } else if (e instanceof SocketTimeoutException) {
            type = "response_timeout";
        } else if (e instanceof TimeoutException) {
            type = "timeout";
        } else if (e instanceof ConnectException) {
            type = "connection_refused";
        } else if (e instanceof UnknownHostException) {
            type = "unknown_host";
        } else if (e instanceof SSLException) {
            type = "tls_error";
        } else if (e instanceof ConnectionClosedException) {
            type = "connection_closed";
        } else if (e instanceof SocketException) {
            type = "connection_error";
        } else if (e instanceof HttpException) {
            type = "protocol_error";
        } else if (e instanceof CancellationException) {
            type = "cancelled";
        } else if (e instanceof IOException) {
            type = "io_error";
        } else {
            type = "client_error";
        }
        return failure(DeliveryOutcome.RETRY, 0, type, describe(e), request);
    }

    private static SendResult failure(DeliveryOutcome outcome, int status, String type, String message,
            SendRequest request) {
        return SendResult.failed(outcome, status, GraphError.local(type, message), null, null);
    }

    private void complete(CompletableFuture<SendResult> future, SendRequest request, SendResult result,
            long startedNanos) {
        if (future.isDone()) {
            // Already completed by the deadline (or the other way round): one outcome, one log line.
            return;
        }
        SendResult safe = result;
        try {
            if (request != null) {
                safe = redact(result, request);
                log(request, safe, (System.nanoTime() - startedNanos) / 1_000_000L);
            }
        } catch (RuntimeException e) {
            // Redaction cannot fail in practice; if it does, complete without the message rather than not at all.
            safe = SendResult.failed(result.isDelivered() ? DeliveryOutcome.RETRY : result.outcome(),
                    result.httpStatus(), GraphError.local("client_error", e.getClass().getSimpleName()),
                    null, result.retryAfterMillis());
        } finally {
            future.complete(safe);
        }
    }

    private static void log(SendRequest request, SendResult r, long millis) {
        // An invalid pixel id is configuration text, maybe with line breaks: never log it verbatim.
        String pixel = PIXEL_ID.matcher(String.valueOf(request.pixelId())).matches() ? request.pixelId()
                : "(invalid)";
        // Pixel, count, status, outcome, trace id and error code/type only: never the token, bodies or user data.
        if (r.isDelivered()) {
            if (LOG.isDebugEnabled()) {
                LOG.debug("CAPI pixel " + pixel + ": " + request.eventJsons().size() + " events "
                        + r.outcome() + ", HTTP " + r.httpStatus() + ", events_received " + r.eventsReceived()
                        + ", fbtrace_id " + r.fbtraceId() + ", " + millis + " ms");
            }
        } else if (LOG.isWarnEnabled()) {
            GraphError e = r.error();
            LOG.warn("CAPI pixel " + pixel + ": " + request.eventJsons().size() + " events "
                    + r.outcome() + ", HTTP " + r.httpStatus() + ", error " + (e.code() != null ? "code " + e.code()
                    + (e.subcode() != null ? "/" + e.subcode() : "") + " " : "") + (e.type() != null ? "[" + e.type() + "]" : "")
                    + ", fbtrace_id " + r.fbtraceId() + ", " + millis + " ms");
        }
    }

    /**
     * Belt and braces: Meta does not echo tokens, but a proxy or an exception message might; no secret may reach
     * the outbox, the admin or a log through a result.
     */
    static SendResult redact(SendResult r, SendRequest request) {
        List<String> secrets = new ArrayList<String>(3);
        addSecret(secrets, request.credentials().accessToken());
        addSecret(secrets, request.credentials().appSecret());
        if (!isEmpty(request.credentials().appSecret()) && !isEmpty(request.credentials().accessToken())) {
            secrets.add(appSecretProof(request.credentials().appSecret(), request.credentials().accessToken()));
        }
        if (secrets.isEmpty()) {
            return r;
        }
        if (r.isDelivered()) {
            List<String> messages = new ArrayList<String>(r.messages().size());
            boolean changed = false;
            for (String m : r.messages()) {
                String clean = scrub(m, secrets);
                changed |= clean != m;
                messages.add(clean);
            }
            String trace = scrub(r.fbtraceId(), secrets);
            return changed || trace != r.fbtraceId()
                    ? SendResult.delivered(r.httpStatus(), r.eventsReceived(), messages, trace) : r;
        }
        GraphError e = r.error();
        String type = scrub(e.type(), secrets);
        String message = scrub(e.message(), secrets);
        String title = scrub(e.userTitle(), secrets);
        String userMessage = scrub(e.userMessage(), secrets);
        String trace = scrub(r.fbtraceId(), secrets);
        if (type == e.type() && message == e.message() && title == e.userTitle() && userMessage == e.userMessage()
                && trace == r.fbtraceId()) {
            return r;
        }
        return SendResult.failed(r.outcome(), r.httpStatus(), new GraphError(e.code(), e.subcode(), type, message,
                title, userMessage, e.isTransient()), trace, r.retryAfterMillis());
    }

    private static void addSecret(List<String> secrets, String s) {
        // Very short values would redact innocent text and are not real credentials anyway.
        if (s != null && s.length() >= 4) {
            secrets.add(s);
        }
    }

    /** Returns the same instance when nothing matched (callers compare by identity). */
    private static String scrub(String text, List<String> secrets) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String s : secrets) {
            if (out.contains(s)) {
                out = out.replace(s, REDACTED);
            }
        }
        return out;
    }

    private static String describe(Throwable e) {
        String msg = e.getMessage();
        String text = e.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    private static boolean looksLikeJsonObject(String json) {
        if (json == null) {
            return false;
        }
        String t = json.trim();
        return t.length() >= 2 && t.charAt(0) == '{' && t.charAt(t.length() - 1) == '}';
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }

    @Override
    public String toString() {
        return "GraphApiClient{" + config + (closed.get() ? ", closed" : "") + "}";
    }
}
