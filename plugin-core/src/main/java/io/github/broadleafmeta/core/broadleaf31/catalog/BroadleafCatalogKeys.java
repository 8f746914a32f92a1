package io.github.broadleafmeta.core.broadleaf31.catalog;

import io.github.broadleafmeta.core.catalog.CatalogKey;
import org.broadleafcommerce.core.catalog.domain.Product;
import org.broadleafcommerce.core.catalog.domain.Sku;

import java.util.List;

/**
 * Broadleaf 3.1 SKUs and products to {@link CatalogKey}s, the one place the content id's inputs are read, for events
 * and feed alike. Broadleaf 3.1 has no SKU external id or UPC: the merchant's own id is the product's {@code model}
 * (Broadleaf's manufacturer part number field). Subclass to read another field.
 */
public class BroadleafCatalogKeys {

    /** The key of a SKU; a SKU without a product (rare: an orphan) counts as its own product. */
    public CatalogKey of(Sku sku) {
        Product product = sku.getProduct();
        String skuId = String.valueOf(sku.getId());
        if (product == null || product.getId() == null) {
            return CatalogKey.of(skuId, skuId, null, false);
        }
        return CatalogKey.of(String.valueOf(product.getId()), skuId, externalId(product, sku), severalSkus(product));
    }

    /** The key of a product's default SKU: what a product page or a search result reports. */
    public CatalogKey of(Product product) {
        Sku sku = product.getDefaultSku();
        String productId = String.valueOf(product.getId());
        String skuId = sku == null || sku.getId() == null ? productId : String.valueOf(sku.getId());
        return CatalogKey.of(productId, skuId, externalId(product, sku), severalSkus(product));
    }

    protected String externalId(Product product, Sku sku) {
        return product.getModel();
    }

    /**
     * Whether the product sells its additional SKUs (Broadleaf's variants); its default SKU is then their template,
     * so the product as a whole is a group, even with one variant.
     */
    protected boolean severalSkus(Product product) {
        List<Sku> additional = product.getAdditionalSkus();
        return additional != null && !additional.isEmpty();
    }
}
