package io.github.broadleafmeta.core.broadleaf31.config;

import io.github.broadleafmeta.core.metrics.JmxDeliveryMetrics;
import io.github.broadleafmeta.core.metrics.micrometer.MetaDeliveryMeterBinder;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ListableBeanFactory;

import java.util.Map;

/** The Micrometer half of {@link MicrometerRegistration}: loaded only when Micrometer is present. */
final class MicrometerBinding {

    private MicrometerBinding() {
    }

    /** Binds one binder to every registry bean; returns how many. */
    static int bindAll(ListableBeanFactory beanFactory, JmxDeliveryMetrics metrics) {
        Map<String, MeterRegistry> registries = beanFactory.getBeansOfType(MeterRegistry.class);
        if (registries.isEmpty()) {
            return 0;
        }
        MetaDeliveryMeterBinder binder = new MetaDeliveryMeterBinder(metrics.metrics());
        for (MeterRegistry registry : registries.values()) {
            binder.bindTo(registry);
        }
        metrics.addRefreshHook(binder::refresh);
        return registries.size();
    }
}
