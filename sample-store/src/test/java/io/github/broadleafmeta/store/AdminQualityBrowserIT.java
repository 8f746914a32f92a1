package io.github.broadleafmeta.store;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.github.broadleafmeta.core.quality.DatasetQuality;
import io.github.broadleafmeta.core.quality.DedupeKeyFeedback;
import io.github.broadleafmeta.core.quality.EventQuality;
import io.github.broadleafmeta.core.quality.JdbcQualityStore;
import io.github.broadleafmeta.core.quality.QualityReading;
import io.github.broadleafmeta.core.quality.TokenHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hsqldb.jdbc.JDBCDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * An operator opens "Meta quality" in a real browser, after a week of daily readings, and presses "Read now":
 * Meta's figures, the trend and the token warning are on screen (screenshot {@code admin-meta-quality.png} in
 * {@code docs.img.dir}).
 */
class AdminQualityBrowserIT {

    private final List<StubMapping> stubs = new ArrayList<>();

    @AfterEach
    void removeStubs() {
        stubs.forEach(RunningStore.graphApi()::removeStub);
    }

    @Test
    void shouldShowMetasFiguresTrendAndTokenWarningWhenOperatorPressesReadNow() throws Exception {
        seedAWeekOfReadings();
        WireMockServer graph = RunningStore.graphApi();
        long expiresAt = System.currentTimeMillis() / 1000 + 9 * 86400 + 3600;
        String dataset = "{\"web\":[" + event("Purchase", 7.1, 96, 58, 88) + "," + event("AddToCart", 5.6, 41, 20, 72)
                + "," + event("ViewContent", 4.8, 12, 9, 65) + "]}";
        String token = "{\"data\":{\"is_valid\":true,\"expires_at\":" + expiresAt + ",\"data_access_expires_at\":"
                + (expiresAt + 80 * 86400) + ",\"scopes\":[\"ads_management\",\"business_management\"]}}";
        stubs.add(graph.stubFor(post(urlPathMatching("/v[0-9.]+/?")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(AdminQualityIT.batchAnswer(dataset, token)))));

        try (Browser browser = Browser.open()) {
            browser.get(RunningStore.get().adminUrl() + "login");
            browser.one("#username").sendKeys("admin");
            browser.one("input[name=j_password]").sendKeys("admin");
            browser.one("form").submit();
            browser.get(RunningStore.get().adminUrl() + "meta-pixel/quality");
            browser.one("[data-test=read-now-form] button").click();

            assertThat(browser.one("[data-test=message]").getText()).contains("Read pixel " + RunningStore.PIXEL_ID);
            assertThat(browser.one("tr[data-event-name=Purchase] [data-test=emq]").getText()).isEqualTo("7.1");
            assertThat(browser.one("[data-test=token-health]").getAttribute("data-level")).isEqualTo("alert");
            assertThat(browser.one("[data-test=token-health]").getText()).contains("expires in 9 days");
            assertThat(browser.driver.findElements(By.cssSelector("svg[data-test=emq-trend] polyline"))).hasSize(3);
            assertThat(browser.driver.getPageSource()).doesNotContain(RunningStore.ACCESS_TOKEN);
            browser.screenshot("admin-meta-quality.png");
        }
    }

    private static String event(String name, double emq, int email, int phone, int coverage) {
        return "{\"event_name\":\"" + name + "\",\"event_match_quality\":{\"composite_score\":" + emq
                + ",\"match_key_feedback\":[{\"identifier\":\"email\",\"coverage\":{\"percentage\":" + email + "}},"
                + "{\"identifier\":\"phone\",\"coverage\":{\"percentage\":" + phone + "}},"
                + "{\"identifier\":\"external_id\",\"coverage\":{\"percentage\":100}}]},"
                + "\"event_coverage\":{\"percentage\":" + coverage + ",\"goal_percentage\":75},"
                + "\"dedupe_key_feedback\":[{\"dedupe_key\":\"event_id\",\"browser_events_with_dedupe_key\":"
                + "{\"percentage\":100},\"server_events_with_dedupe_key\":{\"percentage\":100},"
                + "\"overall_browser_coverage_from_dedupe_key\":{\"percentage\":" + coverage + "}}],"
                + "\"data_freshness\":{\"upload_frequency\":\"real_time\"}}";
    }

    /** Six daily readings before today's, as the storefront's daily read stores them. */
    private static void seedAWeekOfReadings() {
        var s = RunningStore.get().settings();
        JDBCDataSource db = new JDBCDataSource();
        db.setUrl(s.jdbcUrl());
        db.setUser(s.jdbcUser());
        db.setPassword(s.jdbcPassword());
        JdbcQualityStore store = new JdbcQualityStore(db);
        store.initialize();
        double[] purchase = {5.9, 6.1, 6.0, 6.4, 6.8, 6.9};
        double[] cart = {4.8, 5.0, 5.1, 5.1, 5.3, 5.5};
        double[] view = {4.9, 4.9, 4.7, 4.8, 4.8, 4.9};
        Instant today = Instant.now();
        for (int day = 0; day < 6; day++) {
            Instant at = today.minus(Duration.ofDays(6 - day));
            store.save(new QualityReading(RunningStore.PIXEL_ID, at, DatasetQuality.ok(Arrays.asList(
                    scored("Purchase", purchase[day]), scored("AddToCart", cart[day]),
                    scored("ViewContent", view[day]))), TokenHealth.read(true, today.plus(Duration.ofDays(9)),
                            null, Collections.singletonList("ads_management"), null)));
        }
    }

    private static EventQuality scored(String name, double emq) {
        Map<String, Double> keys = new LinkedHashMap<>();
        keys.put("email", 90.0);
        return new EventQuality(name, emq, keys, 70.0, 75.0,
                Collections.singletonList(new DedupeKeyFeedback("event_id", 100.0, 100.0, 70.0)), "real_time");
    }
}
