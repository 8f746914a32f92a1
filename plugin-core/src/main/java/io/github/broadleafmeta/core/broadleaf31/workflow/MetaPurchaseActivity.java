package io.github.broadleafmeta.core.broadleaf31.workflow;

import io.github.broadleafmeta.core.broadleaf31.BroadleafMetaTracker;
import org.broadleafcommerce.core.checkout.service.workflow.CheckoutSeed;
import org.broadleafcommerce.core.workflow.ProcessContext;

/**
 * After {@code blCompleteOrderActivity} (order 6000) in {@code blCheckoutWorkflow}: the order is SUBMITTED and
 * numbered. Records the Purchase, which the dispatcher sends only once the order is confirmed in the database.
 */
public class MetaPurchaseActivity extends AbstractMetaActivity<ProcessContext<CheckoutSeed>> {

    private PurchaseWriteFault writeFault;

    public MetaPurchaseActivity(BroadleafMetaTracker tracker) {
        super(tracker);
    }

    /** The fault suite's hook (test mode only); none in production. */
    public void setWriteFault(PurchaseWriteFault writeFault) {
        this.writeFault = writeFault;
    }

    @Override
    protected void track(ProcessContext<CheckoutSeed> context) {
        if (writeFault != null && writeFault.loseWrite(context.getSeedData().getOrder().getOrderNumber())) {
            return;
        }
        tracker.purchase(context.getSeedData().getOrder());
    }
}
