package io.github.broadleafmeta.store;

import io.github.broadleafmeta.core.broadleaf31.reconcile.BroadleafSubmittedOrders;
import io.github.broadleafmeta.core.reconcile.JdbcPurchaseRecords;
import io.github.broadleafmeta.core.reconcile.OrderReconciliation;
import io.github.broadleafmeta.core.reconcile.PixelSwitchHistory;
import io.github.broadleafmeta.core.reconcile.Reconciliation;
import io.github.broadleafmeta.core.reconcile.ReconciliationReport;
import io.github.broadleafmeta.core.reconcile.Share;
import io.github.broadleafmeta.core.reconcile.UnmatchedOrder;
import io.github.broadleafmeta.core.reconcile.UnmatchedReason;
import io.github.broadleafmeta.core.settings.JdbcSettingsStore;
import io.github.broadleafmeta.core.settings.SystemEnvironmentSettingsSource;
import io.github.broadleafmeta.store.StoreClient.Page;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reconciliation on the real store: four orders placed with consent required; two consenting shoppers' Purchases
 * are accepted, one shopper gives no consent, and the stub Graph API rejects one Purchase like Meta refuses an
 * invalid event. The Java API and the admin's Reconciliation tab give exactly 2 of 4, and the two reasons.
 */
class ReconciliationIT {

    private static final String META_MESSAGE = "Invalid parameter";
    private static final String META_USER_MESSAGE = "The value of custom_data is not valid for this dataset";

    private static Instant start;
    private static final List<String> accepted = new ArrayList<>();
    private static String withoutConsent;
    private static String rejected;

    @BeforeAll
    static void placeOrders() throws Exception {
        RunningStore.get();
        int stops = occurrences(RunningStore.log(), "stopping the dispatcher");
        MetaSettingsFixture.save(Map.of("meta.consent.required", "true", "meta.dispatch.enabled", "false"));
        MetaSettingsFixture.awaitSettingsExpiry();
        long deadline = System.currentTimeMillis() + 20_000;
        while (occurrences(RunningStore.log(), "stopping the dispatcher") <= stops) {
            assertThat(System.currentTimeMillis()).as("the dispatcher stops").isLessThan(deadline);
            Thread.sleep(250);
        }
        start = Instant.now().minusSeconds(1);

        accepted.add(order(true, "recon.one@example.com", "/beans/house-espresso"));
        accepted.add(order(true, "recon.two@example.com", "/beans/colombia-huila"));
        withoutConsent = order(false, "recon.none@example.com", "/beans/house-espresso");
        rejected = order(true, "recon.rejected@example.com", "/gear/french-press");
        assertThat(OutboxRows.byEventId("order." + withoutConsent)).as("no Purchase row without consent").isNull();

        // Like Meta refusing an invalid event: every request carrying this Purchase is refused with code 100, so
        // the dispatcher isolates it and parks it REJECTED with Meta's message.
        RunningStore.graphApi().stubFor(post(urlPathMatching("/v[0-9.]+/[0-9]+/events")).atPriority(1)
                .withRequestBody(containing("\"order." + rejected + "\""))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"" + META_MESSAGE + "\",\"type\":\"OAuthException\","
                                + "\"code\":100,\"error_subcode\":2804019,\"is_transient\":false,"
                                + "\"error_user_msg\":\"" + META_USER_MESSAGE + "\",\"fbtrace_id\":\"ReconTrace\"}}")));
        MetaSettingsFixture.clear("meta.dispatch.enabled");
        for (String n : accepted) {
            OutboxRows.awaitStatus("order." + n, "SENT");
        }
        OutboxRows.awaitStatus("order." + rejected, "REJECTED");
    }

    @AfterAll
    static void restore() throws Exception {
        RunningStore.acceptEvents();
        MetaSettingsFixture.clear("meta.consent.required", "meta.dispatch.enabled");
    }

    private static int occurrences(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    private static String order(boolean consents, String email, String product) throws Exception {
        StoreClient client = RunningStore.storefront();
        if (consents) {
            client.setCookie("meta_consent", "granted");
        }
        Shopper shopper = new Shopper(client);
        shopper.addToCart(product, 1);
        return shopper.checkout(Shopper.address(email, "Rita", "Recon"));
    }

    @Test
    void shouldCountTwoOfFourOrdersAndGiveNoConsentAndMetasRejectionAsReasons() throws Exception {
        Reconciliation reconciliation = reconciliation();
        Instant end = Instant.now().plusSeconds(1);

        Share share = reconciliation.share(RunningStore.PIXEL_ID, start, end);
        ReconciliationReport report = reconciliation.report(RunningStore.PIXEL_ID, start, end,
                Reconciliation.Granularity.HOUR);

        assertThat(share).isEqualTo(new Share(4, 2));
        assertThat(report.total()).isEqualTo(new Share(4, 2));
        Map<String, UnmatchedOrder> unmatched = new HashMap<>();
        report.unmatched().forEach(u -> unmatched.put(u.orderNumber(), u));
        assertThat(unmatched).containsOnlyKeys(withoutConsent, rejected);
        assertThat(unmatched.get(withoutConsent).reason()).isEqualTo(UnmatchedReason.NO_CONSENT);
        assertThat(unmatched.get(rejected).reason()).isEqualTo(UnmatchedReason.REJECTED);
        assertThat(unmatched.get(rejected).detail()).startsWith("code 100: ").contains(META_MESSAGE);
        assertThat(report.reasonCounts()).containsExactly(Map.entry(UnmatchedReason.NO_CONSENT, 1L),
                Map.entry(UnmatchedReason.REJECTED, 1L));
    }

    @Test
    void shouldShowTheUnmatchedOrdersWithReasonsOnTheAdminsReconciliationTab() throws Exception {
        StoreClient admin = RunningStore.admin();
        Page login = admin.get("/admin/login");
        admin.submitLikeBrowser(login.one("form"), Map.of("j_username", "admin", "j_password", "admin"));

        Page page = admin.browse("/admin/meta-pixel/reconciliation?pixel=" + RunningStore.PIXEL_ID);

        assertThat(page.status).isEqualTo(200);
        assertThat(page.html.select("svg[data-test=reconciliation-chart]")).hasSize(1);
        Element noConsent = page.html.selectFirst("[data-test=unmatched-order][data-order='" + withoutConsent + "']");
        assertThat(noConsent).isNotNull();
        assertThat(noConsent.attr("data-reason")).isEqualTo("NO_CONSENT");
        assertThat(noConsent.selectFirst("[data-test=unmatched-reason]").text()).isEqualTo("no consent");
        Element refused = page.html.selectFirst("[data-test=unmatched-order][data-order='" + rejected + "']");
        assertThat(refused.selectFirst("[data-test=unmatched-reason]").text()).isEqualTo("rejected");
        assertThat(refused.selectFirst("[data-test=unmatched-detail]").text()).contains(META_MESSAGE);
        for (String n : accepted) {
            assertThat(page.html.select("[data-test=unmatched-order][data-order='" + n + "']")).isEmpty();
        }
        assertThat(page.body).doesNotContain(RunningStore.ACCESS_TOKEN).doesNotContain("recon.none@example.com");
    }

    /** The same classes the admin wires, on the store's database. */
    private static Reconciliation reconciliation() {
        DataSource db = (DataSource) Proxy.newProxyInstance(ReconciliationIT.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        return RunningStore.database();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        JdbcSettingsStore settings = new JdbcSettingsStore(db);
        return new OrderReconciliation(new BroadleafSubmittedOrders(db),
                new JdbcPurchaseRecords(db, "META_EVENT_OUTBOX"),
                new PixelSwitchHistory(settings.history(), settings, new SystemEnvironmentSettingsSource()));
    }
}
