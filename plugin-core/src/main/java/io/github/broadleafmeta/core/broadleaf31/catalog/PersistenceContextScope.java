package io.github.broadleafmeta.core.broadleaf31.catalog;

import io.github.broadleafmeta.core.catalog.FeedFileWriter;
import org.springframework.orm.jpa.EntityManagerHolder;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import java.util.concurrent.Callable;

/**
 * Runs feed work with a persistence context bound to the thread, as Broadleaf's open-entity-manager-in-view filter
 * does for a page: lazy SKU, price and media associations load while the feed is written. Reuses the request's
 * context where one is bound already; otherwise (a background thread, a store without that filter) opens one and
 * closes it afterwards.
 */
public class PersistenceContextScope implements FeedFileWriter.Scope {

    private final EntityManagerFactory entityManagerFactory;

    public PersistenceContextScope(EntityManagerFactory entityManagerFactory) {
        this.entityManagerFactory = entityManagerFactory;
    }

    @Override
    public <T> T run(Callable<T> work) throws Exception {
        if (TransactionSynchronizationManager.hasResource(entityManagerFactory)) {
            return work.call();
        }
        EntityManager em = entityManagerFactory.createEntityManager();
        TransactionSynchronizationManager.bindResource(entityManagerFactory, new EntityManagerHolder(em));
        try {
            return work.call();
        } finally {
            TransactionSynchronizationManager.unbindResource(entityManagerFactory);
            em.close();
        }
    }
}
