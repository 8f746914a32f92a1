package io.github.broadleafmeta.core.capi;

import java.util.concurrent.CompletableFuture;

/**
 * Sends one batch of already-serialized events to one pixel's Conversions API endpoint.
 *
 * <p>Implementations make exactly one attempt and never retry on their own: retrying belongs to the outbox, which
 * remembers attempts across restarts. The returned future always completes normally with a classified
 * {@link SendResult}; network failures, timeouts and unparseable bodies are results too, never exceptional
 * completions. Implementations must never log the access token, the app secret or the event payloads.
 */
public interface EventSender {

    CompletableFuture<SendResult> send(SendRequest request);
}
