package io.github.broadleafmeta.core.quality;

import io.github.broadleafmeta.core.capi.BoundedResponseConsumer;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.DefaultThreadFactory;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;
import org.apache.hc.core5.http.nio.support.AsyncRequestBuilder;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Blocking form POSTs against the Graph API for the quality reads: its own small HTTP client (two connections,
 * explicit timeouts, no retries, redirects or cookies), so a slow or failing read never takes a connection or a
 * thread the event delivery needs. Answers are bounded by the delivery client's {@link BoundedResponseConsumer}.
 * The token travels in the body only, as for events; exception messages are the caller's to scrub.
 */
public final class GraphReadClient implements Closeable {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_TOTAL_TIMEOUT = Duration.ofSeconds(20);
    /** Quality answers are a few kilobytes per event name. */
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 256 * 1024;

    /** Status and body (UTF-8) of an answer. */
    public static final class Answer {
        private final int status;
        private final String body;

        Answer(int status, String body) {
            this.status = status;
            this.body = body;
        }

        public int status() {
            return status;
        }

        public String body() {
            return body;
        }
    }

    private final Duration totalTimeout;
    private final int maxResponseBytes;
    private final CloseableHttpAsyncClient http;

    public GraphReadClient() {
        this(DEFAULT_CONNECT_TIMEOUT, DEFAULT_TOTAL_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, "broadleafmeta-quality");
    }

    public GraphReadClient(Duration connectTimeout, Duration totalTimeout, int maxResponseBytes, String userAgent) {
        if (connectTimeout == null || totalTimeout == null || maxResponseBytes < 1) {
            throw new IllegalArgumentException("timeouts and a positive response limit are required");
        }
        this.totalTimeout = totalTimeout;
        this.maxResponseBytes = maxResponseBytes;
        Timeout connect = Timeout.ofMilliseconds(connectTimeout.toMillis());
        Timeout total = Timeout.ofMilliseconds(totalTimeout.toMillis());
        this.http = HttpAsyncClients.custom()
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(2)
                        .setMaxConnPerRoute(2)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(connect)
                                .setSocketTimeout(total)
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(total)
                        .setConnectionRequestTimeout(total)
                        .setRedirectsEnabled(false)
                        .build())
                .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(1).setSoTimeout(total).build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .setUserAgent(userAgent)
                .setThreadFactory(new DefaultThreadFactory("broadleafmeta-quality-http", true))
                .build();
        this.http.start();
    }

    /**
     * One POST of an {@code application/x-www-form-urlencoded} body, at most the total timeout long.
     *
     * @throws IOException      connection failures, an answer over the size limit
     * @throws TimeoutException no complete answer within the total timeout
     */
    public Answer postForm(URI uri, String formBody) throws IOException, TimeoutException, InterruptedException {
        Future<BoundedResponseConsumer.RawResponse> exchange = http.execute(
                AsyncRequestBuilder.post(uri).addHeader("Accept", "application/json")
                        .setEntity(AsyncEntityProducers.create(formBody.getBytes(StandardCharsets.UTF_8),
                                ContentType.APPLICATION_FORM_URLENCODED))
                        .build(),
                new BoundedResponseConsumer(maxResponseBytes), null);
        try {
            BoundedResponseConsumer.RawResponse raw = exchange.get(totalTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Answer(raw.status(), new String(raw.body(), StandardCharsets.UTF_8));
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException) {
                throw (IOException) cause;
            }
            throw new IOException(cause == null ? "request failed" : cause.getClass().getSimpleName(), cause);
        }
    }

    @Override
    public void close() {
        http.close(CloseMode.IMMEDIATE);
    }
}
