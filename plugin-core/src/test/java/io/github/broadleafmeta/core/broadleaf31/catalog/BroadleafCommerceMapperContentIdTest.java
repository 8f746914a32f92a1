package io.github.broadleafmeta.core.broadleaf31.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.broadleafmeta.core.broadleaf31.BroadleafCommerceMapper;
import io.github.broadleafmeta.core.event.CustomData;
import io.github.broadleafmeta.core.settings.MapSettingsSource;
import io.github.broadleafmeta.core.settings.SettingsResolver;
import io.github.broadleafmeta.core.tracking.SettingsSnapshots;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.broadleafcommerce.common.money.Money;
import org.broadleafcommerce.core.catalog.domain.Product;
import org.broadleafcommerce.core.catalog.domain.ProductImpl;
import org.broadleafcommerce.core.catalog.domain.Sku;
import org.broadleafcommerce.core.catalog.domain.SkuImpl;
import org.junit.jupiter.api.Test;

/** Real Broadleaf 3.1 domain objects through the mapper: the content id and type follow meta.catalog.contentId. */
class BroadleafCommerceMapperContentIdTest {

    private static BroadleafCommerceMapper mapper(String contentIdSetting) {
        Map<String, String> admin = new HashMap<>();
        if (contentIdSetting != null) {
            admin.put("meta.catalog.contentId", contentIdSetting);
        }
        return new BroadleafCommerceMapper(new SettingsSnapshots(new SettingsResolver(
                List.of(new MapSettingsSource("admin", admin)), Clock.systemUTC()), Clock.systemUTC(), Duration.ZERO),
                new BroadleafCatalogKeys());
    }

    @Test
    void shouldReportDefaultSkuIdWhenStrategyIsDefault() {
        CustomData data = mapper(null).viewContent(product(3006L, 4006L, "BB-3006"));

        assertThat(data.contentIds()).containsExactly("4006");
        assertThat(data.contentType()).isEqualTo("product");
    }

    @Test
    void shouldReportPatternAndPartNumberWhenStrategyChanges() {
        assertThat(mapper("brewbeans_{skuId}").viewContent(product(3006L, 4006L, "BB-3006")).contentIds())
                .containsExactly("brewbeans_4006");
        assertThat(mapper("external").viewContent(product(3006L, 4006L, "BB-3006")).contentIds())
                .containsExactly("BB-3006");
    }

    @Test
    void shouldReportProductGroupWhenProductSellsVariants() {
        Product mug = product(3100L, 4100L, null);
        Sku small = sku(4101L);
        Sku large = sku(4102L);
        small.setProduct(mug);
        large.setProduct(mug);
        mug.setAdditionalSkus(Arrays.asList(small, large));

        CustomData bySku = mapper("sku").viewContent(mug);
        CustomData byProduct = mapper("product").viewContent(mug);

        assertThat(bySku.contentIds()).containsExactly("p3100");
        assertThat(bySku.contentType()).isEqualTo("product_group");
        assertThat(byProduct.contentIds()).containsExactly("3100");
        assertThat(byProduct.contentType()).isEqualTo("product_group");
    }

    private static Product product(long productId, long skuId, String model) {
        ProductImpl product = new ProductImpl();
        product.setId(productId);
        product.setModel(model);
        Sku sku = sku(skuId);
        sku.setName("Kenya AA, 250 g");
        sku.setDefaultProduct(product);
        product.setDefaultSku(sku);
        return product;
    }

    private static Sku sku(long id) {
        SkuImpl sku = new SkuImpl();
        sku.setId(id);
        sku.setRetailPrice(new Money("18.90", "USD"));
        return sku;
    }
}
