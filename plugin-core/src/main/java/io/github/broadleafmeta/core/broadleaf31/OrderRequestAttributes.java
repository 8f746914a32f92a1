package io.github.broadleafmeta.core.broadleaf31;

import io.github.broadleafmeta.core.broadleaf31.web.ShopperRequestCapture;
import io.github.broadleafmeta.core.runtime.PluginCpuMeter;
import io.github.broadleafmeta.core.settings.MetaSettings;
import io.github.broadleafmeta.core.tracking.OrderRequestFields;
import io.github.broadleafmeta.core.tracking.SettingsSnapshots;
import io.github.broadleafmeta.core.tracking.ShopperRequest;
import org.broadleafcommerce.common.web.BroadleafRequestContext;
import org.broadleafcommerce.core.order.domain.Order;
import org.broadleafcommerce.core.order.domain.OrderAttribute;
import org.broadleafcommerce.core.order.domain.OrderAttributeImpl;

import java.time.Clock;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;

/**
 * Puts the checkout request's {@link OrderRequestFields} on the order as Broadleaf order attributes (the
 * documented extension point), inside the checkout: they are saved with the order, by the order's own save, so
 * they cost no extra write. Stored whether or not the plugin is switched on, so that an order placed while it was
 * off can get its Purchase when it is switched on again (or by a backfill), with the request's real values.
 */
public class OrderRequestAttributes {

    private final SettingsSnapshots settings;
    private final ShopperRequestCapture capture;
    private final Clock clock;

    public OrderRequestAttributes(SettingsSnapshots settings, ShopperRequestCapture capture, Clock clock) {
        this.settings = settings;
        this.capture = capture;
        this.clock = clock;
    }

    /** Stores the fields of the current request on the order; without a request (a back-office checkout) none. */
    public void store(Order order) {
        boolean metered = PluginCpuMeter.enter();
        try {
            HttpServletRequest request = currentRequest();
            if (order == null || request == null) {
                return;
            }
            MetaSettings s = settings.current();
            ShopperRequest shopper = capture.capture(request, currentResponse(), s);
            put(order, OrderRequestFields.of(shopper, s, clock.instant()).values());
        } finally {
            PluginCpuMeter.exit(metered);
        }
    }

    static void put(Order order, Map<String, String> values) {
        Map<String, OrderAttribute> attributes = order.getOrderAttributes();
        for (Map.Entry<String, String> e : values.entrySet()) {
            OrderAttribute attribute = attributes.get(e.getKey());
            if (attribute == null) {
                attribute = new OrderAttributeImpl();
                attribute.setName(e.getKey());
                attribute.setOrder(order);
                attributes.put(e.getKey(), attribute);
            }
            attribute.setValue(e.getValue());
        }
    }

    protected HttpServletRequest currentRequest() {
        BroadleafRequestContext context = BroadleafRequestContext.getBroadleafRequestContext();
        return context == null ? null : context.getRequest();
    }

    protected javax.servlet.http.HttpServletResponse currentResponse() {
        BroadleafRequestContext context = BroadleafRequestContext.getBroadleafRequestContext();
        return context == null ? null : context.getResponse();
    }
}
