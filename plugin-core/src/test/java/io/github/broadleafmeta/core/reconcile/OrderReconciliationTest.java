package io.github.broadleafmeta.core.reconcile;

import io.github.broadleafmeta.core.outbox.OutboxStatus;
import io.github.broadleafmeta.core.outbox.TestClock;
import io.github.broadleafmeta.core.outbox.TestDatabases;
import io.github.broadleafmeta.core.reconcile.Reconciliation.Granularity;
import io.github.broadleafmeta.core.settings.JdbcSettingsStore;
import io.github.broadleafmeta.core.settings.MapSettingsSource;
import io.github.broadleafmeta.core.settings.SecretCipher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Share and reasons from given orders and Purchase rows; the settings history is real (HSQLDB). */
class OrderReconciliationTest {

    private static final String PIXEL = "123456789012345";
    private static final Instant DAY = Instant.parse("2026-12-01T00:00:00Z");

    private final List<SubmittedOrder> orders = new ArrayList<>();
    private final Map<String, PurchaseRecord> rows = new HashMap<>();
    private TestClock clock;
    private JdbcSettingsStore store;
    private OrderReconciliation reconciliation;

    @BeforeEach
    void setUp() {
        DataSource db = TestDatabases.hsqldbInMemory();
        clock = new TestClock(DAY);
        store = new JdbcSettingsStore(db, Duration.ZERO, clock, SecretCipher.of(SecretCipher.newKey(), null, "test key"));
        store.initialize();
        SubmittedOrders source = (from, to) -> {
            List<SubmittedOrder> in = new ArrayList<>();
            for (SubmittedOrder o : orders) {
                if (!o.submittedAt().isBefore(from) && o.submittedAt().isBefore(to)) {
                    in.add(o);
                }
            }
            return in;
        };
        PurchaseRecords purchases = (pixel, numbers) -> {
            Map<String, PurchaseRecord> found = new HashMap<>();
            for (String n : numbers) {
                if (rows.containsKey(pixel + "/" + n)) {
                    found.put(n, rows.get(pixel + "/" + n));
                }
            }
            return found;
        };
        reconciliation = new OrderReconciliation(source, purchases,
                new PixelSwitchHistory(store.history(), store, new MapSettingsSource("environment",
                        Collections.emptyMap())));
    }

    private void order(String number, String at, String consent, Boolean bot, OutboxStatus purchase) {
        orders.add(new SubmittedOrder(number, Instant.parse(at), consent, bot));
        if (purchase != null) {
            rows.put(PIXEL + "/" + number, new PurchaseRecord(number, purchase,
                    purchase == OutboxStatus.REJECTED ? 100 : null,
                    purchase == OutboxStatus.REJECTED ? "Invalid parameter" : null));
        }
    }

    @Test
    void shouldCountOnlySentPurchasesAsAcceptedWhenComputingTheShare() {
        order("1", "2026-12-01T01:00:00Z", "granted", false, OutboxStatus.SENT);
        order("2", "2026-12-01T02:00:00Z", "granted", false, OutboxStatus.SENT);
        order("3", "2026-12-01T03:00:00Z", "granted", false, OutboxStatus.SENT);
        order("4", "2026-12-01T04:00:00Z", "granted", false, OutboxStatus.REJECTED);
        order("5", "2026-12-01T05:00:00Z", "denied", false, null);

        Share share = reconciliation.share(PIXEL, DAY, DAY.plus(Duration.ofDays(1)));

        assertThat(share.submitted()).isEqualTo(5);
        assertThat(share.accepted()).isEqualTo(3);
        assertThat(share.percent()).isEqualTo(60.0);
    }

    @Test
    void shouldReportFullShareWhenNoOrderWasSubmitted() {
        Share share = reconciliation.share(PIXEL, DAY, DAY.plus(Duration.ofDays(1)));
        assertThat(share.submitted()).isZero();
        assertThat(share.percent()).isEqualTo(100.0);
    }

    @Test
    void shouldReadAnotherPixelsRowsSeparatelyWhenPixelsDiffer() {
        order("1", "2026-12-01T01:00:00Z", "granted", false, OutboxStatus.SENT);
        assertThat(reconciliation.share("999999999999999", DAY, DAY.plus(Duration.ofDays(1))).accepted()).isZero();
    }

    @Test
    void shouldPutOrdersInTheirUtcHourWhenReportingHourly() {
        order("1", "2026-12-01T01:05:00Z", "granted", false, OutboxStatus.SENT);
        order("2", "2026-12-01T01:59:59Z", "granted", false, OutboxStatus.PENDING);
        order("3", "2026-12-01T03:00:00Z", "granted", false, OutboxStatus.SENT);

        ReconciliationReport report = reconciliation.report(PIXEL, DAY, DAY.plus(Duration.ofHours(24)),
                Granularity.HOUR);

        assertThat(report.buckets()).hasSize(24);
        assertThat(report.buckets().get(1).start()).isEqualTo(Instant.parse("2026-12-01T01:00:00Z"));
        assertThat(report.buckets().get(1).share()).isEqualTo(new Share(2, 1));
        assertThat(report.buckets().get(2).share()).isEqualTo(new Share(0, 0));
        assertThat(report.buckets().get(3).share()).isEqualTo(new Share(1, 1));
        assertThat(report.total()).isEqualTo(new Share(3, 2));
    }

    @Test
    void shouldCoverEveryDayOfTheRangeWhenReportingDaily() {
        order("1", "2026-12-03T23:00:00Z", "granted", false, null);
        ReconciliationReport report = reconciliation.report(PIXEL, DAY, DAY.plus(Duration.ofDays(7)),
                Granularity.DAY);
        assertThat(report.buckets()).hasSize(7);
        assertThat(report.buckets().get(2).share()).isEqualTo(new Share(1, 0));
    }

    @Test
    void shouldListEachUnmatchedOrderNewestFirstWithItsReasonAndMetasMessage() {
        order("1", "2026-12-01T01:00:00Z", "granted", false, OutboxStatus.SENT);
        order("2", "2026-12-01T02:00:00Z", "denied", false, null);
        order("3", "2026-12-01T03:00:00Z", "granted", true, null);
        order("4", "2026-12-01T04:00:00Z", "granted", false, OutboxStatus.REJECTED);
        order("5", "2026-12-01T05:00:00Z", "granted", false, null);

        ReconciliationReport report = reconciliation.report(PIXEL, DAY, DAY.plus(Duration.ofDays(1)),
                Granularity.HOUR);

        assertThat(report.unmatched()).extracting(UnmatchedOrder::orderNumber).containsExactly("5", "4", "3", "2");
        assertThat(report.unmatched()).extracting(UnmatchedOrder::reason).containsExactly(
                UnmatchedReason.NO_PURCHASE_ROW, UnmatchedReason.REJECTED, UnmatchedReason.BOT,
                UnmatchedReason.NO_CONSENT);
        assertThat(report.unmatched().get(1).detail()).isEqualTo("code 100: Invalid parameter");
        assertThat(report.reasonCounts()).containsOnlyKeys(UnmatchedReason.NO_PURCHASE_ROW,
                UnmatchedReason.REJECTED, UnmatchedReason.BOT, UnmatchedReason.NO_CONSENT);
    }

    @Test
    void shouldSayPluginDisabledOnlyForOrdersSubmittedWhileTheHistoryShowsThePixelOff() {
        clock.advance(Duration.ofHours(2));
        store.save(Map.of("meta.pixel.enabled", "false"), "ops");
        clock.advance(Duration.ofHours(2));
        store.save(Map.of("meta.pixel.enabled", "true"), "ops");
        order("before", "2026-12-01T01:00:00Z", "granted", false, null);
        order("while-off", "2026-12-01T03:00:00Z", "granted", false, null);
        order("after", "2026-12-01T05:00:00Z", "granted", false, null);

        ReconciliationReport report = reconciliation.report(PIXEL, DAY, DAY.plus(Duration.ofDays(1)),
                Granularity.HOUR);

        Map<String, UnmatchedReason> reasons = new HashMap<>();
        report.unmatched().forEach(u -> reasons.put(u.orderNumber(), u.reason()));
        assertThat(reasons).containsEntry("before", UnmatchedReason.NO_PURCHASE_ROW)
                .containsEntry("while-off", UnmatchedReason.PLUGIN_DISABLED)
                .containsEntry("after", UnmatchedReason.NO_PURCHASE_ROW);
    }

    @Test
    void shouldSayPluginDisabledWhenOnlyThatAdditionalPixelWasSwitchedOff() {
        clock.advance(Duration.ofHours(2));
        store.save(Map.of("meta.pixel.555555555555555.enabled", "false"), "ops");
        order("1", "2026-12-01T03:00:00Z", "granted", false, null);

        assertThat(reconciliation.report("555555555555555", DAY, DAY.plus(Duration.ofDays(1)), Granularity.HOUR)
                .unmatched().get(0).reason()).isEqualTo(UnmatchedReason.PLUGIN_DISABLED);
        assertThat(reconciliation.report(PIXEL, DAY, DAY.plus(Duration.ofDays(1)), Granularity.HOUR)
                .unmatched().get(0).reason()).isEqualTo(UnmatchedReason.NO_PURCHASE_ROW);
    }

    @Test
    void shouldRefuseARangeLongerThanThirtyOneDays() {
        assertThatThrownBy(() -> reconciliation.share(PIXEL, DAY, DAY.plus(Duration.ofDays(32))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("31 days");
    }
}
