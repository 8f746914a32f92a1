package io.github.broadleafmeta.core.broadleaf31.catalog;

import io.github.broadleafmeta.core.catalog.FeedFileWriter;
import org.springframework.orm.jpa.EntityManagerHolder;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import java.util.concurrent.Callable;

/**
 * Runs feed work with a persistence context bound to the thread, as Broadleaf's open-entity-manager-in-view filter
 * does for a page: lazy SKU, price and media associations load while the feed is written, and the feed clears the
 * context after each page. A shared scope reuses the request's context where one is bound (the feed request reads
 * nothing else); an isolated one (the admin, whose page still needs its own entities) always opens its own and puts
 * the request's back afterwards. A background thread gets its own either way.
 */
public class PersistenceContextScope implements FeedFileWriter.Scope {

    private final EntityManagerFactory entityManagerFactory;
    private final boolean isolated;

    public PersistenceContextScope(EntityManagerFactory entityManagerFactory, boolean isolated) {
        this.entityManagerFactory = entityManagerFactory;
        this.isolated = isolated;
    }

    @Override
    public <T> T run(Callable<T> work) throws Exception {
        boolean bound = TransactionSynchronizationManager.hasResource(entityManagerFactory);
        if (bound && !isolated) {
            return work.call();
        }
        Object outer = bound ? TransactionSynchronizationManager.unbindResource(entityManagerFactory) : null;
        EntityManager em = entityManagerFactory.createEntityManager();
        TransactionSynchronizationManager.bindResource(entityManagerFactory, new EntityManagerHolder(em));
        try {
            return work.call();
        } finally {
            TransactionSynchronizationManager.unbindResource(entityManagerFactory);
            em.close();
            if (outer != null) {
                TransactionSynchronizationManager.bindResource(entityManagerFactory, outer);
            }
        }
    }
}
