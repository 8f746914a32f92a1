package io.github.broadleafmeta.core.broadleaf31.config;

import io.github.broadleafmeta.core.metrics.JmxDeliveryMetrics;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * Binds the plugin's delivery metrics to every Micrometer {@code MeterRegistry} bean of the host, when the host has
 * Micrometer on its class path; otherwise does nothing (Micrometer is an optional dependency of the plugin). The
 * Micrometer types are touched only in {@link MicrometerBinding}, loaded after the class-presence check. A host
 * that builds its registry elsewhere binds {@code new MetaDeliveryMeterBinder(blMetaJmxDeliveryMetrics.metrics())}
 * itself.
 */
public class MicrometerRegistration implements BeanFactoryAware {

    private static final Log LOG = LogFactory.getLog(MicrometerRegistration.class);
    static final String METER_REGISTRY = "io.micrometer.core.instrument.MeterRegistry";

    private final JmxDeliveryMetrics metrics;
    private ListableBeanFactory beanFactory;

    public MicrometerRegistration(JmxDeliveryMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory instanceof ListableBeanFactory ? (ListableBeanFactory) beanFactory : null;
    }

    /** Called at context start; never throws. */
    public void register() {
        if (!ClassUtils.isPresent(METER_REGISTRY, MicrometerRegistration.class.getClassLoader())) {
            LOG.debug("Meta metrics: no Micrometer on the class path; JMX only");
            return;
        }
        if (beanFactory == null) {
            return;
        }
        try {
            int bound = MicrometerBinding.bindAll(beanFactory, metrics);
            LOG.info("Meta metrics: bound to " + bound + " Micrometer registr" + (bound == 1 ? "y" : "ies"));
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("Meta metrics: could not bind to Micrometer: " + e);
        }
    }
}
