package io.github.broadleafmeta.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.File;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import javax.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 15's alert proof on the real store (its own process, so the SMTP server is known at boot): the Graph API
 * answers 503 for longer than the circuit-open threshold (1 minute here, set through the settings' system
 * properties), and the store sends exactly one alert and one recovery to both an SMTP capture (GreenMail, through
 * Broadleaf's blMailSender) and a webhook receiver; /meta/health turns DEGRADED, then UP again. Neither channel
 * carries the access token or the shoppers' e-mail addresses.
 */
class AlertsIT {

    private static final String PIXEL_ID = "123456789012345";
    private static final String ACCESS_TOKEN = "alerts-it-access-token-do-not-leak";
    private static final String WEBHOOK_PATH = "/hooks/alerts-it-webhook-key";
    private static final String SHOPPER_DOMAIN = "@alerts-it.example.com";
    private static final long WAIT_SECONDS = 420;

    private final ObjectMapper json = new ObjectMapper();
    private GreenMail smtp;
    private WireMockServer graphApi;
    private WireMockServer webhook;
    private StoreProcess store;

    @BeforeEach
    void start() throws Exception {
        smtp = new GreenMail(new ServerSetup(RunningStore.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        graphApi = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        graphApi.start();
        graphApi.stubFor(WireMock.post(WireMock.urlPathMatching("/v[0-9.]+/[0-9]+/events"))
                .willReturn(WireMock.okJson("{\"events_received\": {{jsonPath request.body '$.data.length()'}},"
                        + " \"messages\": [], \"fbtrace_id\": \"AbCdEfTrace\"}").withTransformers("response-template")));
        webhook = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        webhook.start();
        webhook.stubFor(WireMock.post(WireMock.urlEqualTo(WEBHOOK_PATH)).willReturn(WireMock.ok("ok")));

        File dataDir = new File(System.getProperty("store.it.dataDir", "target/it-data"),
                "alerts-" + System.currentTimeMillis());
        store = new StoreProcess.Starter(dataDir)
                .env("META_PIXEL_ID", PIXEL_ID)
                .env("META_CAPI_ACCESS_TOKEN", ACCESS_TOKEN)
                .env("META_CAPI_GRAPH_URL", graphApi.baseUrl())
                .env("STORE_JAVA_OPTS", "-Xmx768m -Dmeta.dispatch.intervalMillis=200"
                        + " -Dmeta.alert.intervalSeconds=5 -Dmeta.alert.circuitOpenMinutes=1"
                        + " -Dmeta.alert.clearMinutes=0 -Dmeta.alert.emailTo=ops@brewbeans.example.com"
                        + " -Dmeta.alert.webhookUrl=" + webhook.baseUrl() + WEBHOOK_PATH
                        + " -Dstore.mail.host=127.0.0.1 -Dstore.mail.port=" + smtp.getSmtp().getPort())
                .start("alerts");
    }

    @AfterEach
    void stop() throws Exception {
        if (store != null) {
            store.close();
        }
        for (WireMockServer s : new WireMockServer[] {graphApi, webhook}) {
            if (s != null) {
                s.stop();
            }
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    @Test
    void shouldSendOneAlertAndOneRecoveryToMailAndWebhookWhenGraphApiIsDownLongerThanThreshold() throws Exception {
        StoreClient site = new StoreClient(store.siteUrl());
        JsonNode health = health(site);
        assertThat(health.get("status").asText()).as("health before the outage: %s", health).isEqualTo("UP");

        StubMapping outage = graphApi.stubFor(WireMock.post(WireMock.urlPathMatching("/v[0-9.]+/[0-9]+/events"))
                .atPriority(1).willReturn(WireMock.aResponse().withStatus(503)));
        long outageStarted = System.nanoTime();
        int orders = 0;
        while (!"DEGRADED".equals(health(site).get("status").asText())) {
            order(site, orders++);
            assertThat(seconds(outageStarted)).as("seconds until the circuit opened").isLessThan(WAIT_SECONDS);
        }
        StoreClient.Page degraded = site.get("/meta/health");
        assertThat(degraded.status).as("DEGRADED keeps HTTP 200 by default").isEqualTo(200);
        assertThat(json.readTree(degraded.body).get("reasons").get(0).asText())
                .startsWith("pixel " + PIXEL_ID + ": circuit ");

        await("the alert e-mail and webhook", () -> smtp.getReceivedMessages().length >= 1 && webhookBodies().size() >= 1);
        assertThat(seconds(outageStarted)).as("the alert waits for the 1-minute threshold").isGreaterThanOrEqualTo(60);
        graphApi.removeStub(outage);

        await("the recovery e-mail and webhook", () -> smtp.getReceivedMessages().length >= 2 && webhookBodies().size() >= 2);
        await("health UP", () -> "UP".equals(healthQuietly(site)));
        Thread.sleep(20_000); // four more evaluations: nothing more is sent

        MimeMessage[] mails = smtp.getReceivedMessages();
        assertThat(mails).as("e-mails").hasSize(2);
        assertThat(mails[0].getSubject()).isEqualTo("[Meta CAPI] ALERT pixel " + PIXEL_ID
                + ": Conversions API circuit open");
        assertThat(mails[1].getSubject()).isEqualTo("[Meta CAPI] RESOLVED pixel " + PIXEL_ID
                + ": Conversions API circuit open");
        List<JsonNode> hooks = new ArrayList<>();
        for (String body : webhookBodies()) {
            hooks.add(json.readTree(body));
        }
        assertThat(hooks).as("webhook posts").hasSize(2);
        assertThat(hooks).extracting(h -> h.get("state").asText()).containsExactly("started", "ended");
        assertThat(hooks).extracting(h -> h.get("rule").asText()).containsOnly("circuit_open");
        assertThat(hooks.get(0).get("text").asText()).startsWith("[Meta CAPI] ALERT pixel " + PIXEL_ID);

        List<String> everythingSent = new ArrayList<>(webhookBodies());
        for (MimeMessage m : mails) {
            everythingSent.add(m.getSubject() + "\n" + GreenMailUtil.getBody(m));
        }
        assertThat(String.join("\n", everythingSent)).as("alerts hold no token and no shopper data")
                .doesNotContain(ACCESS_TOKEN).doesNotContain(SHOPPER_DOMAIN).doesNotContain("Outage");
        assertThat(orders).isPositive();

        StoreClient admin = new StoreClient(store.adminUrl());
        StoreClient.Page login = admin.get("/admin/login");
        StoreClient.Page loggedIn = admin.submitLikeBrowser(login.one("form"),
                Map.of("j_username", "admin", "j_password", "admin"));
        assertThat(loggedIn.location()).doesNotContain("login_error");
        StoreClient.Page alerts = admin.browse("/admin/meta-pixel/alerts");
        assertThat(alerts.status).isEqualTo(200);
        assertThat(alerts.html.select("[data-test=alert-row]")).as("the Alerts tab").hasSize(1);
        assertThat(alerts.one("[data-test=alert-row]").attr("data-rule")).isEqualTo("circuit_open");
        assertThat(alerts.one("[data-test=alert-row]").attr("data-active")).isEqualTo("false");
    }

    private void order(StoreClient site, int n) throws Exception {
        Shopper shopper = new Shopper(site);
        shopper.addToCart("/beans/kenya-aa", 1);
        shopper.checkout(Shopper.address("shopper" + n + SHOPPER_DOMAIN, "Olive", "Outage"));
    }

    private List<String> webhookBodies() {
        List<String> bodies = webhook.getAllServeEvents().stream().map(e -> e.getRequest().getBodyAsString())
                .collect(Collectors.toList());
        Collections.reverse(bodies); // the journal lists the newest first
        return bodies;
    }

    private JsonNode health(StoreClient site) throws Exception {
        StoreClient.Page page = site.get("/meta/health");
        assertThat(page.status).as("/meta/health answers; body %s", page.body).isEqualTo(200);
        return json.readTree(page.body);
    }

    private String healthQuietly(StoreClient site) {
        try {
            return health(site).get("status").asText();
        } catch (Exception | AssertionError e) {
            return "unreadable";
        }
    }

    private static long seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000_000L;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_SECONDS * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " did not happen within " + WAIT_SECONDS + " s");
            }
            Thread.sleep(500);
        }
    }
}
