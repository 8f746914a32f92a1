package io.github.broadleafmeta.admin.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.broadleafmeta.core.outbox.HourlyCount;
import io.github.broadleafmeta.core.outbox.OutboxStatus;
import java.lang.reflect.Constructor;
import java.time.Instant;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class HourlyChartTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:34:00Z");

    /** HourlyCount's constructor is package-private in the engine; tests build rows reflectively. */
    static HourlyCount count(String hour, OutboxStatus status, long n) throws Exception {
        Constructor<HourlyCount> c = HourlyCount.class.getDeclaredConstructor(Instant.class, OutboxStatus.class,
                long.class);
        c.setAccessible(true);
        return c.newInstance(Instant.parse(hour), status, n);
    }

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(svg.getBytes("UTF-8")));
    }

    @Test
    void shouldDrawOneSegmentPerOutcomeAndHour() throws Exception {
        String svg = HourlyChart.svg(List.of(
                count("2025-06-01T12:00:00Z", OutboxStatus.SENT, 7),
                count("2025-06-01T12:00:00Z", OutboxStatus.PENDING, 2),
                count("2025-06-01T12:00:00Z", OutboxStatus.IN_FLIGHT, 1),
                count("2025-06-01T10:00:00Z", OutboxStatus.REJECTED, 3)), NOW, 24);

        Document doc = parse(svg);
        NodeList rects = doc.getElementsByTagName("rect");
        int bars = 0;
        for (int i = 0; i < rects.getLength(); i++) {
            Element r = (Element) rects.item(i);
            if ("bar".equals(r.getAttribute("class"))) {
                bars++;
            }
        }
        assertThat(bars).isEqualTo(3);
        assertThat(svg).contains("data-outcome=\"sent\" data-count=\"7\"")
                .contains("data-outcome=\"retrying\" data-count=\"3\"")
                .contains("data-outcome=\"rejected\" data-count=\"3\"")
                .contains("13 events");
    }

    @Test
    void shouldIgnoreHoursOutsideTheWindow() throws Exception {
        String svg = HourlyChart.svg(List.of(count("2025-05-30T12:00:00Z", OutboxStatus.SENT, 7)), NOW, 24);

        assertThat(svg).doesNotContain("class=\"bar\"").contains("No events in this period");
        parse(svg);
    }

    @Test
    void shouldHaveALegendEntryForEveryOutcome() {
        String svg = HourlyChart.svg(List.of(), NOW, 24);

        for (HourlyChart.Outcome o : HourlyChart.Outcome.values()) {
            assertThat(svg).contains(">" + o.label().replace("/", "/") + "<");
        }
    }

    @Test
    void shouldMapEveryStatusToAnOutcome() {
        for (OutboxStatus s : OutboxStatus.values()) {
            assertThat(HourlyChart.Outcome.of(s)).isNotNull();
        }
    }

    @Test
    void shouldRoundTheScaleUpToNiceNumbers() {
        assertThat(HourlyChart.niceCeiling(0)).isEqualTo(5);
        assertThat(HourlyChart.niceCeiling(7)).isEqualTo(10);
        assertThat(HourlyChart.niceCeiling(11)).isEqualTo(20);
        assertThat(HourlyChart.niceCeiling(420)).isEqualTo(500);
        assertThat(HourlyChart.niceCeiling(1000)).isEqualTo(1000);
    }

    @Test
    void shouldRefuseAnEmptyWindow() {
        assertThatThrownBy(() -> HourlyChart.svg(List.of(), NOW, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
