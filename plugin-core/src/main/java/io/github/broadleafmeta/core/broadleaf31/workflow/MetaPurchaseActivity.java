package io.github.broadleafmeta.core.broadleaf31.workflow;

import io.github.broadleafmeta.core.broadleaf31.BroadleafMetaTracker;
import org.broadleafcommerce.core.checkout.service.workflow.CheckoutSeed;
import org.broadleafcommerce.core.workflow.ProcessContext;

/**
 * After {@code blCompleteOrderActivity} (order 6000) in {@code blCheckoutWorkflow}: the order is SUBMITTED and
 * numbered. Records the Purchase, which the dispatcher sends only once the order is confirmed in the database.
 */
public class MetaPurchaseActivity extends AbstractMetaActivity<ProcessContext<CheckoutSeed>> {

    public MetaPurchaseActivity(BroadleafMetaTracker tracker) {
        super(tracker);
    }

    @Override
    protected void track(ProcessContext<CheckoutSeed> context) {
        tracker.purchase(context.getSeedData().getOrder());
    }
}
