package io.github.broadleafmeta.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * What a stub Graph API (WireMock) received: the one reader of its journal for the store tests, so each test states
 * what it counts instead of parsing request bodies again.
 */
final class GraphApiEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request the stub received, with the events of its body and how the stub answered. */
    static final class Request {
        final String url;
        final long receivedAtMillis;
        final boolean matched;
        /** The stub that answered, or null when none matched. */
        final UUID stubId;
        /** The HTTP status answered, or -1 when no answer was recorded (a reset connection, a pending answer). */
        final int status;
        /** The body's {@code access_token}, or null. */
        final String accessToken;
        /** The body's {@code data} entries; empty when the body is not an events JSON. */
        final List<JsonNode> events;

        private Request(ServeEvent serveEvent) {
            url = serveEvent.getRequest().getUrl();
            receivedAtMillis = serveEvent.getRequest().getLoggedDate().getTime();
            matched = serveEvent.getWasMatched();
            stubId = serveEvent.getStubMapping() != null ? serveEvent.getStubMapping().getId() : null;
            status = serveEvent.getResponse() != null ? serveEvent.getResponse().getStatus() : -1;
            String body = serveEvent.getRequest().getBodyAsString();
            JsonNode json = parse(body);
            accessToken = json != null && json.hasNonNull("access_token") ? json.get("access_token").asText() : null;
            List<JsonNode> data = new ArrayList<>();
            if (json != null && json.has("data")) {
                json.get("data").forEach(data::add);
            }
            events = Collections.unmodifiableList(data);
        }

        List<String> eventIds() {
            List<String> ids = new ArrayList<>();
            for (JsonNode event : events) {
                ids.add(event.get("event_id").asText());
            }
            return ids;
        }

        boolean answeredOk() {
            return status == 200;
        }
    }

    /** Every request {@code graph} received, oldest first. */
    static List<Request> journal(WireMockServer graph) {
        List<Request> requests = new ArrayList<>();
        for (ServeEvent serveEvent : graph.getAllServeEvents()) {
            requests.add(new Request(serveEvent));
        }
        requests.sort(Comparator.comparingLong(r -> r.receivedAtMillis));
        return requests;
    }

    /**
     * The server copy with {@code event_id}, as delivered to the shared store's stub; waits (bounded) for the
     * dispatcher to send it. Also checks that no request put the access token into its URL.
     */
    static JsonNode sent(String eventId) throws Exception {
        OutboxRows.awaitStatus(eventId, "SENT");
        String eventsPath = "/" + RunningStore.PIXEL_ID + "/events";
        for (Request request : journal(RunningStore.graphApi())) {
            if (request.url.contains(RunningStore.ACCESS_TOKEN)) {
                throw new AssertionError("a Graph API request carried the access token in its URL");
            }
            if (!request.url.matches("/v[0-9.]+" + eventsPath + "(\\?.*)?")) {
                continue;
            }
            for (JsonNode event : request.events) {
                if (event.get("event_id").asText().equals(eventId)) {
                    return event;
                }
            }
        }
        throw new AssertionError("the Graph API stub never received event " + eventId);
    }

    /** The body as JSON; null when it is empty or not JSON (a request some tests send on purpose). */
    private static JsonNode parse(String body) {
        if (body == null || body.isEmpty()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private GraphApiEvents() {
    }
}
