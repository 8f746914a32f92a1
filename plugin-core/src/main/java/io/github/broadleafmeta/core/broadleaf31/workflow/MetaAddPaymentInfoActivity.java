package io.github.broadleafmeta.core.broadleaf31.workflow;

import io.github.broadleafmeta.core.broadleaf31.BroadleafMetaTracker;
import org.broadleafcommerce.core.checkout.service.workflow.CheckoutSeed;
import org.broadleafcommerce.core.workflow.ProcessContext;

/** Early in {@code blCheckoutWorkflow} (before the payments are confirmed): the payment step was submitted. */
public class MetaAddPaymentInfoActivity extends AbstractMetaActivity<ProcessContext<CheckoutSeed>> {

    public MetaAddPaymentInfoActivity(BroadleafMetaTracker tracker) {
        super(tracker);
    }

    @Override
    protected void track(ProcessContext<CheckoutSeed> context) {
        tracker.addPaymentInfo(context.getSeedData().getOrder());
    }
}
