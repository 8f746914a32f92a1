package io.github.broadleafmeta.core.alert;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookAlertChannelTest {

    private static final String SECRET_PATH = "/services/T000/B000/webhook-key-do-not-leak";

    private WireMockServer receiver;

    @BeforeEach
    void start() {
        receiver = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop();
    }

    private AlertSettings settings() {
        return AlertSettings.builder().webhookUrl(receiver.baseUrl() + SECRET_PATH).build();
    }

    private static AlertMessage message() {
        return new AlertMessage(AlertMessage.Kind.STARTED, AlertRules.CIRCUIT_OPEN, "Conversions API circuit open",
                "111111111111111", Instant.parse("2026-12-07T08:00:00Z"), null, "circuit OPEN (alert after 10 min)");
    }

    @Test
    void shouldPostJsonWithSlackCompatibleTextField() throws Exception {
        receiver.stubFor(post(urlEqualTo(SECRET_PATH)).willReturn(aResponse().withStatus(200).withBody("ok")));
        new WebhookAlertChannel().send(message(), settings());

        receiver.verify(1, postRequestedFor(urlEqualTo(SECRET_PATH))
                .withHeader("Content-Type", containing("application/json"))
                .withRequestBody(matchingJsonPath("$.text")));
        JsonNode body = new ObjectMapper().readTree(receiver.getAllServeEvents().get(0).getRequest().getBodyAsString());
        assertThat(body.get("text").asText()).startsWith("[Meta CAPI] ALERT pixel 111111111111111: Conversions API "
                + "circuit open");
        assertThat(body.get("state").asText()).isEqualTo("started");
        assertThat(body.get("rule").asText()).isEqualTo(AlertRules.CIRCUIT_OPEN);
        assertThat(body.get("pixel").asText()).isEqualTo("111111111111111");
    }

    @Test
    void shouldFailWithoutNamingTheUrlWhenReceiverAnswersServerError() {
        receiver.stubFor(post(urlEqualTo(SECRET_PATH)).willReturn(aResponse().withStatus(500)));
        assertThatThrownBy(() -> new WebhookAlertChannel().send(message(), settings()))
                .hasMessageContaining("HTTP 500").hasMessageNotContaining("webhook-key");
    }

    @Test
    void shouldFailWithoutNamingTheUrlWhenNothingListens() {
        String url = receiver.baseUrl() + SECRET_PATH;
        receiver.stop();
        assertThatThrownBy(() -> new WebhookAlertChannel().send(message(),
                AlertSettings.builder().webhookUrl(url).build())).hasMessageNotContaining("webhook-key")
                .hasMessageNotContaining("127.0.0.1");
    }

    @Test
    void shouldNotFollowRedirects() {
        receiver.stubFor(post(urlEqualTo(SECRET_PATH)).willReturn(aResponse().withStatus(302)
                .withHeader("Location", "http://127.0.0.1:1/elsewhere")));
        assertThatThrownBy(() -> new WebhookAlertChannel().send(message(), settings()))
                .hasMessageContaining("HTTP 302");
    }

    @Test
    void shouldRejectWebhookUrlsThatAreNotHttpOrCarryCredentials() {
        assertThat(AlertSettings.webhookUrlProblem("https://hooks.example.com/services/x")).isNull();
        assertThat(AlertSettings.webhookUrlProblem("file:///etc/passwd")).isNotNull();
        assertThat(AlertSettings.webhookUrlProblem("https://user:pw@hooks.example.com/x")).isNotNull();
        assertThat(AlertSettings.webhookUrlProblem("hooks.example.com/x")).isNotNull();
    }
}
