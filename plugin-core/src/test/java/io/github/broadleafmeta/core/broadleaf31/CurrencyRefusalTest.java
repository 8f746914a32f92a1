package io.github.broadleafmeta.core.broadleaf31;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.broadleafmeta.core.broadleaf31.catalog.BroadleafCatalogKeys;
import io.github.broadleafmeta.core.broadleaf31.web.ShopperRequestCapture;
import io.github.broadleafmeta.core.capi.EventJsonWriter;
import io.github.broadleafmeta.core.event.CustomData;
import io.github.broadleafmeta.core.event.UnsupportedCurrencyException;
import io.github.broadleafmeta.core.outbox.JdbcOutbox;
import io.github.broadleafmeta.core.outbox.OutboxConfig;
import io.github.broadleafmeta.core.settings.MapSettingsSource;
import io.github.broadleafmeta.core.settings.MetaSettingKeys;
import io.github.broadleafmeta.core.settings.PurchaseValue;
import io.github.broadleafmeta.core.settings.SettingsResolver;
import io.github.broadleafmeta.core.settings.SettingsSource;
import io.github.broadleafmeta.core.tracking.EventRecorder;
import io.github.broadleafmeta.core.tracking.SettingsSnapshots;
import io.github.broadleafmeta.core.tracking.TrackingCounters;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.broadleafcommerce.common.currency.domain.BroadleafCurrencyImpl;
import org.broadleafcommerce.common.money.Money;
import org.broadleafcommerce.core.order.domain.Order;
import org.broadleafcommerce.core.order.domain.OrderImpl;
import org.hsqldb.jdbc.JDBCDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A store currency that is not ISO 4217 never becomes an event, and never fails the shopper's request. */
class CurrencyRefusalTest {

    private final BroadleafCommerceMapper mapper = new BroadleafCommerceMapper(new SettingsSnapshots(
            new SettingsResolver(List.<SettingsSource>of(new MapSettingsSource("admin", new HashMap<>())),
                    Clock.systemUTC()), Clock.systemUTC()), new BroadleafCatalogKeys());

    @ParameterizedTest
    @ValueSource(strings = {"XYZ", "BTC"})
    void shouldRefuseOrderAtTheMapperWhenCurrencyIsNotIso4217(String code) {
        Order order = order(code);

        assertThatThrownBy(() -> mapper.order(order, PurchaseValue.TOTAL, true))
                .isInstanceOf(UnsupportedCurrencyException.class).hasMessageContaining(code);
    }

    @Test
    void shouldMapOrderWhenCurrencyIsIso4217() {
        CustomData data = mapper.order(order("EUR"), PurchaseValue.TOTAL, true);

        assertThat(data.currency()).isEqualTo("EUR");
        assertThat(data.value()).isEqualByComparingTo("12.50");
    }

    @Test
    void shouldCountAndRecordNothingWhenPurchaseCurrencyIsNotIso4217() {
        Clock clock = Clock.systemUTC();
        Map<String, String> admin = new HashMap<>();
        admin.put(MetaSettingKeys.PIXEL_ID, "123456789012345");
        SettingsSnapshots settings = new SettingsSnapshots(new SettingsResolver(
                List.<SettingsSource>of(new MapSettingsSource("admin", admin)), clock), clock);
        JDBCDataSource db = new JDBCDataSource();
        db.setUrl("jdbc:hsqldb:mem:currency-refusal;shutdown=false");
        db.setUser("SA");
        JdbcOutbox outbox = new JdbcOutbox(db, OutboxConfig.ofDefaults(), clock);
        outbox.initialize();
        TrackingCounters counters = new TrackingCounters();
        BroadleafMetaTracker tracker = new BroadleafMetaTracker(
                new EventRecorder(settings, outbox, new EventJsonWriter(), clock, counters), settings,
                new ShopperRequestCapture(clock), mapper);
        Order order = order("BTC");
        order.setOrderNumber("BTC-1");

        tracker.purchase(order);

        assertThat(counters.get("refused.INVALID_CURRENCY.Purchase")).isEqualTo(1);
        assertThat(counters.snapshot().keySet()).noneMatch(k -> k.startsWith("server.") || k.startsWith("browser."));
        assertThat(outbox.contains("123456789012345", "Purchase", "order.BTC-1")).isFalse();
    }

    private static Order order(String currencyCode) {
        BroadleafCurrencyImpl currency = new BroadleafCurrencyImpl();
        currency.setCurrencyCode(currencyCode);
        OrderImpl order = new OrderImpl();
        order.setCurrency(currency);
        order.setTotal(new Money(new BigDecimal("12.50"), "USD"));
        order.setSubTotal(new Money(new BigDecimal("12.50"), "USD"));
        return order;
    }
}
