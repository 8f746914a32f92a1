package io.github.broadleafmeta.core.broadleaf31.config;

import org.springframework.beans.factory.FactoryBean;
import org.springframework.orm.jpa.EntityManagerFactoryInfo;

import javax.persistence.EntityManagerFactory;
import javax.sql.DataSource;

/**
 * The store's own database, found through Broadleaf's main persistence unit ({@code blPU}), so a site adds the
 * plugin without naming its data source. A site can instead define the bean {@code blMetaDataSource} itself.
 */
public class EntityManagerDataSource implements FactoryBean<DataSource> {

    private final EntityManagerFactory entityManagerFactory;

    public EntityManagerDataSource(EntityManagerFactory entityManagerFactory) {
        this.entityManagerFactory = entityManagerFactory;
    }

    @Override
    public DataSource getObject() {
        if (!(entityManagerFactory instanceof EntityManagerFactoryInfo)
                || ((EntityManagerFactoryInfo) entityManagerFactory).getDataSource() == null) {
            throw new IllegalStateException("Cannot find the store's DataSource through entityManagerFactory; "
                    + "define the bean blMetaDataSource explicitly");
        }
        return ((EntityManagerFactoryInfo) entityManagerFactory).getDataSource();
    }

    @Override
    public Class<?> getObjectType() {
        return DataSource.class;
    }

    @Override
    public boolean isSingleton() {
        return true;
    }
}
