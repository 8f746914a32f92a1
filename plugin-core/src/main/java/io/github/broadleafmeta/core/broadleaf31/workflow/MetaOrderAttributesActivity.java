package io.github.broadleafmeta.core.broadleaf31.workflow;

import io.github.broadleafmeta.core.broadleaf31.OrderRequestAttributes;
import org.broadleafcommerce.core.checkout.service.workflow.CheckoutSeed;
import org.broadleafcommerce.core.workflow.ProcessContext;

/**
 * After {@code blCompleteOrderActivity} (6000), before the Purchase: stores the checkout request's fields on the
 * order as order attributes, which {@code CheckoutServiceImpl} saves with the SUBMITTED order. The Purchase can
 * then be rebuilt from the order if the plugin's own write never happens.
 */
public class MetaOrderAttributesActivity extends AbstractMetaActivity<ProcessContext<CheckoutSeed>> {

    private final OrderRequestAttributes attributes;

    public MetaOrderAttributesActivity(OrderRequestAttributes attributes) {
        super(null);
        this.attributes = attributes;
    }

    @Override
    protected void track(ProcessContext<CheckoutSeed> context) {
        attributes.store(context.getSeedData().getOrder());
    }
}
