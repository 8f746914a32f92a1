package io.github.broadleafmeta.admin.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.broadleafmeta.core.outbox.OutboxStatus;
import io.github.broadleafmeta.core.reconcile.OrderReconciliation;
import io.github.broadleafmeta.core.reconcile.PixelSwitchHistory;
import io.github.broadleafmeta.core.reconcile.PurchaseRecord;
import io.github.broadleafmeta.core.reconcile.ReconciliationException;
import io.github.broadleafmeta.core.reconcile.SubmittedOrder;
import io.github.broadleafmeta.core.reconcile.SubmittedOrders;
import io.github.broadleafmeta.core.settings.JdbcSettingsStore;
import io.github.broadleafmeta.core.settings.MapSettingsSource;
import io.github.broadleafmeta.core.settings.SecretCipher;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.hsqldb.jdbc.JDBCDataSource;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The Reconciliation screen's figures, chart and paging, from given orders and Purchase rows. */
class ReconciliationServiceTest {

    private static final String PIXEL = "123456789012345";
    private static final Instant NOW = Instant.parse("2026-12-01T12:34:00Z");

    private final List<SubmittedOrder> orders = new ArrayList<>();
    private final Map<String, PurchaseRecord> rows = new HashMap<>();

    private ReconciliationService service(SubmittedOrders source) {
        JDBCDataSource db = new JDBCDataSource();
        db.setUrl("jdbc:hsqldb:mem:reconcile" + System.nanoTime());
        db.setUser("SA");
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        JdbcSettingsStore store = new JdbcSettingsStore(db, Duration.ZERO, clock,
                SecretCipher.of(SecretCipher.newKey(), null, "test key"));
        store.initialize();
        return new ReconciliationService(new OrderReconciliation(source, (pixel, numbers) -> {
            Map<String, PurchaseRecord> found = new HashMap<>();
            numbers.stream().filter(rows::containsKey).forEach(n -> found.put(n, rows.get(n)));
            return found;
        }, new PixelSwitchHistory(store.history(), store, new MapSettingsSource("environment", Map.of()))), clock);
    }

    private ReconciliationService service() {
        return service((from, to) -> {
            List<SubmittedOrder> in = new ArrayList<>();
            orders.stream().filter(o -> !o.submittedAt().isBefore(from) && o.submittedAt().isBefore(to))
                    .forEach(in::add);
            return in;
        });
    }

    private void order(String number, String at, OutboxStatus purchase) {
        orders.add(new SubmittedOrder(number, Instant.parse(at), "granted", false));
        if (purchase != null) {
            rows.put(number, new PurchaseRecord(number, purchase, null, null));
        }
    }

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldDrawOneBucketPerHourWithSubmittedAndAcceptedCountsOverTheLastDay() throws Exception {
        order("1", "2026-12-01T11:05:00Z", OutboxStatus.SENT);
        order("2", "2026-12-01T11:45:00Z", OutboxStatus.REJECTED);
        order("3", "2026-12-01T12:10:00Z", OutboxStatus.SENT);
        order("old", "2026-11-30T12:10:00Z", OutboxStatus.SENT);

        ReconciliationPage page = service().page(PIXEL, ReconciliationService.Range.DAY, 0);

        assertThat(page.getSubmitted()).isEqualTo(3);
        assertThat(page.getAccepted()).isEqualTo(2);
        assertThat(page.getShare()).isEqualTo("66.6 %");
        NodeList buckets = parse(page.getChartSvg()).getElementsByTagNameNS("http://www.w3.org/2000/svg", "g");
        assertThat(buckets.getLength()).isEqualTo(24);
        Element eleven = (Element) buckets.item(22);
        assertThat(eleven.getAttribute("data-start")).isEqualTo("2026-12-01T11:00:00Z");
        assertThat(eleven.getAttribute("data-submitted")).isEqualTo("2");
        assertThat(eleven.getAttribute("data-accepted")).isEqualTo("1");
        assertThat(((Element) buckets.item(23)).getAttribute("data-submitted")).isEqualTo("1");
        assertThat(page.getBuckets()).extracting(ReconciliationPage.BucketRow::getStart)
                .containsExactly("2026-12-01 12:00:00 UTC", "2026-12-01 11:00:00 UTC");
        assertThat(page.getBuckets()).extracting(ReconciliationPage.BucketRow::getShare)
                .containsExactly("100.0 %", "50.0 %");
    }

    @Test
    void shouldDrawSevenDailyBucketsWhenTheWeekIsAsked() throws Exception {
        order("1", "2026-11-26T09:00:00Z", null);
        ReconciliationPage page = service().page(PIXEL, ReconciliationService.Range.WEEK, 0);
        NodeList buckets = parse(page.getChartSvg()).getElementsByTagNameNS("http://www.w3.org/2000/svg", "g");
        assertThat(buckets.getLength()).isEqualTo(7);
        assertThat(((Element) buckets.item(1)).getAttribute("data-start")).isEqualTo("2026-11-26T00:00:00Z");
        assertThat(page.getRows()).extracting(ReconciliationPage.Row::getReason).containsExactly("no Purchase row");
    }

    @Test
    void shouldPageTheUnmatchedOrdersFiftyAtATime() {
        for (int i = 0; i < 120; i++) {
            order(String.valueOf(1000 + i), "2026-12-01T10:00:00Z", OutboxStatus.PENDING);
        }
        ReconciliationService service = service();

        assertThat(service.page(PIXEL, ReconciliationService.Range.DAY, 0).getRows()).hasSize(50);
        assertThat(service.page(PIXEL, ReconciliationService.Range.DAY, 0).isHasNext()).isTrue();
        ReconciliationPage last = service.page(PIXEL, ReconciliationService.Range.DAY, 2);
        assertThat(last.getRows()).hasSize(20);
        assertThat(last.isHasNext()).isFalse();
        assertThat(last.getRows().get(0).getReason()).isEqualTo("waiting or retrying");
    }

    @Test
    void shouldExplainOnThePageWithoutTheDatabaseMessageWhenOrdersCannotBeRead() {
        ReconciliationPage page = service((from, to) -> {
            throw new ReconciliationException("Could not read the submitted orders (BLC_ORDER)",
                    new java.sql.SQLException("table BLC_ORDER at db01.internal missing"));
        }).page(PIXEL, ReconciliationService.Range.DAY, 0);

        assertThat(page.getUnavailable()).contains("could not be read").doesNotContain("db01");
        assertThat(page.getRows()).isEmpty();
    }
}
