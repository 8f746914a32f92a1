package io.github.broadleafmeta.admin.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.broadleafmeta.core.quality.DatasetQuality;
import io.github.broadleafmeta.core.quality.DedupeKeyFeedback;
import io.github.broadleafmeta.core.quality.EventQuality;
import io.github.broadleafmeta.core.quality.QualityReading;
import io.github.broadleafmeta.core.quality.ReadState;
import io.github.broadleafmeta.core.quality.TokenHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the "Meta quality" panel says for the readings it is given. */
class QualityPanelsTest {

    static final String PIXEL = "1234567890";
    static final Instant NOW = Instant.parse("2026-12-07T08:00:00Z");

    static QualityReading reading(Instant at, String eventName, double emq, TokenHealth token) {
        Map<String, Double> keys = new LinkedHashMap<String, Double>();
        keys.put("email", 92.4);
        keys.put("phone", null);
        return new QualityReading(PIXEL, at, DatasetQuality.ok(Collections.singletonList(new EventQuality(eventName,
                emq, keys, 81.0, 75.0, Collections.singletonList(new DedupeKeyFeedback("event_id", 100.0, 99.0,
                        78.0)), "real_time"))), token);
    }

    static TokenHealth neverExpires() {
        return TokenHealth.read(true, null, null, Arrays.asList("ads_management"), null);
    }

    @Test
    void shouldShowMetasScoreItsChangeAndMetasKeySharesBesideNoLocalDataWhenTheOutboxHasNone() {
        List<QualityReading> history = Arrays.asList(reading(NOW, "Purchase", 6.4, neverExpires()),
                reading(NOW.minus(Duration.ofDays(1)), "Purchase", 7.0, neverExpires()));

        QualityPanel panel = QualityPanels.build(PIXEL, history, Collections.emptyList(), NOW, 14);

        QualityPanel.EventRow row = panel.events().get(0);
        assertThat(row.eventName()).isEqualTo("Purchase");
        assertThat(row.emq()).isEqualTo("6.4");
        assertThat(row.change()).isEqualTo("-0.6");
        assertThat(row.keys()).extracting(QualityPanel.KeyCell::identifier).containsExactly("email", "phone");
        assertThat(row.keys().get(0).meta()).isEqualTo("92 %");
        assertThat(row.keys().get(1).meta()).isEqualTo(QualityPanels.NONE);
        assertThat(row.keys().get(0).local()).isEqualTo(QualityPanels.NONE);
        assertThat(row.coverage()).isEqualTo("81 % (goal 75 %)");
        assertThat(row.dedupe()).isEqualTo("event_id: browser 100 %, server 99 %, browser events deduplicated 78 %");
        assertThat(row.freshness()).isEqualTo("real time");
        assertThat(panel.datasetMessage()).isNull();
        assertThat(panel.tokenLevel()).isEqualTo("ok");
        assertThat(panel.tokenText()).contains("never expires");
    }

    @Test
    void shouldWarnLoudlyWhenTheTokenExpiresInsideTheWarningWindow() {
        TokenHealth soon = TokenHealth.read(true, NOW.plus(Duration.ofDays(9)).plusSeconds(30), null, null, null);

        QualityPanel panel = QualityPanels.build(PIXEL, Collections.singletonList(reading(NOW, "Purchase", 6,
                soon)), Collections.emptyList(), NOW, 14);

        assertThat(panel.tokenLevel()).isEqualTo("alert");
        assertThat(panel.tokenText()).startsWith("The access token expires in 9 days (2026-12-16)");
    }

    @Test
    void shouldSayTheTokenIsFineWhenItsExpiryIsBeyondTheWarningWindow() {
        TokenHealth later = TokenHealth.read(true, NOW.plus(Duration.ofDays(40)).plusSeconds(30), null, null, null);

        QualityPanel panel = QualityPanels.build(PIXEL, Collections.singletonList(reading(NOW, "Purchase", 6,
                later)), Collections.emptyList(), NOW, 14);

        assertThat(panel.tokenLevel()).isEqualTo("ok");
        assertThat(panel.tokenText()).contains("in 40 days");
    }

    @Test
    void shouldShowAnInvalidTokenAsAnAlert() {
        TokenHealth invalid = TokenHealth.read(false, null, null, null, "The session was invalidated");

        QualityPanel panel = QualityPanels.build(PIXEL, Collections.singletonList(reading(NOW, "Purchase", 6,
                invalid)), Collections.emptyList(), NOW, 14);

        assertThat(panel.tokenLevel()).isEqualTo("alert");
        assertThat(panel.tokenText()).contains("NOT valid").contains("The session was invalidated");
    }

    @Test
    void shouldExplainAMissingPermissionInsteadOfFigures() {
        QualityReading refused = new QualityReading(PIXEL, NOW, DatasetQuality.failed(ReadState.PERMISSION_MISSING,
                "the token lacks the ads_read permission. Meta: (#200) ..."), neverExpires());

        QualityPanel panel = QualityPanels.build(PIXEL, Collections.singletonList(refused), Collections.emptyList(),
                NOW, 14);

        assertThat(panel.events()).isEmpty();
        assertThat(panel.datasetLevel()).isEqualTo("alert");
        assertThat(panel.datasetMessage()).isEqualTo("the token lacks a permission: the token lacks the ads_read "
                + "permission. Meta: (#200) ...");
    }

    @Test
    void shouldInviteAReadWhenThePixelWasNeverRead() {
        QualityPanel panel = QualityPanels.build(PIXEL, Collections.emptyList(), Collections.emptyList(), NOW, 14);

        assertThat(panel.readAt()).isNull();
        assertThat(panel.datasetMessage()).startsWith("Not read yet");
        assertThat(panel.trendSvg()).contains("No match quality scores from Meta yet.");
    }

    @Test
    void shouldEscapeEventNamesFromMetaInTheTrendChart() {
        String hostile = "<script>alert(1)</script>";

        String svg = EmqTrendChart.svg(Arrays.asList(reading(NOW, hostile, 5, neverExpires()),
                reading(NOW.minus(Duration.ofDays(1)), hostile, 4, neverExpires())));

        assertThat(svg).doesNotContain("<script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(svg).contains("<polyline");
    }
}
