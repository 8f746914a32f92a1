package io.github.broadleafmeta.core.quality;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.broadleafmeta.core.outbox.TestClock;
import io.github.broadleafmeta.core.outbox.TestDatabases;
import io.github.broadleafmeta.core.settings.MapSettingsSource;
import io.github.broadleafmeta.core.settings.MetaSettings;
import io.github.broadleafmeta.core.settings.SettingsResolver;
import io.github.broadleafmeta.core.settings.SettingsSource;
import io.github.broadleafmeta.core.settings.SystemEnvironmentSettingsSource;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The schedule: each pixel with a token once per interval, on demand, and never an exception out of a check. */
class QualityMonitorTest {

    static final String WITH_TOKEN = "1234567890";
    static final String WITHOUT_TOKEN = "2222222222";

    final TestClock clock = TestClock.at("2026-12-07T08:00:00Z");
    WireMockServer stub;
    GraphReadClient client;
    JdbcQualityStore store;
    MetaSettings settings;

    @BeforeEach
    void setUp() {
        stub = new WireMockServer(options().dynamicPort());
        stub.start();
        stub.stubFor(post(urlEqualTo("/v26.0")).willReturn(aResponse().withStatus(200).withBody(
                QualityReaderTest.batchAnswer(200, "{}", 200, QualityReaderTest.VALID_TOKEN))));
        client = new GraphReadClient(Duration.ofSeconds(10), Duration.ofSeconds(10), 64 * 1024, "test");
        store = new JdbcQualityStore(TestDatabases.hsqldbInMemory());
        store.initialize();
        Map<String, String> values = new LinkedHashMap<String, String>();
        values.put("meta.pixel.id", WITH_TOKEN);
        values.put("meta.capi.accessToken", "EAAGtokenForTheMonitor");
        values.put("meta.capi.apiVersion", "v26.0");
        values.put("meta.pixels.additional", WITHOUT_TOKEN);
        values.put("meta.pixel." + WITHOUT_TOKEN + ".enabled", "true");
        // The Graph URL is environment-only: set as a system property, as an operator would.
        Map<String, String> systemProperties = Collections.singletonMap("meta.capi.graphUrl", stub.baseUrl());
        settings = new SettingsResolver(Arrays.<SettingsSource>asList(new MapSettingsSource("admin", values),
                SystemEnvironmentSettingsSource.of(systemProperties, Collections.<String, String>emptyMap())), clock)
                .resolve();
        assertThat(settings.pixels()).hasSize(2);
    }

    @AfterEach
    void tearDown() {
        client.close();
        stub.stop();
    }

    QualityMonitor monitor(JdbcQualityStore s) {
        return new QualityMonitor(new QualityReader(client, clock), s, () -> settings, clock, Duration.ofHours(1));
    }

    @Test
    void shouldReadEachPixelWithATokenOncePerInterval() {
        QualityMonitor monitor = monitor(store);

        List<QualityReading> first = monitor.readDue();
        List<QualityReading> again = monitor.readDue();
        clock.advance(Duration.ofHours(24));
        List<QualityReading> nextDay = monitor.readDue();

        assertThat(first).extracting(QualityReading::pixelId).containsExactly(WITH_TOKEN);
        assertThat(again).isEmpty();
        assertThat(nextDay).extracting(QualityReading::pixelId).containsExactly(WITH_TOKEN);
        assertThat(store.history(WITH_TOKEN, 10)).hasSize(2);
        assertThat(store.history(WITHOUT_TOKEN, 10)).isEmpty();
    }

    @Test
    void shouldReadAndStoreOnDemand() throws Exception {
        QualityMonitor monitor = monitor(store);
        try {
            QualityReading r = monitor.readNow(WITH_TOKEN).get(10, TimeUnit.SECONDS);

            assertThat(r.token().state()).as(r.token().message()).isEqualTo(ReadState.OK);
            assertThat(r.token().neverExpires()).isTrue();
            assertThat(store.latest(WITH_TOKEN).readAt()).isEqualTo(r.readAt());
            assertThatThrownBy(() -> monitor.readNow("999999").get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IllegalArgumentException.class);
        } finally {
            monitor.stop();
        }
    }

    @Test
    void shouldNotThrowFromAScheduledCheckWhenTheDatabaseIsDown() {
        QualityMonitor monitor = monitor(new JdbcQualityStore(TestDatabases.broken()));

        assertThat(monitor.readDue()).isEmpty();
    }
}
