package io.github.broadleafmeta.core.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The quality store's contract, run on each database (a subclass per database). */
abstract class AbstractQualityStoreTest {

    static final String PIXEL = "1234567890";
    static final Instant T0 = Instant.parse("2026-12-01T06:00:00Z");

    JdbcQualityStore store;

    abstract DataSource dataSource();

    @BeforeEach
    void createStore() {
        store = new JdbcQualityStore(dataSource());
        store.initialize();
        store.initialize(); // a second node starting: no error, no second table
        store.prune(Instant.parse("2100-01-01T00:00:00Z"));
    }

    static QualityReading reading(String pixel, Instant at, double purchaseEmq) {
        Map<String, Double> keys = new LinkedHashMap<String, Double>();
        keys.put("email", 90.0);
        keys.put("phone", null);
        EventQuality purchase = new EventQuality("Purchase", purchaseEmq, keys, 80.0, 75.0,
                Collections.singletonList(new DedupeKeyFeedback("event_id", 100.0, 99.0, null)), "real_time");
        EventQuality view = new EventQuality("ViewContent", 4.0, null, null, null, null, null);
        return new QualityReading(pixel, at, DatasetQuality.ok(Arrays.asList(purchase, view)),
                TokenHealth.read(true, at.plus(Duration.ofDays(30)), null, Arrays.asList("ads_management",
                        "business_management"), null));
    }

    @Test
    void shouldReturnTheStoredReadingWithEveryFigureWhenReadBack() {
        store.save(reading(PIXEL, T0, 6.5));

        QualityReading back = store.latest(PIXEL);

        assertThat(back.readAt()).isEqualTo(T0);
        assertThat(back.dataset().state()).isEqualTo(ReadState.OK);
        EventQuality p = back.dataset().event("Purchase");
        assertThat(p.emqScore()).isEqualTo(6.5);
        assertThat(p.matchKeyCoverage()).containsEntry("email", 90.0).containsEntry("phone", null);
        assertThat(p.eventCoverage()).isEqualTo(80.0);
        assertThat(p.eventCoverageGoal()).isEqualTo(75.0);
        assertThat(p.dedupeFeedback().get(0).dedupeKey()).isEqualTo("event_id");
        assertThat(p.dedupeFeedback().get(0).serverEventsWithKey()).isEqualTo(99.0);
        assertThat(p.dedupeFeedback().get(0).browserCoverageFromKey()).isNull();
        assertThat(p.uploadFrequency()).isEqualTo("real_time");
        assertThat(back.dataset().event("ViewContent").eventCoverage()).isNull();
        assertThat(back.token().expiresAt()).isEqualTo(T0.plus(Duration.ofDays(30)));
        assertThat(back.token().scopes()).containsExactly("ads_management", "business_management");
    }

    @Test
    void shouldKeepAFailedReadsStateAndMessage() {
        store.save(new QualityReading(PIXEL, T0, DatasetQuality.failed(ReadState.PERMISSION_MISSING,
                "the token lacks the ads_read permission"), TokenHealth.read(true, null, null, null, null)));

        QualityReading back = store.latest(PIXEL);

        assertThat(back.dataset().state()).isEqualTo(ReadState.PERMISSION_MISSING);
        assertThat(back.dataset().message()).isEqualTo("the token lacks the ads_read permission");
        assertThat(back.token().neverExpires()).isTrue();
    }

    @Test
    void shouldListTheTrendNewestFirstPerPixel() {
        store.save(reading(PIXEL, T0, 5.0));
        store.save(reading(PIXEL, T0.plus(Duration.ofDays(1)), 6.0));
        store.save(reading(PIXEL, T0.plus(Duration.ofDays(2)), 7.0));
        store.save(reading("999999", T0.plus(Duration.ofDays(3)), 1.0));

        List<QualityReading> history = store.history(PIXEL, 2);

        assertThat(history).extracting(r -> r.dataset().event("Purchase").emqScore()).containsExactly(7.0, 6.0);
        assertThat(store.lastReadAt(PIXEL)).isEqualTo(T0.plus(Duration.ofDays(2)));
    }

    @Test
    void shouldGiveTheLatestAndPreviousPurchaseScoreToAlerts() {
        store.save(reading(PIXEL, T0, 7.0));
        store.save(new QualityReading(PIXEL, T0.plus(Duration.ofDays(1)), DatasetQuality.failed(
                ReadState.UNREACHABLE, "timeout"), TokenHealth.failed(ReadState.UNREACHABLE, "timeout")));
        store.save(reading(PIXEL, T0.plus(Duration.ofDays(2)), 5.5));

        QualitySignals.PurchaseQuality q = store.purchaseQuality(PIXEL);

        assertThat(q.latestScore()).isEqualTo(5.5);
        assertThat(q.previousScore()).isEqualTo(7.0);
        assertThat(q.fell()).isTrue();
        assertThat(store.purchaseQuality("555555")).isNull();
    }

    @Test
    void shouldGiveTheTokensDaysToExpiryFromTheLatestReading() {
        store.save(reading(PIXEL, T0, 7.0));

        assertThat(store.tokenDaysToExpiry(PIXEL, T0.plus(Duration.ofDays(20)))).isEqualTo(10L);
        assertThat(store.tokenDaysToExpiry("555555", T0)).isNull();
    }

    @Test
    void shouldDeleteReadingsOlderThanTheCutoff() {
        store.save(reading(PIXEL, T0, 5.0));
        store.save(reading(PIXEL, T0.plus(Duration.ofDays(1)), 6.0));

        int deleted = store.prune(T0.plus(Duration.ofHours(1)));

        assertThat(deleted).isEqualTo(1);
        assertThat(store.history(PIXEL, 10)).hasSize(1);
    }
}
