package io.github.broadleafmeta.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.broadleafmeta.core.outbox.OutboxRow;
import io.github.broadleafmeta.core.outbox.JdbcOutbox;
import io.github.broadleafmeta.core.outbox.OutboxConfig;
import io.github.broadleafmeta.core.outbox.OutboxEntry;
import io.github.broadleafmeta.core.outbox.OutboxError;
import io.github.broadleafmeta.store.StoreClient.Page;
import io.github.broadleafmeta.store.launcher.StoreSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jsoup.nodes.Element;
import org.hsqldb.jdbc.JDBCDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The plugin's admin section on the booted BrewBeans admin: menu entry and permission, settings with validation
 * and write-only secrets, dashboard and delivery log over real outbox rows, actions, and CSRF.
 */
class AdminMetaPixelIT {

    private static final String TOKEN = "EAAGadminIT__token" + UUID.randomUUID().toString().replace("-", "");
    private static final String PIXEL = "9000000000000001";
    private static final String FBTRACE = "AdminItTrace42";
    private static final long NO_PERMISSION_USER_ID = -8801L;

    @BeforeAll
    static void boot() throws Exception {
        RunningStore.get();
        try (Connection c = RunningStore.database(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM BLC_ADMIN_USER_ROLE_XREF WHERE ADMIN_USER_ID = " + NO_PERMISSION_USER_ID);
            s.executeUpdate("DELETE FROM BLC_ADMIN_USER WHERE ADMIN_USER_ID = " + NO_PERMISSION_USER_ID);
            // A customer service rep: a real admin user with a real role, but without the Meta Pixel permission.
            s.executeUpdate("INSERT INTO BLC_ADMIN_USER (ADMIN_USER_ID, NAME, LOGIN, EMAIL, PASSWORD, "
                    + "ACTIVE_STATUS_FLAG) VALUES (" + NO_PERMISSION_USER_ID + ", 'Casey Rep', 'casey', "
                    + "'casey@brewbeans.example', 'casey-pass', TRUE)");
            s.executeUpdate("INSERT INTO BLC_ADMIN_USER_ROLE_XREF (ADMIN_USER_ID, ADMIN_ROLE_ID) VALUES ("
                    + NO_PERMISSION_USER_ID + ", -4)");
        }
    }

    /** Other integration tests share this store: leave no settings behind. */
    @AfterAll
    static void forgetSettings() throws Exception {
        try (Connection c = RunningStore.database(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM META_SETTINGS");
        }
        MetaSettingsFixture.awaitSettingsExpiry();
    }

    private static StoreClient login(String user, String password) throws Exception {
        StoreClient admin = RunningStore.admin();
        Page login = admin.get("/admin/login");
        Page result = admin.submitLikeBrowser(login.one("form"), Map.of("j_username", user, "j_password", password));
        assertThat(result.isRedirect()).isTrue();
        assertThat(result.location()).doesNotContain("login_error");
        return admin;
    }

    private static Map<String, String> savedSettings() throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (Connection c = RunningStore.database(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT setting_key, setting_value FROM META_SETTINGS")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    private static Element field(Page page, String key) {
        return page.one("[data-field=\"" + key + "\"]");
    }

    // -------------------------------------------------------------------------------------------- settings

    @Test
    void shouldListMetaPixelInTheSettingsMenuForTheAdmin() throws Exception {
        StoreClient admin = login("admin", "admin");

        Page home = admin.browse("/admin/meta-pixel/settings");

        assertThat(home.status).isEqualTo(200);
        assertThat(home.html.select("#sideMenu a[href=/admin/meta-pixel]").text()).isEqualTo("Meta Pixel");
        assertThat(home.one("form[data-test=settings-form]").select("input[name=csrfToken]")).hasSize(1);
        assertThat(home.html.select(".breadcrumbs").text()).contains("Meta Pixel");
    }

    @Test
    void shouldExplainInvalidValuesNextToTheirFieldsAndSaveNothing() throws Exception {
        StoreClient admin = login("admin", "admin");
        Page form = admin.browse("/admin/meta-pixel/settings");
        Map<String, String> before = savedSettings();

        Page result = admin.submitLikeBrowser(form.one("form[data-test=settings-form]"), Map.of(
                "meta.pixel.id", "my-pixel",
                "meta.capi.apiVersion", "26",
                "meta.capi.testEventCode", "TEST4711",
                "meta.capi.testEventCodeExpiresAt", "",
                "meta.consent.cookieName", "my consent",
                "meta.ldu.state", "CA",
                "meta.bot.rules", "googlebot\nregex:([a-z",
                "meta.outbox.retentionDays", "0"));

        assertThat(result.status).isEqualTo(400);
        assertThat(result.text("[data-test=error]")).contains("Nothing was saved");
        assertThat(field(result, "meta.pixel.id").text()).contains("Pixel ID must contain digits only");
        assertThat(field(result, "meta.pixel.id").selectFirst("input").val()).isEqualTo("my-pixel");
        assertThat(field(result, "meta.capi.apiVersion").text()).contains("Graph API version must look like v");
        assertThat(field(result, "meta.capi.testEventCodeExpiresAt").text())
                .contains("required with a test event code");
        assertThat(field(result, "meta.consent.cookieName").text())
                .contains("Consent cookie name may contain only letters");
        assertThat(field(result, "meta.ldu.state").text()).contains("LDU state code is not a whole number");
        assertThat(field(result, "meta.bot.rules").text()).contains("is not a valid regular expression");
        assertThat(field(result, "meta.outbox.retentionDays").text()).contains("is outside 1..3650");
        assertThat(savedSettings()).isEqualTo(before);
    }

    @Test
    void shouldSaveValidSettingsAndNeverShowTheTokenAgain() throws Exception {
        StoreClient admin = login("admin", "admin");
        Page form = admin.browse("/admin/meta-pixel/settings");

        Page saved = admin.submitLikeBrowser(form.one("form[data-test=settings-form]"), Map.of(
                "meta.pixel.id", " 1234567890123456 ",
                "meta.capi.accessToken", TOKEN,
                "meta.outbox.retentionDays", "45"));

        assertThat(saved.status).isEqualTo(302);
        Page after = admin.browse(saved.location());
        assertThat(after.text("[data-test=message]")).startsWith("Saved.");
        // Stored exactly as typed (incl. "__", which Broadleaf's request wrapper would otherwise turn into ".").
        assertThat(savedSettings()).containsEntry("meta.pixel.id", "1234567890123456")
                .containsEntry("meta.outbox.retentionDays", "45");
        // A database dump alone reveals no token: the row holds only the AES-GCM form.
        assertThat(savedSettings().get("meta.capi.accessToken")).startsWith("enc:v1:").doesNotContain(TOKEN)
                .doesNotContain("EAAGadminIT");
        assertThat(field(after, "meta.capi.accessToken").text()).contains("set").contains("saved in the admin");
        assertThat(field(after, "meta.capi.accessToken").selectFirst("input[type=password]").val()).isEmpty();
        assertThat(field(after, "meta.pixel.id").attr("data-source")).isEqualTo("admin");

        for (String path : List.of("/admin/meta-pixel/settings", "/admin/meta-pixel", "/admin/meta-pixel/events")) {
            Page page = admin.browse(path);
            assertThat(page.status).as(path).isEqualTo(200);
            assertThat(page.body).as(path).doesNotContain(TOKEN).doesNotContain("EAAGadminIT");
        }
        // Saving the form again as rendered (empty secret input) keeps the token.
        Page again = admin.submitLikeBrowser(admin.browse("/admin/meta-pixel/settings").one("form[data-test=settings-form]"),
                Map.of());
        assertThat(again.status).isEqualTo(302);
        assertThat(savedSettings().get("meta.capi.accessToken")).startsWith("enc:v1:");
        assertThat(field(admin.browse("/admin/meta-pixel/settings"), "meta.capi.accessToken").text())
                .contains("set").contains("saved in the admin");
        assertThat(RunningStore.log()).doesNotContain(TOKEN);
    }

    @Test
    void shouldAddASecondPixelThatGetsItsOwnInitCallAndOutboxRows() throws Exception {
        String second = "9000000000000077";
        String secondToken = "EAAGsecondPixelIT" + UUID.randomUUID().toString().replace("-", "");
        List<String> keys = List.of("meta.pixels.additional", "meta.pixel." + second + ".enabled",
                "meta.pixel." + second + ".accessToken", "meta.pixel." + second + ".appSecret",
                "meta.pixel." + second + ".testEventCode", "meta.pixel." + second + ".testEventCodeExpiresAt");
        try {
            StoreClient admin = login("admin", "admin");
            Page form = admin.browse("/admin/meta-pixel/settings");
            assertThat(form.one("form[data-test=add-pixel-form]").select("input[name=csrfToken]")).hasSize(1);

            Page invalid = admin.submitLikeBrowser(form.one("form[data-test=add-pixel-form]"),
                    Map.of("add.pixelId", "12-34", "add.accessToken", secondToken));
            assertThat(invalid.status).isEqualTo(400);
            assertThat(invalid.text("[data-error-for=add.pixelId]")).contains("digits only");
            assertThat(invalid.body).doesNotContain(secondToken);
            assertThat(savedSettings()).doesNotContainKey("meta.pixels.additional");

            Page added = admin.submitLikeBrowser(admin.browse("/admin/meta-pixel/settings")
                    .one("form[data-test=add-pixel-form]"), Map.of("add.pixelId", second, "add.accessToken", secondToken));
            assertThat(added.status).isEqualTo(302);
            Page after = admin.browse(added.location());
            assertThat(after.text("[data-test=message]")).contains("Pixel " + second + " added");
            assertThat(savedSettings()).containsEntry("meta.pixels.additional", second);
            assertThat(savedSettings().get("meta.pixel." + second + ".accessToken")).startsWith("enc:v1:")
                    .doesNotContain(secondToken);
            Element token = field(after, "meta.pixel." + second + ".accessToken");
            assertThat(token.text()).contains("set").contains("saved in the admin");
            assertThat(token.selectFirst("input[type=password]").val()).isEmpty();
            assertThat(after.html.select("[data-test=additional-pixel][data-pixel=" + second + "]")).hasSize(1);
            for (String path : List.of("/admin/meta-pixel/settings", "/admin/meta-pixel", "/admin/meta-pixel/events")) {
                Page page = admin.browse(path);
                assertThat(page.status).as(path).isEqualTo(200);
                assertThat(page.body).as(path).doesNotContain(secondToken);
            }
            assertThat(admin.browse("/admin/meta-pixel").html.select("[data-test=pixel-filter] option[value=" + second
                    + "]")).hasSize(1);
            Page duplicate = admin.submitLikeBrowser(admin.browse("/admin/meta-pixel/settings")
                    .one("form[data-test=add-pixel-form]"), Map.of("add.pixelId", second));
            assertThat(duplicate.status).isEqualTo(400);
            assertThat(duplicate.text("[data-error-for=add.pixelId]")).contains("already listed");

            // The storefront: one init call per pixel, one outbox row per pixel for one add to cart.
            StoreClient storefront = RunningStore.storefront();
            Page home = MetaSettingsFixture.awaitPage(storefront, "/",
                    p -> p.body.contains("fbq(\"init\",\"" + second + "\""));
            assertThat(home.body.split("fbq\\(\"init\",", -1)).hasSize(3);
            Shopper shopper = new Shopper(storefront);
            Page cart = shopper.addToCart("/beans/kenya-aa", 1);
            assertThat(cart.body.split("fbq\\(\"init\",", -1)).hasSize(3);
            PixelCall browser = PixelCall.only(cart.body, "AddToCart");
            OutboxRows.awaitStatus(browser.eventId, "SENT");
            Map<String, String> statusByPixel = outboxStatusByPixel(browser.eventId);
            assertThat(statusByPixel).hasSize(2).containsKey(second);
            long deadline = System.currentTimeMillis() + 30_000;
            while (!"SENT".equals(statusByPixel.get(second)) && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
                statusByPixel = outboxStatusByPixel(browser.eventId);
            }
            assertThat(statusByPixel.get(second)).isEqualTo("SENT");
            assertThat(OutboxRows.countPayloadsContaining(secondToken)).isZero();

            Page filtered = admin.browse("/admin/meta-pixel/events?pixel=" + second + "&eventId=" + browser.eventId);
            assertThat(filtered.text("[data-test=total]")).isEqualTo("1");

            // Removing the pixel deletes its keys; its outbox rows stay.
            Page settings = admin.browse("/admin/meta-pixel/settings");
            Page removed = admin.submitLikeBrowser(settings.one("form[data-test=remove-pixel-form][data-pixel=" + second
                    + "]"), Map.of());
            assertThat(removed.status).isEqualTo(302);
            assertThat(admin.browse(removed.location()).text("[data-test=message]")).contains("removed");
            assertThat(savedSettings()).doesNotContainKeys(keys.toArray(new String[0]));
            assertThat(outboxStatusByPixel(browser.eventId)).containsKey(second);
            assertThat(RunningStore.log()).doesNotContain(secondToken);
        } finally {
            MetaSettingsFixture.clear(keys.toArray(new String[0]));
        }
    }

    private static Map<String, String> outboxStatusByPixel(String eventId) throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (Connection c = RunningStore.database(); PreparedStatement ps = c.prepareStatement(
                "SELECT pixel_id, status FROM META_EVENT_OUTBOX WHERE event_id = ?")) {
            ps.setString(1, eventId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    @Test
    void shouldShowTheCircuitBannerWhileANodeReportsAnOpenCircuit() throws Exception {
        long now = System.currentTimeMillis();
        try (Connection c = RunningStore.database(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM META_DISPATCH_STATUS WHERE node_id LIKE 'it-%'");
            s.executeUpdate("INSERT INTO META_DISPATCH_STATUS (pixel_id, node_id, circuit_state, changed_at, updated_at,"
                    + " reason) VALUES ('9000000000000055', 'it-node-1', 'OPEN', " + now + ", " + now
                    + ", 'repeated failed requests to the Graph API')");
            s.executeUpdate("INSERT INTO META_DISPATCH_STATUS (pixel_id, node_id, circuit_state, changed_at, updated_at,"
                    + " reason) VALUES ('9000000000000066', 'it-node-2', 'OPEN', " + (now - 3_600_000) + ", "
                    + (now - 3_600_000) + ", 'stale')");
        }
        try {
            StoreClient admin = login("admin", "admin");
            Page dashboard = admin.browse("/admin/meta-pixel");
            assertThat(dashboard.text("[data-test=circuit-banner]")).contains("9000000000000055").contains("OPEN")
                    .doesNotContain("9000000000000066");

            try (Connection c = RunningStore.database(); Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE META_DISPATCH_STATUS SET circuit_state = 'CLOSED' WHERE node_id = 'it-node-1'");
            }
            assertThat(admin.browse("/admin/meta-pixel").html.select("[data-test=circuit-banner]")).isEmpty();
        } finally {
            try (Connection c = RunningStore.database(); Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM META_DISPATCH_STATUS WHERE node_id LIKE 'it-%'");
            }
        }
    }

    @Test
    void shouldClearTheSavedAppSecret() throws Exception {
        StoreClient admin = login("admin", "admin");
        admin.submitLikeBrowser(admin.browse("/admin/meta-pixel/settings").one("form[data-test=settings-form]"),
                Map.of("meta.capi.appSecret", "appsecretvalue123"));
        assertThat(savedSettings().get("meta.capi.appSecret")).startsWith("enc:v1:").doesNotContain("appsecretvalue123");

        Page form = admin.browse("/admin/meta-pixel/settings");
        assertThat(form.body).doesNotContain("appsecretvalue123");
        Page cleared = admin.submitLikeBrowser(form.one("form[data-test=settings-form]"),
                Map.of("clear.meta.capi.appSecret", "on"));

        assertThat(cleared.status).isEqualTo(302);
        assertThat(savedSettings()).doesNotContainKey("meta.capi.appSecret");
        assertThat(field(admin.browse("/admin/meta-pixel/settings"), "meta.capi.appSecret").text())
                .contains("not set");
    }

    @Test
    void shouldShowAnEnvironmentValueAsEffectiveWhenTheDatabaseHasNone() throws Exception {
        // The admin runs in this JVM: a system property is what META_LDU_STATE would be in production.
        System.setProperty("meta.ldu.state", "1001");
        try {
            StoreClient admin = login("admin", "admin");

            Page form = admin.browse("/admin/meta-pixel/settings");

            Element state = field(form, "meta.ldu.state");
            assertThat(state.attr("data-source")).isEqualTo("environment");
            assertThat(state.selectFirst("input").val()).isEqualTo("1001");
            assertThat(state.text()).contains("Effective value from the environment: system property meta.ldu.state");
        } finally {
            System.clearProperty("meta.ldu.state");
        }
    }

    @Test
    void shouldRefuseAPostWithoutTheCsrfToken() throws Exception {
        StoreClient admin = login("admin", "admin");

        Page result = admin.post("/admin/meta-pixel/settings", Map.of("meta.outbox.retentionDays", "77"));

        assertThat(result.status).isNotIn(200, 302);
        assertThat(savedSettings()).doesNotContainEntry("meta.outbox.retentionDays", "77");
    }

    // -------------------------------------------------------------------------------------------- security

    @Test
    void shouldDenyAnAdminUserWithoutThePermission() throws Exception {
        StoreClient casey = login("casey", "casey-pass");

        Page home = casey.browse("/admin/customer");
        assertThat(home.status).isEqualTo(200);
        assertThat(home.html.select("#sideMenu a[href=/admin/meta-pixel]")).isEmpty();

        for (String path : List.of("/admin/meta-pixel", "/admin/meta-pixel/settings", "/admin/meta-pixel/events",
                "/admin/meta-pixel/events/1", "/admin/meta-pixel/privacy")) {
            Page page = casey.get(path);
            assertThat(page.status).as(path).isEqualTo(403);
            assertThat(page.html.select("[data-test=denied]")).as(path).hasSize(1);
            assertThat(page.html.select("[data-test=settings-form]")).isEmpty();
        }
        // Even with a valid CSRF token from another screen, a POST changes nothing.
        String csrf = home.html.select("input[name=csrfToken]").val();
        if (!csrf.isEmpty()) {
            Page post = casey.post("/admin/meta-pixel/settings", Map.of("csrfToken", csrf,
                    "meta.outbox.retentionDays", "99"));
            assertThat(post.status).isEqualTo(403);
            Page purge = casey.post("/admin/meta-pixel/purge", Map.of("csrfToken", csrf, "days", "1"));
            assertThat(purge.status).isEqualTo(403);
            Page erase = casey.post("/admin/meta-pixel/privacy/erase", Map.of("csrfToken", csrf, "kind", "EMAIL",
                    "value", "anyone@example.com"));
            assertThat(erase.status).isEqualTo(403);
        }
        assertThat(savedSettings()).doesNotContainEntry("meta.outbox.retentionDays", "99");
    }

    // -------------------------------------------------------------------------------------------- dashboard

    /** A JdbcOutbox of the test's own on the store's database. */
    private static JdbcOutbox outbox() {
        StoreSettings s = RunningStore.get().settings();
        JDBCDataSource ds = new JDBCDataSource();
        ds.setUrl(s.jdbcUrl());
        ds.setUser(s.jdbcUser());
        ds.setPassword(s.jdbcPassword());
        JdbcOutbox outbox = new JdbcOutbox(ds, OutboxConfig.ofDefaults(), Clock.systemUTC());
        outbox.initialize();
        return outbox;
    }

    private static String payload(String eventName, String eventId) {
        return "{\"event_name\":\"" + eventName + "\",\"event_time\":" + Instant.now().getEpochSecond()
                + ",\"event_id\":\"" + eventId + "\",\"action_source\":\"website\",\"user_data\":{\"em\":[\""
                + "a".repeat(64) + "\"],\"client_user_agent\":\"Mozilla/5.0\"},\"custom_data\":{\"currency\":\"USD\","
                + "\"value\":12.5}}";
    }

    /** Enqueues one event and, unless {@code outcome} is null, claims and settles it. Returns its row id. */
    private static long event(JdbcOutbox outbox, String eventName, String eventId, String order, String outcome)
            throws Exception {
        outbox.enqueue(OutboxEntry.builder().pixelId(PIXEL).eventName(eventName).eventId(eventId)
                .eventTime(Instant.now().getEpochSecond()).payloadJson(payload(eventName, eventId))
                .orderNumber(order).matchKeys("em,ip,ua,fbp").build());
        if (outcome != null) {
            List<OutboxRow> mine = new ArrayList<>();
            // The store's own dispatcher may claim the row first (and defer it: its pixel is not configured).
            for (int attempt = 0; mine.isEmpty() && attempt < 50; attempt++) {
                if (attempt > 0) {
                    Thread.sleep(100);
                    try (Connection c = RunningStore.database(); PreparedStatement ps = c.prepareStatement(
                            "UPDATE META_EVENT_OUTBOX_QUEUE SET due_at = 0 WHERE lease_owner IS NULL AND id = "
                                    + "(SELECT id FROM META_EVENT_OUTBOX WHERE event_id = ?)")) {
                        ps.setString(1, eventId);
                        ps.executeUpdate();
                    }
                }
                List<OutboxRow> claimed = outbox.claim("admin-it", 1000, Duration.ofMinutes(5));
                List<OutboxRow> others = new ArrayList<>();
                for (OutboxRow e : claimed) {
                    (e.eventId().equals(eventId) ? mine : others).add(e);
                }
                outbox.release(others, Instant.now());
            }
            assertThat(mine).as("claimed " + eventId).hasSize(1);
            switch (outcome) {
                case "SENT":
                    outbox.markSent(mine, 1, FBTRACE + "ok");
                    break;
                case "REJECTED":
                    outbox.markRejected(mine, new OutboxError(100, 2804003,
                            "Invalid parameter: <script>alert(1)</script> event_time too old", FBTRACE));
                    break;
                case "HELD":
                    outbox.markHeld(mine, "fingerprint", new OutboxError(190, null,
                            "Error validating access token", FBTRACE + "held"), true);
                    break;
                default:
                    throw new IllegalArgumentException(outcome);
            }
        }
        try (Connection c = RunningStore.database();
                PreparedStatement ps = c.prepareStatement("SELECT id FROM META_EVENT_OUTBOX WHERE event_id = ?")) {
            ps.setString(1, eventId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void shouldRenderDashboardAndLogFromRealOutboxRows() throws Exception {
        JdbcOutbox outbox = outbox();
        String run = Long.toHexString(System.nanoTime());
        String order = "IT" + run;
        long sent = event(outbox, "Purchase", "order.it" + run, order, "SENT");
        long rejected = event(outbox, "AddToCart", "rej" + run, null, "REJECTED");
        long held = event(outbox, "ViewContent", "held" + run, null, "HELD");
        event(outbox, "Search", "pending" + run, null, null);
        StoreClient admin = login("admin", "admin");

        Page dashboard = admin.browse("/admin/meta-pixel");

        assertThat(dashboard.status).isEqualTo(200);
        Element stats = dashboard.one("[data-test=pixel-stats][data-pixel=" + PIXEL + "]");
        assertThat(Integer.parseInt(stats.selectFirst("[data-test=counts-24h] [data-status=SENT]").text()))
                .isGreaterThanOrEqualTo(1);
        assertThat(Integer.parseInt(stats.selectFirst("[data-test=counts-7d] [data-status=REJECTED]").text()))
                .isGreaterThanOrEqualTo(1);
        assertThat(stats.text()).contains("Last error");
        assertThat(stats.selectFirst("[data-test=last-error-fbtrace]").text()).startsWith(FBTRACE);
        assertThat(dashboard.html.select("[data-test=held-banner]").text()).contains("Delivery is paused");
        assertThat(dashboard.html.select("svg[data-test=hourly-chart] rect.bar")).isNotEmpty();
        assertThat(dashboard.html.select("svg[data-test=hourly-chart] rect.bar[data-outcome=sent]")).isNotEmpty();
        assertThat(Integer.parseInt(dashboard.text("[data-test=backlog-held]"))).isGreaterThanOrEqualTo(1);
        Element coverage = dashboard.one("[data-test=coverage-row][data-event=Purchase]");
        assertThat(coverage.text()).contains("100 %");
        assertThat(dashboard.body).doesNotContain("<script>alert(1)</script>");

        Page log = admin.browse("/admin/meta-pixel/events?key=" + order);
        assertThat(log.html.select("[data-test=event-row]")).hasSize(1);
        assertThat(log.one("[data-test=event-row]").attr("data-event-id")).isEqualTo("order.it" + run);
        Page byStatus = admin.browse("/admin/meta-pixel/events?status=REJECTED&eventId=rej" + run);
        assertThat(byStatus.html.select("[data-test=event-row]")).hasSize(1);

        Page detail = admin.browse("/admin/meta-pixel/events/" + sent);
        assertThat(detail.text("[data-test=status]")).isEqualTo("SENT");
        assertThat(detail.text("[data-test=events-received]")).isEqualTo("1");
        assertThat(detail.text("[data-test=payload]")).contains("\"event_id\" : \"order.it" + run + "\"")
                .contains("a".repeat(64));

        Page rejectedPage = admin.browse("/admin/meta-pixel/events/" + rejected);
        assertThat(rejectedPage.text("[data-test=explanation]")).contains("not resent");
        assertThat(rejectedPage.text("[data-test=error]")).contains("code 100/2804003")
                .contains("<script>alert(1)</script>");
        assertThat(rejectedPage.body).doesNotContain("<script>alert(1)</script>");
        assertThat(rejectedPage.html.select("[data-test=retry-form]")).isEmpty();
    }

    @Test
    void shouldRetryHeldRowsAndExplainWhyRejectedRowsAreNotResent() throws Exception {
        JdbcOutbox outbox = outbox();
        String run = Long.toHexString(System.nanoTime());
        long rejected = event(outbox, "AddToCart", "rej2" + run, null, "REJECTED");
        long held = event(outbox, "ViewContent", "held2" + run, null, "HELD");
        StoreClient admin = login("admin", "admin");

        Page heldPage = admin.browse("/admin/meta-pixel/events/" + held);
        Page retried = admin.browse(admin.submitLikeBrowser(heldPage.one("form[data-test=retry-form]"), Map.of()).location());
        assertThat(retried.text("[data-test=message]")).contains("Scheduled");
        assertThat(retried.text("[data-test=status]")).isEqualTo("PENDING");

        String csrf = heldPage.one("form[data-test=retry-form] input[name=csrfToken]").val();
        Page refused = admin.post("/admin/meta-pixel/events/" + rejected + "/retry", Map.of("csrfToken", csrf));
        Page after = admin.browse(refused.location());
        assertThat(after.text("[data-test=error]")).contains("Not resent").contains("rejected");
        assertThat(after.text("[data-test=status]")).isEqualTo("REJECTED");
    }

    @Test
    void shouldPurgeSentRowsOlderThanTheGivenDays() throws Exception {
        JdbcOutbox outbox = outbox();
        String run = Long.toHexString(System.nanoTime());
        long old = event(outbox, "Purchase", "old" + run, null, "SENT");
        try (Connection c = RunningStore.database(); Statement s = c.createStatement()) {
            long fortyDaysAgo = Instant.now().minus(Duration.ofDays(40)).toEpochMilli();
            s.executeUpdate("UPDATE META_EVENT_OUTBOX SET created_at = " + fortyDaysAgo + ", updated_at = "
                    + fortyDaysAgo + " WHERE id = " + old);
        }
        StoreClient admin = login("admin", "admin");
        Page dashboard = admin.browse("/admin/meta-pixel");

        Page purged = admin.browse(admin.submitLikeBrowser(dashboard.one("form[data-test=purge-form]"),
                Map.of("days", "30")).location());

        assertThat(purged.text("[data-test=message]")).matches("Deleted [1-9][0-9]* finished events .*");
        assertThat(admin.get("/admin/meta-pixel/events/" + old).status).isEqualTo(404);

        Page invalid = admin.browse(admin.submitLikeBrowser(purged.one("form[data-test=purge-form]"),
                Map.of("days", "0")).location());
        assertThat(invalid.text("[data-test=error]")).contains("from 1 to 3650");
    }

    @Test
    void shouldSendATestEventOnlyWithATestEventCode() throws Exception {
        // The Graph API destination is environment-only: the store's stub (system property) receives the test.
        RunningStore.graphApi().stubFor(WireMock.post(WireMock.urlPathMatching("/v[0-9.]+/[0-9]+/events"))
                .withRequestBody(WireMock.containing("admintest.")).atPriority(1)
                .willReturn(WireMock.okJson("{\"events_received\":1,\"messages\":[],\"fbtrace_id\":\"StubTrace1\"}")));
        try {
            StoreClient admin = login("admin", "admin");
            Page saved = admin.submitLikeBrowser(admin.browse("/admin/meta-pixel/settings").one("form[data-test=settings-form]"),
                    Map.of("meta.pixel.id", "1234567890123456", "meta.capi.accessToken", TOKEN,
                            "meta.capi.testEventCode", "", "meta.capi.testEventCodeExpiresAt", ""));
            assertThat(saved.status).isEqualTo(302);
            Page without = admin.browse("/admin/meta-pixel");
            assertThat(without.html.select("form[data-test=test-event-form]")).isEmpty();
            assertThat(without.html.select("[data-test=test-event-unavailable]")).hasSize(1);

            Page withCode = admin.submitLikeBrowser(admin.browse("/admin/meta-pixel/settings")
                    .one("form[data-test=settings-form]"), Map.of("meta.capi.testEventCode", "TEST4711",
                    "meta.capi.testEventCodeExpiresAt", Instant.now().plus(Duration.ofHours(2)).toString()));
            assertThat(withCode.status).isEqualTo(302);
            Page dashboard = admin.browse("/admin/meta-pixel");
            assertThat(dashboard.text("[data-test=testmode-banner]")).contains("Test mode is on until");

            Page result = admin.browse(admin.submitLikeBrowser(dashboard.one("form[data-test=test-event-form]"), Map.of())
                    .location());

            assertThat(result.text("[data-test=message]")).contains("Meta received 1 test event")
                    .contains("StubTrace1");
            List<LoggedRequest> received = RunningStore.graphApi().findAll(WireMock.postRequestedFor(
                    WireMock.urlPathEqualTo("/v26.0/1234567890123456/events"))
                    .withRequestBody(WireMock.containing("admintest.")));
            assertThat(received).hasSize(1);
            assertThat(received.get(0).getBodyAsString()).contains("\"test_event_code\":\"TEST4711\"")
                    .contains("\"event_name\":\"PageView\"");
            assertThat(result.body).doesNotContain(TOKEN);
        } finally {
            RunningStore.acceptEvents();
        }
    }

    @Test
    void shouldOfferNoGraphUrlInputAndIgnoreOnePostedAnyway() throws Exception {
        StoreClient admin = login("admin", "admin");
        Page form = admin.browse("/admin/meta-pixel/settings");

        assertThat(form.html.select("[name=\"meta.capi.graphUrl\"]")).isEmpty();
        assertThat(form.html.select("[name=\"meta.request.trustedProxies\"]")).isEmpty();
        assertThat(form.one("[data-test=environment-settings] [data-key=\"meta.capi.graphUrl\"] [data-test=environment-value]")
                .text()).isEqualTo(RunningStore.graphApi().baseUrl());

        Page saved = admin.submitLikeBrowser(form.one("form[data-test=settings-form]"),
                Map.of("meta.capi.graphUrl", "https://attacker.example", "meta.pixel.id", "1234567890123456"));

        assertThat(saved.status).isEqualTo(302);
        assertThat(savedSettings()).doesNotContainKey("meta.capi.graphUrl");

        // A row left by an older version is ignored (and said so), and the next save removes it.
        MetaSettingsFixture.save(Map.of("meta.capi.graphUrl", "https://attacker.example"));
        MetaSettingsFixture.awaitSettingsExpiry();
        Page withStaleRow = admin.browse("/admin/meta-pixel/settings");
        assertThat(withStaleRow.text("[data-test=problems]")).contains("meta.capi.graphUrl").contains("ignored");
        assertThat(withStaleRow.one("[data-test=environment-settings] [data-key=\"meta.capi.graphUrl\"] "
                + "[data-test=environment-value]").text()).isEqualTo(RunningStore.graphApi().baseUrl());
        admin.submitLikeBrowser(withStaleRow.one("form[data-test=settings-form]"), Map.of());
        assertThat(savedSettings()).doesNotContainKey("meta.capi.graphUrl");
    }
}
