package io.github.broadleafmeta.store;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.broadleafmeta.store.StoreClient.Page;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The admin's "Meta quality" tab on the real store: "Read now" reads the (stub) Dataset Quality API and debug_token
 * with the store's token, and the page shows Meta's figures, escaped, and a loud warning for a token that expires
 * soon, never the token itself. Meta's answers here are the documented shapes.
 */
class AdminQualityIT {

    static final String HOSTILE_EVENT = "<img src=x onerror=alert(1)>";

    private final List<StubMapping> stubs = new ArrayList<>();

    @AfterEach
    void removeStubs() {
        stubs.forEach(RunningStore.graphApi()::removeStub);
    }

    /** Meta's answer to the reader's batch request: the two bodies as JSON strings, in order. */
    static String batchAnswer(String datasetBody, String tokenBody) throws Exception {
        ObjectMapper json = new ObjectMapper();
        return "[{\"code\":200,\"body\":" + json.writeValueAsString(datasetBody) + "},{\"code\":200,\"body\":"
                + json.writeValueAsString(tokenBody) + "}]";
    }

    private static StoreClient login() throws Exception {
        StoreClient admin = RunningStore.admin();
        Page login = admin.get("/admin/login");
        Page result = admin.submitLikeBrowser(login.one("form"), Map.of("j_username", "admin", "j_password", "admin"));
        assertThat(result.location()).doesNotContain("login_error");
        return admin;
    }

    @Test
    void shouldShowMetasFiguresAndWarnOfTheTokensExpiryAfterReadNow() throws Exception {
        WireMockServer graph = RunningStore.graphApi();
        long expiresAt = System.currentTimeMillis() / 1000 + 5 * 86400 + 3600;
        String dataset = "{\"web\":[{\"event_name\":\"Purchase\",\"event_match_quality\":{\"composite_score\":6.4,"
                + "\"match_key_feedback\":[{\"identifier\":\"email\",\"coverage\":{\"percentage\":92}}]},"
                + "\"event_coverage\":{\"percentage\":81,\"goal_percentage\":75},\"data_freshness\":"
                + "{\"upload_frequency\":\"real_time\"}},{\"event_name\":\"" + HOSTILE_EVENT
                + "\",\"event_match_quality\":{\"composite_score\":3}}]}";
        String token = "{\"data\":{\"is_valid\":true,\"expires_at\":" + expiresAt
                + ",\"scopes\":[\"ads_management\"]}}";
        stubs.add(graph.stubFor(post(urlPathMatching("/v[0-9.]+/?")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(batchAnswer(dataset, token)))));
        StoreClient admin = login();
        Page before = admin.browse("/admin/meta-pixel/quality");
        assertThat(before.status).isEqualTo(200);
        assertThat(before.one("form[data-test=read-now-form]").select("input[name=csrfToken]")).hasSize(1);

        Page read = admin.submitLikeBrowser(before.one("form[data-test=read-now-form]"), Map.of());
        Page after = admin.browse(read.location());

        assertThat(after.text("[data-test=message]")).contains("Read pixel " + RunningStore.PIXEL_ID);
        assertThat(after.text("tr[data-event-name=Purchase] [data-test=emq]")).isEqualTo("6.4");
        assertThat(after.text("tr[data-event-name=Purchase] [data-test=event-coverage]")).isEqualTo("81 % (goal 75 %)");
        assertThat(after.one("[data-test=token-health]").attr("data-level")).isEqualTo("alert");
        assertThat(after.text("[data-test=token-health]")).contains("expires in 5 days");
        assertThat(after.html.select("tr[data-test=quality-event]").eachText()).anyMatch(t -> t.contains(HOSTILE_EVENT));
        assertThat(after.body).doesNotContain(HOSTILE_EVENT).doesNotContain(RunningStore.ACCESS_TOKEN);
        assertThat(after.html.select("[data-test=quality-trend] svg")).hasSize(1);
    }

    @Test
    void shouldRefuseReadNowWithoutTheCsrfToken() throws Exception {
        StoreClient admin = login();
        long readsBefore = datasetQualityReads();

        Page result = admin.post("/admin/meta-pixel/quality/read", Map.of("pixel", RunningStore.PIXEL_ID));

        assertThat(result.status).isNotIn(200, 302);
        assertThat(datasetQualityReads()).as("Meta is not called").isEqualTo(readsBefore);
    }

    private static long datasetQualityReads() {
        return RunningStore.graphApi().getAllServeEvents().stream()
                .filter(e -> e.getRequest().getBodyAsString().contains("dataset_quality")).count();
    }
}
