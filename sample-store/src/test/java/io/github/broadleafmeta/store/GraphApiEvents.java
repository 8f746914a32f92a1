package io.github.broadleafmeta.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/** The events the stub Graph API ({@link RunningStore#graphApi()}) received. */
final class GraphApiEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The server copy with {@code event_id}, as delivered; waits (bounded) for the dispatcher to send it. */
    static JsonNode sent(String eventId) throws Exception {
        OutboxRows.awaitStatus(eventId, "SENT");
        List<LoggedRequest> requests = RunningStore.graphApi().findAll(postRequestedFor(
                urlPathMatching("/v[0-9.]+/" + RunningStore.PIXEL_ID + "/events")));
        for (LoggedRequest request : requests) {
            for (JsonNode event : JSON.readTree(request.getBodyAsString()).get("data")) {
                if (event.get("event_id").asText().equals(eventId)) {
                    return event;
                }
            }
        }
        throw new AssertionError("the Graph API stub never received event " + eventId);
    }

    private GraphApiEvents() {
    }
}
