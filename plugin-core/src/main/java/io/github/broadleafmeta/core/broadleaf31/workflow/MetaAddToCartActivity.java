package io.github.broadleafmeta.core.broadleaf31.workflow;

import io.github.broadleafmeta.core.broadleaf31.BroadleafMetaTracker;
import org.broadleafcommerce.core.order.service.workflow.CartOperationRequest;
import org.broadleafcommerce.core.workflow.ProcessContext;

/**
 * In {@code blAddItemWorkflow}, after pricing: reports AddToCart for the requested quantity, or AddToWishlist when
 * the order is a named order (the same workflow adds to wishlists).
 */
public class MetaAddToCartActivity extends AbstractMetaActivity<ProcessContext<CartOperationRequest>> {

    public MetaAddToCartActivity(BroadleafMetaTracker tracker) {
        super(tracker);
    }

    @Override
    protected void track(ProcessContext<CartOperationRequest> context) {
        CartOperationRequest request = context.getSeedData();
        if (request.getOrderItem() != null && request.getItemRequest() != null) {
            if (BroadleafMetaTracker.isNamedOrder(request.getOrder())) {
                tracker.addToWishlist(request.getOrderItem(), request.getItemRequest().getQuantity(),
                        request.getOrder());
            } else {
                tracker.addToCart(request.getOrderItem(), request.getItemRequest().getQuantity(), request.getOrder());
            }
        }
    }
}
