package io.github.broadleafmeta.core.broadleaf31.workflow;

import io.github.broadleafmeta.core.broadleaf31.BroadleafMetaTracker;
import org.broadleafcommerce.core.order.domain.OrderItem;
import org.broadleafcommerce.core.order.service.workflow.CartOperationRequest;
import org.broadleafcommerce.core.workflow.ProcessContext;

/**
 * In {@code blUpdateItemWorkflow}: a quantity increase is an AddToCart of the added units (Broadleaf also routes
 * "add the same item again" here); decreases report nothing.
 */
public class MetaQuantityIncreaseActivity extends AbstractMetaActivity<ProcessContext<CartOperationRequest>> {

    public MetaQuantityIncreaseActivity(BroadleafMetaTracker tracker) {
        super(tracker);
    }

    @Override
    protected void track(ProcessContext<CartOperationRequest> context) {
        CartOperationRequest request = context.getSeedData();
        Integer delta = request.getOrderItemQuantityDelta();
        if (delta == null || delta <= 0 || request.getItemRequest() == null) {
            return;
        }
        Long itemId = request.getItemRequest().getOrderItemId();
        for (OrderItem item : request.getOrder().getOrderItems()) {
            if (item.getId() != null && item.getId().equals(itemId)) {
                if (BroadleafMetaTracker.isNamedOrder(request.getOrder())) {
                    tracker.addToWishlist(item, delta, request.getOrder());
                } else {
                    tracker.addToCart(item, delta, request.getOrder());
                }
                return;
            }
        }
    }
}
