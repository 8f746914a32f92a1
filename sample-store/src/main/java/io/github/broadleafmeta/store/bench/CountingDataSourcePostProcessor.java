package io.github.broadleafmeta.store.bench;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.PriorityOrdered;

import javax.sql.DataSource;

/**
 * In {@link BenchMode} only, wraps every {@link DataSource} bean of the storefront in a {@link CountingDataSource};
 * otherwise returns each bean as it is. Registered first ({@link PriorityOrdered}) so the data sources exist only
 * after it does.
 */
public class CountingDataSourcePostProcessor implements BeanPostProcessor, PriorityOrdered {

    private final boolean enabled = BenchMode.enabled();

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        return bean;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (enabled && bean instanceof DataSource) {
            return CountingDataSource.wrap((DataSource) bean);
        }
        return bean;
    }
}
