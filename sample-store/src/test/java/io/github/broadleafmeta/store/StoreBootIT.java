package io.github.broadleafmeta.store;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Broadleaf 3.1 fails silently in two ways on new JDKs; these checks make such a boot fail loudly. */
class StoreBootIT {

    @Test
    void shouldRunBroadleafClassTransformersWhenStoreBoots() throws Exception {
        RunningStore.get();
        String log = RunningStore.log();

        assertThat(log).contains("Marking org.broadleafcommerce.core.order.domain.OrderImpl as transformed");
        assertThat(log).doesNotContain("were not detected as being transformed");
    }

    @Test
    void shouldHaveWorkingHibernateProxiesWhenStoreBoots() throws Exception {
        // Exercise lazy loading (product -> default sku -> price) before looking at the log.
        assertThat(RunningStore.storefront().get("/gear/gooseneck-kettle").status).isEqualTo(200);

        assertThat(RunningStore.log()).doesNotContain("HHH000142");
    }

    @Test
    void shouldSeedCatalogWhenDatabaseIsNew() {
        assertThat(RunningStore.get().seededNewDatabase()).isTrue();
    }
}
