package io.github.broadleafmeta.core.dispatch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.broadleafmeta.core.capi.DeliveryOutcome;
import io.github.broadleafmeta.core.capi.EventSender;
import io.github.broadleafmeta.core.capi.GraphError;
import io.github.broadleafmeta.core.capi.SendRequest;
import io.github.broadleafmeta.core.capi.SendResult;

/** A test double for the Graph API: answers by script, records every request and every delivered event id. */
final class ScriptedSender implements EventSender {

    private static final Pattern EVENT_ID = Pattern.compile("\"event_id\":\"([^\"]+)\"");

    final List<SendRequest> requests = Collections.synchronizedList(new ArrayList<SendRequest>());
    final Map<String, AtomicInteger> delivered = new ConcurrentHashMap<String, AtomicInteger>();
    volatile Function<SendRequest, CompletableFuture<SendResult>> script =
            r -> CompletableFuture.completedFuture(ok(r));

    @Override
    public CompletableFuture<SendResult> send(SendRequest request) {
        requests.add(request);
        return script.apply(request).thenApply(r -> {
            if (r.isDelivered()) {
                for (String json : request.eventJsons()) {
                    delivered.computeIfAbsent(eventId(json), k -> new AtomicInteger()).incrementAndGet();
                }
            }
            return r;
        });
    }

    void answer(Function<SendRequest, SendResult> answer) {
        script = r -> CompletableFuture.completedFuture(answer.apply(r));
    }

    void answerAlways(SendResult result) {
        answer(r -> result);
    }

    int requestCount() {
        return requests.size();
    }

    static String eventId(String json) {
        Matcher m = EVENT_ID.matcher(json);
        if (!m.find()) {
            throw new IllegalArgumentException("no event_id in test payload");
        }
        return m.group(1);
    }

    static List<String> eventIds(SendRequest r) {
        List<String> ids = new ArrayList<String>();
        for (String json : r.eventJsons()) {
            ids.add(eventId(json));
        }
        return ids;
    }

    static SendResult ok(SendRequest r) {
        return SendResult.delivered(200, r.eventJsons().size(), Collections.<String>emptyList(), "trace-ok");
    }

    static SendResult failure(DeliveryOutcome outcome, int http, int code, String message) {
        return SendResult.failed(outcome, http, new GraphError(code, null, "OAuthException", message, null, null,
                null), "trace-" + code, null);
    }
}
