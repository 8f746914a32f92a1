package io.github.broadleafmeta.admin.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.broadleafmeta.core.settings.MetaSettings;
import io.github.broadleafmeta.core.settings.SettingsResolver;
import io.github.broadleafmeta.core.settings.SettingsSource;
import io.github.broadleafmeta.core.settings.SystemEnvironmentSettingsSource;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** "Send a test event" against a real Graph API client and a local HTTP server. */
class TestEventSenderTest {

    private static final String TOKEN = "EAAGtestSenderToken123";

    private HttpServer server;
    private final TestEventSender sender = new TestEventSender(Clock.systemUTC());

    @AfterEach
    void tearDown() {
        sender.close();
        if (server != null) {
            server.stop(0);
        }
    }

    private MetaSettings settingsAnsweredWith(int status, String contentType, String body) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        Map<String, String> env = Map.of("META_PIXEL_ID", "1234567890123456", "META_CAPI_ACCESS_TOKEN", TOKEN,
                "META_CAPI_GRAPH_URL", "http://127.0.0.1:" + server.getAddress().getPort(),
                "META_CAPI_TEST_EVENT_CODE", "TEST4711");
        return new SettingsResolver(List.<SettingsSource>of(SystemEnvironmentSettingsSource.of(Map.of(), env)),
                Clock.systemUTC()).resolve();
    }

    @Test
    void shouldNotEchoTheAnswerBodyWhenTheServerDoesNotAnswerLikeTheGraphApi() throws Exception {
        MetaSettings settings = settingsAnsweredWith(200, "text/html",
                "<html>INTERNAL-ONLY router page, admin password hunter2</html>");

        TestEventSender.Outcome outcome = sender.send(settings, "https://admin.example/", "JUnit");

        assertThat(outcome.isSent()).isFalse();
        assertThat(outcome.getMessage()).contains("HTTP 200").doesNotContain("INTERNAL-ONLY")
                .doesNotContain("hunter2").doesNotContain("<html>").doesNotContain(TOKEN);
    }

    @Test
    void shouldNotEchoAnErrorMessageWithoutAGraphErrorCode() throws Exception {
        MetaSettings settings = settingsAnsweredWith(500, "application/json",
                "{\"error\":{\"message\":\"INTERNAL-ONLY stack trace at db01.corp\"}}");

        TestEventSender.Outcome outcome = sender.send(settings, "https://admin.example/", "JUnit");

        assertThat(outcome.isSent()).isFalse();
        assertThat(outcome.getMessage()).contains("HTTP 500").doesNotContain("INTERNAL-ONLY");
    }

    @Test
    void shouldShowMetasCodeMessageAndTraceWhenTheGraphErrorIsParsed() throws Exception {
        MetaSettings settings = settingsAnsweredWith(400, "application/json",
                "{\"error\":{\"message\":\"Invalid parameter\",\"type\":\"OAuthException\",\"code\":100,"
                        + "\"error_subcode\":2804003,\"fbtrace_id\":\"AbCtrace9\"}}");

        TestEventSender.Outcome outcome = sender.send(settings, "https://admin.example/", "JUnit");

        assertThat(outcome.isSent()).isFalse();
        assertThat(outcome.getMessage()).contains("code 100/2804003").contains("Invalid parameter")
                .contains("AbCtrace9").contains("HTTP 400");
    }

    @Test
    void shouldSendToTheChosenPixelWithItsOwnTokenAndTestCodeWhenSeveralPixelsAreConfigured() throws Exception {
        java.util.List<String> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestURI().getPath() + "\n"
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] bytes = "{\"events_received\":1,\"fbtrace_id\":\"Tr2\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        Map<String, String> env = Map.of("META_PIXEL_ID", "1234567890123456", "META_CAPI_ACCESS_TOKEN", TOKEN,
                "META_CAPI_GRAPH_URL", "http://127.0.0.1:" + server.getAddress().getPort(),
                "META_CAPI_TEST_EVENT_CODE", "TEST4711", "META_PIXELS_ADDITIONAL", "2222222222222222",
                "META_PIXEL_2222222222222222_ACCESS_TOKEN", "EAAGsecondPixelToken",
                "META_PIXEL_2222222222222222_TEST_EVENT_CODE", "TEST2222");
        MetaSettings settings = new SettingsResolver(List.<SettingsSource>of(
                SystemEnvironmentSettingsSource.of(Map.of(), env)), Clock.systemUTC()).resolve();

        TestEventSender.Outcome outcome = sender.send(settings, "2222222222222222", "https://admin.example/", "JUnit");

        assertThat(outcome.isSent()).as(outcome.getMessage()).isTrue();
        assertThat(outcome.getMessage()).contains("pixel 2222222222222222");
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0)).contains("/2222222222222222/events").contains("TEST2222")
                .doesNotContain("TEST4711");
    }

    @Test
    void shouldRefuseAPixelThatIsNotConfigured() throws Exception {
        MetaSettings settings = settingsAnsweredWith(200, "application/json", "{\"events_received\":1}");

        TestEventSender.Outcome outcome = sender.send(settings, "9999999999999999", "https://admin.example/", "JUnit");

        assertThat(outcome.isSent()).isFalse();
        assertThat(outcome.getMessage()).contains("9999999999999999 is not configured");
    }
}
