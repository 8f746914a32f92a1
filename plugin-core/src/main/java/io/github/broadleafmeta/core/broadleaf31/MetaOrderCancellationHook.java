package io.github.broadleafmeta.core.broadleaf31;

import io.github.broadleafmeta.core.runtime.PluginCpuMeter;
import io.github.broadleafmeta.core.tracking.OrderCancellations;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.broadleafcommerce.core.order.domain.Order;
import org.broadleafcommerce.core.order.service.OrderService;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.support.NameMatchMethodPointcutAdvisor;
import org.springframework.transaction.support.TransactionSynchronizationAdapter;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Hooks {@code OrderService.cancelOrder}: Broadleaf 3.1 has no extension point there (and its implementation
 * deletes the order, so the order table scan can never see such a cancellation). Added as advice to the
 * {@code blOrderService} proxy at start-up; after the cancelling transaction commits, the order number goes to
 * {@link OrderCancellations}. Named orders (wishlists) have no order number and are ignored.
 */
public class MetaOrderCancellationHook implements MethodInterceptor {

    private static final Log LOG = LogFactory.getLog(MetaOrderCancellationHook.class);

    private final OrderService orderService;
    private final OrderCancellations cancellations;
    private final NameMatchMethodPointcutAdvisor advisor = new NameMatchMethodPointcutAdvisor(this);

    public MetaOrderCancellationHook(OrderService orderService, OrderCancellations cancellations) {
        this.orderService = orderService;
        this.cancellations = cancellations;
        this.advisor.setMappedName("cancelOrder");
    }

    /**
     * Adds this advice to the order service's proxy (inside its transaction advice), for {@code cancelOrder} only:
     * the store's other order calls (add to cart, checkout saves) never run inside a plugin frame.
     */
    public void register() {
        if (orderService instanceof Advised && !((Advised) orderService).isFrozen()) {
            ((Advised) orderService).addAdvisor(advisor);
        } else {
            LOG.warn("Meta tracking: blOrderService is not an open Spring proxy; OrderService.cancelOrder is not "
                    + "hooked (cancelled orders still found in the order table are reported by the scan)");
        }
    }

    public void unregister() {
        if (orderService instanceof Advised) {
            ((Advised) orderService).removeAdvisor(advisor);
        }
    }

    @Override
    public Object invoke(MethodInvocation invocation) throws Throwable {
        String orderNumber = cancelledOrderNumber(invocation);
        // The host's own cancelOrder runs outside the plugin's metered sections.
        Object result = invocation.proceed();
        if (orderNumber != null) {
            reportAfterCommit(orderNumber);
        }
        return result;
    }

    /** The order number of a {@code cancelOrder(Order)} call; null for other calls and unnumbered orders. */
    private static String cancelledOrderNumber(MethodInvocation invocation) {
        boolean metered = PluginCpuMeter.enter();
        try {
            if (!"cancelOrder".equals(invocation.getMethod().getName()) || invocation.getArguments().length != 1
                    || !(invocation.getArguments()[0] instanceof Order)) {
                return null;
            }
            return ((Order) invocation.getArguments()[0]).getOrderNumber();
        } finally {
            PluginCpuMeter.exit(metered);
        }
    }

    private void reportAfterCommit(final String orderNumber) {
        boolean metered = PluginCpuMeter.enter();
        try {
            if (TransactionSynchronizationManager.isSynchronizationActive()) {
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronizationAdapter() {
                    @Override
                    public void afterCommit() {
                        report(orderNumber);
                    }
                });
            } else {
                report(orderNumber);
            }
        } finally {
            PluginCpuMeter.exit(metered);
        }
    }

    /** Runs in the host's commit (or right after cancelOrder without a transaction). */
    private void report(String orderNumber) {
        boolean metered = PluginCpuMeter.enter();
        try {
            cancellations.orderCancelled(orderNumber);
        } finally {
            PluginCpuMeter.exit(metered);
        }
    }
}
