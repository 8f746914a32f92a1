package io.github.broadleafmeta.core.capi;

import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.protocol.HttpContext;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Buffers a response body up to a limit and fails the exchange beyond it (the connection is dropped, not drained):
 * a Graph API answer is small, so a big body is a misbehaving proxy and not worth memory. Public for the other
 * Graph API readers (core.quality), which bound their answers the same way.
 */
public final class BoundedResponseConsumer implements AsyncResponseConsumer<BoundedResponseConsumer.RawResponse> {

    private final int maxBytes;
    private ByteArrayOutputStream buffer;
    private int status;
    private String retryAfter;
    private String fbtrace;
    private FutureCallback<RawResponse> resultCallback;

    public BoundedResponseConsumer(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void consumeResponse(HttpResponse response, EntityDetails entityDetails, HttpContext context,
            FutureCallback<RawResponse> callback) throws IOException {
        status = response.getCode();
        retryAfter = headerValue(response, "Retry-After");
        fbtrace = headerValue(response, ResponseClassifier.FBTRACE_HEADER);
        if (entityDetails == null) {
            callback.completed(new RawResponse(status, new byte[0], retryAfter, fbtrace));
            return;
        }
        if (entityDetails.getContentLength() > maxBytes) {
            throw new ResponseTooLargeException(status, maxBytes);
        }
        long declared = entityDetails.getContentLength();
        buffer = new ByteArrayOutputStream(declared > 0 ? (int) declared : 1024);
        resultCallback = callback;
    }

    @Override
    public void informationResponse(HttpResponse response, HttpContext context) {
        // 1xx: nothing to keep.
    }

    @Override
    public void updateCapacity(CapacityChannel capacityChannel) throws IOException {
        capacityChannel.update(Integer.MAX_VALUE);
    }

    @Override
    public void consume(ByteBuffer src) throws IOException {
        int n = src.remaining();
        if (buffer.size() + (long) n > maxBytes) {
            throw new ResponseTooLargeException(status, maxBytes);
        }
        if (src.hasArray()) {
            buffer.write(src.array(), src.arrayOffset() + src.position(), n);
            src.position(src.limit());
        } else {
            byte[] chunk = new byte[n];
            src.get(chunk);
            buffer.write(chunk, 0, n);
        }
    }

    @Override
    public void streamEnd(List<? extends Header> trailers) {
        FutureCallback<RawResponse> callback = resultCallback;
        if (callback != null) {
            callback.completed(new RawResponse(status, buffer.toByteArray(), retryAfter, fbtrace));
        }
    }

    @Override
    public void failed(Exception cause) {
        // The client's own callback reports the failure; here we only drop the buffer.
        releaseResources();
    }

    @Override
    public void releaseResources() {
        buffer = null;
        resultCallback = null;
    }

    private static String headerValue(HttpResponse response, String name) {
        Header h = response.getFirstHeader(name);
        return h == null ? null : h.getValue();
    }

    /** What arrived: status, raw body and the two headers the classifier reads. */
    public static final class RawResponse {
        final int status;
        final byte[] body;
        final String retryAfter;
        final String fbtrace;

        RawResponse(int status, byte[] body, String retryAfter, String fbtrace) {
            this.status = status;
            this.body = body;
            this.retryAfter = retryAfter;
            this.fbtrace = fbtrace;
        }

        public int status() {
            return status;
        }

        public byte[] body() {
            return body;
        }
    }

    /** The body exceeded the limit; carries the status that had arrived. */
    public static final class ResponseTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;
        final int status;

        ResponseTooLargeException(int status, int maxBytes) {
            super("response body larger than " + maxBytes + " bytes");
            this.status = status;
        }
    }
}
