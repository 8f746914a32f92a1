package io.github.broadleafmeta.core.catalog;

/**
 * The storefront-neutral identity of one sellable item, from which {@link ContentIdStrategy} derives the content id:
 * product id, SKU id, the merchant's external id (may be null) and whether the product sells several SKUs.
 */
public final class CatalogKey {

    private final String productId;
    private final String skuId;
    private final String externalId;
    private final boolean severalSkus;

    private CatalogKey(String productId, String skuId, String externalId, boolean severalSkus) {
        if (productId == null || productId.isEmpty() || skuId == null || skuId.isEmpty()) {
            throw new IllegalArgumentException("productId and skuId are required, were: " + productId + ", " + skuId);
        }
        this.productId = productId;
        this.skuId = skuId;
        this.externalId = externalId == null || externalId.trim().isEmpty() ? null : externalId.trim();
        this.severalSkus = severalSkus;
    }

    /**
     * @param externalId the merchant's own id of the item (null or blank: none)
     * @param severalSkus whether the product is sold in more than one SKU (size, colour...)
     */
    public static CatalogKey of(String productId, String skuId, String externalId, boolean severalSkus) {
        return new CatalogKey(productId, skuId, externalId, severalSkus);
    }

    public String productId() {
        return productId;
    }

    public String skuId() {
        return skuId;
    }

    /** Null when the item has none. */
    public String externalId() {
        return externalId;
    }

    public boolean severalSkus() {
        return severalSkus;
    }

    @Override
    public String toString() {
        return "CatalogKey{product=" + productId + ", sku=" + skuId + ", external=" + externalId
                + ", severalSkus=" + severalSkus + "}";
    }
}
