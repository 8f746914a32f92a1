package io.github.broadleafmeta.store;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Broadleaf 3.1 fails silently in two ways on new JDKs; these checks make such a boot fail loudly. And the new
 * database holds the seeded catalog.
 */
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

    /** Seeded ids are below 10,000, where the id generators of products created later start. */
    @Test
    void shouldSeedTwelveProductsEachWithAPricedDefaultSkuWhenDatabaseIsNew() throws Exception {
        RunningStore.get();
        try (Connection db = RunningStore.database(); Statement s = db.createStatement()) {
            assertThat(count(s, "SELECT COUNT(*) FROM BLC_PRODUCT WHERE PRODUCT_ID < 10000")).as("seeded products")
                    .isEqualTo(12);
            assertThat(count(s, "SELECT COUNT(*) FROM BLC_PRODUCT p JOIN BLC_SKU k ON k.SKU_ID = p.DEFAULT_SKU_ID"
                    + " WHERE p.PRODUCT_ID < 10000 AND k.RETAIL_PRICE > 0")).as("seeded products with a priced default SKU")
                    .isEqualTo(12);
        }
    }

    private static long count(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
