package io.github.broadleafmeta.core.broadleaf31;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.github.broadleafmeta.core.broadleaf31.catalog.BroadleafCatalogKeys;
import io.github.broadleafmeta.core.broadleaf31.web.ShopperRequestCapture;
import io.github.broadleafmeta.core.broadleaf31.workflow.MetaAddToCartActivity;
import io.github.broadleafmeta.core.capi.EventJsonWriter;
import io.github.broadleafmeta.core.outbox.JdbcOutbox;
import io.github.broadleafmeta.core.outbox.OutboxConfig;
import io.github.broadleafmeta.core.outbox.TestDatabases;
import io.github.broadleafmeta.core.settings.MapSettingsSource;
import io.github.broadleafmeta.core.settings.MetaSettingKeys;
import io.github.broadleafmeta.core.settings.SettingsSource;
import io.github.broadleafmeta.core.settings.SettingsResolver;
import io.github.broadleafmeta.core.tracking.EventRecorder;
import io.github.broadleafmeta.core.tracking.SettingsSnapshots;
import io.github.broadleafmeta.core.tracking.TrackingCounters;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Collections;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpSession;
import javax.sql.DataSource;
import org.broadleafcommerce.common.currency.domain.BroadleafCurrencyImpl;
import org.broadleafcommerce.common.money.Money;
import org.broadleafcommerce.core.order.domain.DiscreteOrderItemImpl;
import org.broadleafcommerce.core.order.domain.OrderImpl;
import org.broadleafcommerce.core.order.service.call.OrderItemRequestDTO;
import org.broadleafcommerce.core.order.service.type.OrderStatus;
import org.broadleafcommerce.core.order.service.workflow.CartOperationRequest;
import org.broadleafcommerce.core.workflow.DefaultProcessContextImpl;
import org.junit.jupiter.api.Test;

/**
 * The add-item workflow runs for carts and for named orders (wishlists): the activity reports AddToWishlist for a
 * NAMED order and AddToCart otherwise, and the AddToWishlist entries of the event settings gate it.
 */
class WishlistTrackingTest {

    private static final String PIXEL = "123456789012345";

    private final Clock clock = Clock.systemUTC();
    private final DataSource db = TestDatabases.hsqldbInMemory();
    private final JdbcOutbox outbox = new JdbcOutbox(db, OutboxConfig.ofDefaults(), clock);
    private final Map<String, String> admin = new HashMap<>();

    WishlistTrackingTest() {
        outbox.initialize();
        admin.put(MetaSettingKeys.PIXEL_ID, PIXEL);
    }

    private void addItem(OrderStatus status) {
        SettingsSnapshots settings = new SettingsSnapshots(new SettingsResolver(
                List.<SettingsSource>of(new MapSettingsSource("admin", admin)), clock), clock, Duration.ZERO);
        BroadleafMetaTracker tracker = new PostedFormTracker(new EventRecorder(settings, outbox,
                new EventJsonWriter(), clock, new TrackingCounters()), settings, new ShopperRequestCapture(clock),
                new BroadleafCommerceMapper(settings, new BroadleafCatalogKeys()));
        OrderImpl order = new OrderImpl();
        BroadleafCurrencyImpl usd = new BroadleafCurrencyImpl();
        usd.setCurrencyCode("USD");
        order.setCurrency(usd);
        order.setStatus(status);
        DiscreteOrderItemImpl item = new DiscreteOrderItemImpl();
        item.setName("Kenya AA, 250 g");
        item.setRetailPrice(new Money(new BigDecimal("18.90"), "USD"));
        OrderItemRequestDTO itemRequest = new OrderItemRequestDTO();
        itemRequest.setQuantity(1);
        CartOperationRequest request = new CartOperationRequest(order, itemRequest, true);
        request.setOrderItem(item);
        DefaultProcessContextImpl<CartOperationRequest> context = new DefaultProcessContextImpl<>();
        context.setSeedData(request);

        new MetaAddToCartActivity(tracker).execute(context);
    }

    @Test
    void shouldRecordAddToWishlistNotAddToCartWhenItemIsAddedToNamedOrder() throws Exception {
        addItem(OrderStatus.NAMED);

        assertThat(eventNames()).containsExactly("AddToWishlist");
    }

    @Test
    void shouldRecordAddToCartWhenItemIsAddedToCart() throws Exception {
        addItem(OrderStatus.IN_PROCESS);

        assertThat(eventNames()).containsExactly("AddToCart");
    }

    @Test
    void shouldRecordNoServerCopyWhenAddToWishlistIsNotAServerEvent() throws Exception {
        admin.put(MetaSettingKeys.EVENTS_SERVER, "AddToCart,Purchase");

        addItem(OrderStatus.NAMED);

        assertThat(eventNames()).isEmpty();
    }

    /** The tracker as it runs inside the store's form post (a real browser request's shape). */
    static final class PostedFormTracker extends BroadleafMetaTracker {
        private final HttpServletRequest request = mock(HttpServletRequest.class);

        PostedFormTracker(EventRecorder recorder, SettingsSnapshots settings, ShopperRequestCapture capture,
                BroadleafCommerceMapper mapper) {
            super(recorder, settings, capture, mapper);
            when(request.getMethod()).thenReturn("POST");
            when(request.getRequestURL()).thenAnswer(i -> new StringBuffer("https://shop.example/wishlist/add"));
            when(request.getServerName()).thenReturn("shop.example");
            when(request.getRemoteAddr()).thenReturn("203.0.113.5");
            when(request.getHeader("User-Agent")).thenReturn("Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0");
            when(request.getHeaders(anyString())).thenAnswer(i -> Collections.emptyEnumeration());
            when(request.getSession(anyBoolean())).thenReturn(mock(HttpSession.class));
        }

        @Override
        protected HttpServletRequest currentRequest() {
            return request;
        }
    }

    private List<String> eventNames() throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = db.getConnection();
                PreparedStatement q = c.prepareStatement("SELECT event_name FROM " + outbox.tableName())) {
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }
}
