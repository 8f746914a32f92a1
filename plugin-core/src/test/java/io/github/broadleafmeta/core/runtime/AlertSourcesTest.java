package io.github.broadleafmeta.core.runtime;

import io.github.broadleafmeta.core.alert.PurchaseShareSource;
import io.github.broadleafmeta.core.outbox.OutboxStatus;
import io.github.broadleafmeta.core.outbox.TestClock;
import io.github.broadleafmeta.core.outbox.TestDatabases;
import io.github.broadleafmeta.core.reconcile.OrderReconciliation;
import io.github.broadleafmeta.core.reconcile.PixelSwitchHistory;
import io.github.broadleafmeta.core.reconcile.PurchaseRecord;
import io.github.broadleafmeta.core.reconcile.SubmittedOrder;
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

import static org.assertj.core.api.Assertions.assertThat;

/** The alert rule's order-to-Purchase share, read from a reconciliation over given orders and Purchase rows. */
class AlertSourcesTest {

    private static final String PIXEL = "123456789012345";
    private static final Instant NOW = Instant.parse("2026-12-02T00:00:00Z");

    private final List<SubmittedOrder> orders = new ArrayList<>();
    private final Map<String, PurchaseRecord> rows = new HashMap<>();
    private TestClock clock;
    private PurchaseShareSource share;

    @BeforeEach
    void setUp() {
        clock = new TestClock(NOW);
        JdbcSettingsStore store = new JdbcSettingsStore(TestDatabases.hsqldbInMemory(), Duration.ZERO, clock,
                SecretCipher.of(SecretCipher.newKey(), null, "test key"));
        store.initialize();
        OrderReconciliation reconciliation = new OrderReconciliation((from, to) -> new ArrayList<>(orders),
                (pixel, numbers) -> {
                    Map<String, PurchaseRecord> found = new HashMap<>();
                    for (String n : numbers) {
                        if (rows.containsKey(n)) {
                            found.put(n, rows.get(n));
                        }
                    }
                    return found;
                },
                new PixelSwitchHistory(store.history(), store,
                        new MapSettingsSource("environment", Collections.emptyMap())));
        share = AlertBeans.purchaseShare(reconciliation, clock);
    }

    private void order(String number, Duration ago, String consent, boolean bot, OutboxStatus purchase) {
        orders.add(new SubmittedOrder(number, NOW.minus(ago), consent, bot));
        if (purchase != null) {
            rows.put(number, new PurchaseRecord(number, purchase, null, null));
        }
    }

    private Double lastDay() {
        return share.share(PIXEL, NOW.minus(Duration.ofDays(1)), NOW);
    }

    @Test
    void shouldLeaveOrdersWithoutConsentOrFromBotsOutOfTheShare() {
        order("1", Duration.ofHours(5), "granted", false, OutboxStatus.SENT);
        order("2", Duration.ofHours(4), "denied", false, null);
        order("3", Duration.ofHours(3), "granted", true, null);

        assertThat(lastDay()).isEqualTo(1.0);
    }

    @Test
    void shouldCountRejectedAndMissingPurchasesAgainstTheShare() {
        order("1", Duration.ofHours(5), "granted", false, OutboxStatus.SENT);
        order("2", Duration.ofHours(4), "granted", false, OutboxStatus.REJECTED);
        order("3", Duration.ofHours(3), "granted", false, null);
        order("4", Duration.ofHours(2), "granted", false, OutboxStatus.SENT);

        assertThat(lastDay()).isEqualTo(0.5);
    }

    @Test
    void shouldExcuseOnlyRecentlySubmittedOrdersThatAreStillWaiting() {
        order("1", Duration.ofHours(5), "granted", false, OutboxStatus.SENT);
        order("2", Duration.ofMinutes(3), "granted", false, OutboxStatus.PENDING);
        order("3", Duration.ofHours(2), "granted", false, OutboxStatus.PENDING);

        assertThat(lastDay()).isEqualTo(0.5);
    }

    @Test
    void shouldAnswerNullWhenNoOrderIsExpectedToReachMeta() {
        order("1", Duration.ofHours(5), "denied", false, null);

        assertThat(lastDay()).isNull();
    }

    @Test
    void shouldRecomputeTheShareOnlyAfterTheCachePeriod() {
        order("1", Duration.ofHours(5), "granted", false, OutboxStatus.SENT);
        assertThat(lastDay()).isEqualTo(1.0);

        order("2", Duration.ofHours(4), "granted", false, null);
        assertThat(lastDay()).isEqualTo(1.0);

        clock.advance(AlertBeans.SHARE_CACHE);
        assertThat(lastDay()).isEqualTo(0.5);
    }
}
