package io.github.broadleafmeta.store;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.broadleafmeta.store.StoreClient.Page;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault case "credentials" (issue 7), in the real running store: Meta revokes the access token (code 190) while
 * shoppers browse and buy. Their events must be held (HELD_CREDENTIALS; the refused row carries Meta's code 190 and
 * message, later rows the hold reason), no further request
 * may go out with the refused token, and once the merchant saves a new token in the admin's Meta Pixel settings
 * form, every held event is delivered with it: no restart, nothing lost.
 */
class CredentialsFaultIT {

    private static final String EVENTS_PATH = "/v[0-9.]+/" + RunningStore.PIXEL_ID + "/events";
    /** The reason on rows held without a request, once the pixel's credentials were refused (Dispatcher#hold). */
    private static final String HELD_REASON = "held: these credentials were refused earlier; waiting for new credentials";
    private static final String NEW_TOKEN = "EAAGfaultRotated" + UUID.randomUUID().toString().replace("-", "");
    private static final String[] PRODUCTS = {"/beans/kenya-aa", "/gear/pour-over-dripper", "/gifts/tasting-flight"};

    private Map<String, String> settingsBefore;

    /** Boots the shared store (if no other test did) outside the case, so the report's seconds are the case's. */
    @BeforeAll
    static void boot() {
        RunningStore.get();
    }

    /** Other integration tests share this store: put back the admin's settings and a Graph API that accepts. */
    @AfterEach
    void restore() throws Exception {
        if (settingsBefore != null) {
            try (Connection db = RunningStore.database(); Statement s = db.createStatement()) {
                s.executeUpdate("DELETE FROM META_SETTINGS");
            }
            MetaSettingsFixture.save(settingsBefore);
            MetaSettingsFixture.awaitSettingsExpiry();
        }
        RunningStore.acceptEvents();
    }

    @Test
    void shouldHoldEventsWhileTheTokenIsRevokedAndDeliverThemOnceTheAdminSavesANewOne() throws Exception {
        int viewsBefore = FaultReport.size(3, 10);
        int viewsRevoked = FaultReport.size(6, 40);
        int ordersRevoked = FaultReport.size(1, 5);
        FaultReport.run("credentials", report -> {
            WireMockServer graph = RunningStore.graphApi();
            settingsBefore = savedSettings();
            RunningStore.acceptEvents();
            StoreClient storefront = RunningStore.storefront();

            // Delivery works before the revocation.
            List<String> before = viewProducts(storefront, viewsBefore);
            for (String id : before) {
                OutboxRows.awaitStatus(id, "SENT");
            }
            int requestsBefore = requestsWith(RunningStore.ACCESS_TOKEN).size();

            // Meta revokes the token: every request carrying it is refused with code 190.
            graph.stubFor(post(urlPathMatching(EVENTS_PATH)).atPriority(1)
                    .withRequestBody(containing("\"access_token\":\"" + RunningStore.ACCESS_TOKEN + "\""))
                    .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                            .withBody("{\"error\":{\"message\":\"Error validating access token: The session has been"
                                    + " invalidated because the user changed their password.\",\"type\":"
                                    + "\"OAuthException\",\"code\":190,\"error_subcode\":460,"
                                    + "\"fbtrace_id\":\"RevokedTrace\"}}")));
            List<String> revoked = new ArrayList<>(viewProducts(storefront, 1));
            OutboxRows.awaitStatus(revoked.get(0), "HELD_CREDENTIALS");
            int refusedRequests = requestsWith(RunningStore.ACCESS_TOKEN).size() - requestsBefore;

            // Shoppers keep going while the token is refused: views and orders, all held, none sent.
            revoked.addAll(viewProducts(storefront, viewsRevoked - 1));
            for (int i = 0; i < ordersRevoked; i++) {
                revoked.add("order." + placeOrder(i));
            }
            for (String id : revoked) {
                OutboxRows.awaitStatus(id, "HELD_CREDENTIALS");
            }
            int requestsWhileHeld = requestsWith(RunningStore.ACCESS_TOKEN).size() - requestsBefore - refusedRequests;
            long heldRows = heldRows();
            Map<String, String> refusedError = lastError(revoked.get(0));
            Map<String, String> laterError = lastError(revoked.get(revoked.size() - 1));
            report.put("delivered_before", before.size()).put("tracked_held", revoked.size())
                    .put("held_rows_total", heldRows)
                    .put("requests_refused_190", refusedRequests).put("requests_while_held", requestsWhileHeld)
                    .put("refused_row_error", "\"" + refusedError.get("message") + "\"")
                    .put("later_row_error", "\"" + laterError.get("message") + "\"");
            assertThat(refusedRequests).as("requests Meta refused with 190").isPositive();
            assertThat(requestsWhileHeld).as("requests with the refused token once it was refused").isZero();
            assertThat(refusedError.get("code")).isEqualTo("190");
            assertThat(refusedError.get("message")).contains("Error validating access token");
            // Rows claimed after the refusal are held without a request; they carry the hold reason, not a code
            // of their own (Meta never answered for them).
            assertThat(laterError.get("code")).as("code on a row held without a request").isNull();
            assertThat(laterError.get("message")).isEqualTo(HELD_REASON);
            assertThat(heldRows).isGreaterThanOrEqualTo(revoked.size());

            // The merchant pastes a new token into the admin's settings form and saves; the store keeps running.
            long savedAt = System.currentTimeMillis();
            saveTokenInAdmin(NEW_TOKEN);
            assertThat(savedSettings().toString()).as("META_SETTINGS as a dump shows it").doesNotContain(NEW_TOKEN);
            for (String id : revoked) {
                OutboxRows.awaitStatus(id, "SENT");
            }
            long resumedMillis = System.currentTimeMillis() - savedAt;
            long stillHeld = awaitNoHeldRows();

            List<String> deliveredWithNewToken = new ArrayList<>();
            for (GraphApiEvents.Request request : requestsWith(NEW_TOKEN)) {
                request.eventIds().stream().filter(revoked::contains).forEach(deliveredWithNewToken::add);
            }
            long lost = revoked.stream().filter(id -> !deliveredWithNewToken.contains(id)).count();
            report.put("delivered_after_new_token", deliveredWithNewToken.size())
                    .put("resumed_within_ms", resumedMillis).put("held_rows_left", stillHeld).put("lost", lost);
            assertThat(deliveredWithNewToken).containsAll(revoked);
            assertThat(stillHeld).isZero();
            assertThat(lost).isZero();
            assertThat(RunningStore.log()).doesNotContain(NEW_TOKEN).doesNotContain(RunningStore.ACCESS_TOKEN);
        });
    }

    /** Opens {@code count} product pages; returns their ViewContent event ids (one outbox row each). */
    private static List<String> viewProducts(StoreClient storefront, int count) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Page product = storefront.get(PRODUCTS[i % PRODUCTS.length]);
            assertThat(product.status).isEqualTo(200);
            ids.add(PixelCall.only(product.body, "ViewContent").eventId);
        }
        return ids;
    }

    private static String placeOrder(int n) throws Exception {
        Shopper guest = new Shopper(RunningStore.storefront());
        guest.addToCart(PRODUCTS[n % PRODUCTS.length], 1);
        return guest.checkout(Shopper.address("held.buyer" + n + "@example.com", "Held", "Buyer"));
    }

    /** The admin's Meta Pixel settings form, saved like a merchant would: only the token field filled in. */
    private static void saveTokenInAdmin(String token) throws Exception {
        StoreClient admin = RunningStore.admin();
        Page login = admin.get("/admin/login");
        Page loggedIn = admin.submitLikeBrowser(login.one("form"), Map.of("j_username", "admin", "j_password", "admin"));
        assertThat(loggedIn.location()).doesNotContain("login_error");
        Page form = admin.browse("/admin/meta-pixel/settings");
        Page saved = admin.submitLikeBrowser(form.one("form[data-test=settings-form]"),
                Map.of("meta.capi.accessToken", token));
        assertThat(saved.status).as("saving the settings form").isEqualTo(302);
        assertThat(admin.browse(saved.location()).text("[data-test=message]")).startsWith("Saved.");
    }

    private static List<GraphApiEvents.Request> requestsWith(String token) {
        return GraphApiEvents.journal(RunningStore.graphApi()).stream()
                .filter(r -> r.url.matches(EVENTS_PATH + "(\\?.*)?") && token.equals(r.accessToken))
                .collect(Collectors.toList());
    }

    private static Map<String, String> savedSettings() throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        try (Connection db = RunningStore.database(); Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("SELECT setting_key, setting_value FROM META_SETTINGS")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    private static long heldRows() throws Exception {
        try (Connection db = RunningStore.database(); Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM META_EVENT_OUTBOX WHERE status = 'HELD_CREDENTIALS'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Every held row (shopper actions this case did not track too, like AddToCart) resumes: waits, bounded. */
    private static long awaitNoHeldRows() throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        long held = heldRows();
        while (held > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            held = heldRows();
        }
        return held;
    }

    private static Map<String, String> lastError(String eventId) throws Exception {
        try (Connection db = RunningStore.database(); PreparedStatement q = db.prepareStatement(
                "SELECT last_error_code, last_error_message FROM META_EVENT_OUTBOX WHERE event_id = ?")) {
            q.setString(1, eventId);
            try (ResultSet rs = q.executeQuery()) {
                assertThat(rs.next()).as("outbox row %s", eventId).isTrue();
                Map<String, String> error = new LinkedHashMap<>();
                error.put("code", rs.getString(1));
                error.put("message", rs.getString(2));
                return error;
            }
        }
    }
}
