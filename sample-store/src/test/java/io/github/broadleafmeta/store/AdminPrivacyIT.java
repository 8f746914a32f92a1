package io.github.broadleafmeta.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.broadleafmeta.core.outbox.JdbcOutbox;
import io.github.broadleafmeta.core.outbox.OutboxConfig;
import io.github.broadleafmeta.core.outbox.OutboxEntry;
import io.github.broadleafmeta.core.userdata.Sha256;
import io.github.broadleafmeta.store.StoreClient.Page;
import io.github.broadleafmeta.store.launcher.StoreSettings;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.hsqldb.jdbc.JDBCDataSource;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The admin's Privacy screen on the booted store: what is kept, and the erasure of one customer's events. */
class AdminPrivacyIT {

    private static final String PIXEL = "9000000000000002";

    private static JdbcOutbox outbox;

    @BeforeAll
    static void boot() {
        StoreSettings s = RunningStore.get().settings();
        JDBCDataSource ds = new JDBCDataSource();
        ds.setUrl(s.jdbcUrl());
        ds.setUser(s.jdbcUser());
        ds.setPassword(s.jdbcPassword());
        outbox = new JdbcOutbox(ds, OutboxConfig.ofDefaults(), Clock.systemUTC());
        outbox.initialize();
    }

    private static StoreClient login() throws Exception {
        StoreClient admin = RunningStore.admin();
        Page login = admin.get("/admin/login");
        Page result = admin.submitLikeBrowser(login.one("form"), Map.of("j_username", "admin", "j_password", "admin"));
        assertThat(result.location()).doesNotContain("login_error");
        return admin;
    }

    /** Enqueues an event of the customer with this (already normalized) e-mail; returns its event id. */
    private static String eventOf(String email, String eventId) {
        String payload = "{\"event_name\":\"AddToCart\",\"event_time\":" + Instant.now().getEpochSecond()
                + ",\"event_id\":\"" + eventId + "\",\"action_source\":\"website\",\"user_data\":{\"em\":[\""
                + Sha256.hex(email) + "\"],\"client_ip_address\":\"203.0.113.7\",\"client_user_agent\":\"Mozilla/5.0\"}}";
        assertThat(outbox.enqueue(OutboxEntry.builder().pixelId(PIXEL).eventName("AddToCart").eventId(eventId)
                .eventTime(Instant.now().getEpochSecond()).payloadJson(payload).build()).isEnqueued()).isTrue();
        return eventId;
    }

    private static boolean exists(String eventId) {
        return outbox.contains(PIXEL, "AddToCart", eventId);
    }

    @Test
    void shouldEraseTheCustomersEventsAndListTheErasureWithoutTheEmail() throws Exception {
        String run = Long.toHexString(System.nanoTime());
        String email = "erase-me-" + run + "@example.com";
        String first = eventOf(email, "erase1" + run);
        String second = eventOf(email, "erase2" + run);
        String other = eventOf("keep-me-" + run + "@example.com", "keep" + run);
        StoreClient admin = login();
        Page privacy = admin.browse("/admin/meta-pixel/privacy");
        assertThat(privacy.text("[data-test=retention-rule]")).contains("deleted").contains("days after they were recorded");

        Page erased = admin.browse(admin.submitLikeBrowser(privacy.one("form[data-test=erasure-form]"),
                Map.of("kind", "EMAIL", "value", "  " + email.toUpperCase(Locale.ROOT) + " ")).location());

        assertThat(erased.text("[data-test=message]")).startsWith("Erased: 2 events");
        assertThat(exists(first)).isFalse();
        assertThat(exists(second)).isFalse();
        assertThat(exists(other)).isTrue();
        Element line = erased.one("[data-test=erasure-row]");
        assertThat(line.selectFirst("[data-test=erasure-kind]").text()).isEqualTo("e-mail");
        assertThat(line.selectFirst("[data-test=erasure-rows]").text()).isEqualTo("2");
        assertThat(line.selectFirst("[data-test=erasure-by]").text()).isEqualTo("admin");
        assertThat(line.selectFirst("[data-test=erasure-prefix]").text()).isEqualTo(Sha256.hex(email).substring(0, 8));
        assertThat(erased.body).doesNotContainIgnoringCase(email).doesNotContain(Sha256.hex(email));
        assertThat(RunningStore.log()).contains("erasure by e-mail").doesNotContainIgnoringCase(email)
                .doesNotContain(Sha256.hex(email));
    }

    @Test
    void shouldAnswerAMalformedEmailWithAFormErrorAndEraseNothing() throws Exception {
        String run = Long.toHexString(System.nanoTime());
        String kept = eventOf("kept-" + run + "@example.com", "kept" + run);
        StoreClient admin = login();
        Page privacy = admin.browse("/admin/meta-pixel/privacy");

        Page refused = admin.submitLikeBrowser(privacy.one("form[data-test=erasure-form]"),
                Map.of("kind", "EMAIL", "value", "kept-" + run + " at example"));

        assertThat(refused.status).isEqualTo(400);
        assertThat(refused.text("[data-test=erasure-error]")).contains("not a valid e-mail");
        assertThat(refused.body).doesNotContain("kept-" + run + " at example");
        assertThat(exists(kept)).isTrue();
    }

    @Test
    void shouldRefuseAnErasureWithoutTheCsrfToken() throws Exception {
        String run = Long.toHexString(System.nanoTime());
        String email = "csrf-" + run + "@example.com";
        String kept = eventOf(email, "csrf" + run);
        StoreClient admin = login();

        Page result = admin.post("/admin/meta-pixel/privacy/erase", Map.of("kind", "EMAIL", "value", email));

        assertThat(result.status).isNotIn(200, 302);
        assertThat(exists(kept)).isTrue();
    }
}
