package io.github.broadleafmeta.core.broadleaf31;

import io.github.broadleafmeta.core.runtime.PluginCpuMeter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.broadleafcommerce.profile.core.domain.Customer;
import org.broadleafcommerce.profile.core.service.CustomerService;
import org.broadleafcommerce.profile.core.service.listener.PostRegistrationObserver;

/** Registers with Broadleaf's customer service and reports CompleteRegistration for each new customer. */
public class MetaRegistrationObserver implements PostRegistrationObserver {

    private static final Log LOG = LogFactory.getLog(MetaRegistrationObserver.class);

    private final BroadleafMetaTracker tracker;
    private final CustomerService customerService;

    public MetaRegistrationObserver(BroadleafMetaTracker tracker, CustomerService customerService) {
        this.tracker = tracker;
        this.customerService = customerService;
    }

    public void register() {
        customerService.addPostRegisterListener(this);
    }

    public void unregister() {
        customerService.removePostRegisterListener(this);
    }

    @Override
    public void processRegistrationEvent(Customer customer) {
        boolean metered = PluginCpuMeter.enter();
        try {
            tracker.completeRegistration(customer);
        } catch (RuntimeException e) {
            LOG.warn("Meta tracking: CompleteRegistration failed (" + e.getClass().getName() + ")");
        } finally {
            PluginCpuMeter.exit(metered);
        }
    }
}
