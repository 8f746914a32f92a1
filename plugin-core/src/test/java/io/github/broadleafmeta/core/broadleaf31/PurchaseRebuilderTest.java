package io.github.broadleafmeta.core.broadleaf31;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.broadleafmeta.core.broadleaf31.catalog.BroadleafCatalogKeys;
import io.github.broadleafmeta.core.capi.EventJsonWriter;
import io.github.broadleafmeta.core.outbox.JdbcOutbox;
import io.github.broadleafmeta.core.outbox.OutboxConfig;
import io.github.broadleafmeta.core.outbox.OutboxPage;
import io.github.broadleafmeta.core.outbox.OutboxRow;
import io.github.broadleafmeta.core.outbox.OutboxSearch;
import io.github.broadleafmeta.core.settings.MapSettingsSource;
import io.github.broadleafmeta.core.settings.MetaSettingKeys;
import io.github.broadleafmeta.core.settings.SettingsResolver;
import io.github.broadleafmeta.core.settings.SettingsSource;
import io.github.broadleafmeta.core.tracking.EventRecorder;
import io.github.broadleafmeta.core.tracking.OrderRequestFields;
import io.github.broadleafmeta.core.tracking.PurchaseRecoveryStore;
import io.github.broadleafmeta.core.tracking.SettingsSnapshots;
import io.github.broadleafmeta.core.tracking.ShopperRequest;
import io.github.broadleafmeta.core.tracking.TrackingCounters;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.broadleafcommerce.common.currency.domain.BroadleafCurrencyImpl;
import org.broadleafcommerce.common.money.Money;
import org.broadleafcommerce.core.order.domain.Order;
import org.broadleafcommerce.core.order.domain.OrderImpl;
import org.hsqldb.jdbc.JDBCDataSource;
import org.junit.jupiter.api.Test;

/**
 * A Purchase rebuilt from a real Broadleaf order object: through the live mapper and recorder, with the stored
 * request fields and the original time, into the real outbox, for the one pixel asked.
 */
class PurchaseRebuilderTest {

    private static final AtomicInteger DBS = new AtomicInteger();
    private static final String PIXEL = "111111111111111";
    private static final String OTHER_PIXEL = "222222222222222";
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static final Instant PLACED = NOW.minusSeconds(3 * 86400);
    private static final String UA = "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0";

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final Map<String, String> admin = new HashMap<>();
    private final JDBCDataSource db = new JDBCDataSource();
    private JdbcOutbox outbox;
    private PurchaseRecoveryStore store;

    PurchaseRebuilderTest() {
        admin.put(MetaSettingKeys.PIXEL_ID, PIXEL);
        admin.put(MetaSettingKeys.PIXELS_ADDITIONAL, OTHER_PIXEL);
        admin.put(MetaSettingKeys.CONSENT_REQUIRED, "true");
        db.setUrl("jdbc:hsqldb:mem:rebuilder-" + DBS.incrementAndGet());
        db.setUser("SA");
    }

    @Test
    void shouldWriteThePurchaseWithTheOriginalTimeAndStoredRequestForThatPixelOnly() {
        PurchaseRebuilder rebuilder = rebuilder();

        PurchaseRebuilder.Outcome outcome = rebuilder.rebuild(order("1001", fields(true, UA)), PIXEL,
                PurchaseRecoveryStore.Origin.SWEEP);

        assertThat(outcome).isEqualTo(PurchaseRebuilder.Outcome.REBUILT);
        List<OutboxRow> rows = rows();
        assertThat(rows).hasSize(1);
        OutboxRow row = rows.get(0);
        assertThat(row.pixelId()).isEqualTo(PIXEL);
        assertThat(row.eventId()).isEqualTo("order.1001");
        assertThat(row.eventTime()).isEqualTo(PLACED.getEpochSecond());
        assertThat(outbox.findById(row.id()).payload()).contains("\"event_time\":" + PLACED.getEpochSecond())
                .contains("\"client_ip_address\":\"203.0.113.9\"").contains("\"client_user_agent\":\"" + UA + "\"")
                .contains("\"fbp\":\"fb.1.1700000000000.1234567890\"").contains("https://shop.example/checkout")
                .contains("\"value\":12.50");
        assertThat(store.origin(PIXEL, "order.1001")).isEqualTo(PurchaseRecoveryStore.Origin.SWEEP);
    }

    @Test
    void shouldWriteNothingWhenConsentWasDenied() {
        PurchaseRebuilder.Outcome outcome = rebuilder().rebuild(order("1002", fields(false, UA)), PIXEL,
                PurchaseRecoveryStore.Origin.SWEEP);

        assertThat(outcome).isEqualTo(PurchaseRebuilder.Outcome.REFUSED);
        assertThat(rows()).isEmpty();
    }

    @Test
    void shouldWriteNothingWhenUserAgentWasABot() {
        PurchaseRebuilder.Outcome outcome = rebuilder().rebuild(
                order("1003", fields(true, "Googlebot/2.1 (+http://www.google.com/bot.html)")), PIXEL,
                PurchaseRecoveryStore.Origin.SWEEP);

        assertThat(outcome).isEqualTo(PurchaseRebuilder.Outcome.REFUSED);
        assertThat(rows()).isEmpty();
    }

    @Test
    void shouldLeaveAnOrderWithoutStoredFieldsAlone() {
        PurchaseRebuilder.Outcome outcome = rebuilder().rebuild(order("1004", new HashMap<>()), PIXEL,
                PurchaseRecoveryStore.Origin.BACKFILL);

        assertThat(outcome).isEqualTo(PurchaseRebuilder.Outcome.NO_REQUEST_FIELDS);
        assertThat(rows()).isEmpty();
    }

    @Test
    void shouldReportAlreadyThereAndKeepTheOriginalOriginWhenRebuiltTwice() {
        PurchaseRebuilder rebuilder = rebuilder();
        Order order = order("1005", fields(true, UA));
        rebuilder.rebuild(order, PIXEL, PurchaseRecoveryStore.Origin.SWEEP);

        PurchaseRebuilder.Outcome second = rebuilder.rebuild(order, PIXEL, PurchaseRecoveryStore.Origin.BACKFILL);

        assertThat(second).isEqualTo(PurchaseRebuilder.Outcome.ALREADY_THERE);
        assertThat(rows()).hasSize(1);
        assertThat(store.origin(PIXEL, "order.1005")).isEqualTo(PurchaseRecoveryStore.Origin.SWEEP);
    }

    @Test
    void shouldWriteNothingWhenThePluginIsSwitchedOff() {
        admin.put(MetaSettingKeys.PIXEL_ENABLED, "false");

        PurchaseRebuilder.Outcome outcome = rebuilder().rebuild(order("1006", fields(true, UA)), PIXEL,
                PurchaseRecoveryStore.Origin.SWEEP);

        assertThat(outcome).isEqualTo(PurchaseRebuilder.Outcome.NOT_RECORDED);
        assertThat(rows()).isEmpty();
    }

    private PurchaseRebuilder rebuilder() {
        SettingsSnapshots settings = new SettingsSnapshots(new SettingsResolver(
                List.<SettingsSource>of(new MapSettingsSource("admin", admin)), clock), clock);
        outbox = new JdbcOutbox(db, OutboxConfig.ofDefaults(), clock);
        outbox.initialize();
        store = new PurchaseRecoveryStore(db);
        EventRecorder recorder = new EventRecorder(settings, outbox, new EventJsonWriter(), clock,
                new TrackingCounters());
        return new PurchaseRebuilder(new BroadleafCommerceMapper(settings, new BroadleafCatalogKeys()), recorder,
                settings, store, clock);
    }

    private List<OutboxRow> rows() {
        OutboxPage page = outbox.search(OutboxSearch.builder().build(), 0, 10);
        return page.rows();
    }

    private Map<String, String> fields(boolean consent, String userAgent) {
        ShopperRequest request = new ShopperRequest("203.0.113.9", userAgent, "fb.1.1700000000000.1234567890", null,
                "https://shop.example/checkout", consent);
        SettingsSnapshots settings = new SettingsSnapshots(new SettingsResolver(
                List.<SettingsSource>of(new MapSettingsSource("admin", admin)), clock), clock);
        return OrderRequestFields.of(request, settings.current(), PLACED).values();
    }

    private static Order order(String number, Map<String, String> attributes) {
        BroadleafCurrencyImpl currency = new BroadleafCurrencyImpl();
        currency.setCurrencyCode("USD");
        OrderImpl order = new OrderImpl();
        order.setOrderNumber(number);
        order.setCurrency(currency);
        order.setTotal(new Money(new BigDecimal("12.50"), "USD"));
        order.setSubTotal(new Money(new BigDecimal("12.50"), "USD"));
        OrderRequestAttributes.put(order, attributes);
        return order;
    }
}
