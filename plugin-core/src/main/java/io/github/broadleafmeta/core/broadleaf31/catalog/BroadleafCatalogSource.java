package io.github.broadleafmeta.core.broadleaf31.catalog;

import io.github.broadleafmeta.core.catalog.CatalogKey;
import io.github.broadleafmeta.core.catalog.CatalogSettings;
import io.github.broadleafmeta.core.catalog.CatalogSource;
import io.github.broadleafmeta.core.catalog.ContentIdStrategy;
import io.github.broadleafmeta.core.catalog.FeedItem;
import io.github.broadleafmeta.core.catalog.FeedReport;
import io.github.broadleafmeta.core.catalog.PagedRows;
import org.broadleafcommerce.common.media.domain.Media;
import org.broadleafcommerce.common.money.Money;
import org.broadleafcommerce.core.catalog.dao.ProductDao;
import org.broadleafcommerce.core.catalog.domain.Product;
import org.broadleafcommerce.core.catalog.domain.Sku;
import org.broadleafcommerce.core.inventory.service.InventoryService;
import org.springframework.orm.jpa.EntityManagerFactoryUtils;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The Broadleaf 3.1 catalog as feed rows, read through Broadleaf's own services:
 * <ul>
 * <li>products: {@code blProductDao.readAllActiveProducts(page, pageSize)}, Broadleaf's read-only paged query of
 * active products (active dates, not archived), ordered by id so pages are stable; {@value #PAGE_SIZE} per page;</li>
 * <li>SKUs: a product's additional SKUs where it has them (its default SKU is then their template), else its default
 * SKU; inactive SKUs are left out;</li>
 * <li>price: the SKU's retail price, sale_price its sale price when lower ({@code Sku#getRetailPrice/getSalePrice});</li>
 * <li>availability: {@code blInventoryService.isAvailable(sku, 1)}, which checks quantities for SKUs whose inventory
 * type is CHECK_QUANTITY and the SKU's available flag otherwise;</li>
 * <li>image: the SKU's, else the product's {@code primary} media, else its first; made absolute with the base URL;</li>
 * <li>brand: the product's manufacturer, else setting {@code meta.catalog.brand}, else the base URL's host.</li>
 * </ul>
 * After each page the persistence context bound to the thread is cleared, so a large catalog does not pile up in it.
 */
public class BroadleafCatalogSource implements CatalogSource {

    public static final int PAGE_SIZE = 200;

    protected final ProductDao productDao;
    protected final InventoryService inventoryService;
    protected final BroadleafCatalogKeys keys;
    protected final EntityManagerFactory entityManagerFactory;

    public BroadleafCatalogSource(ProductDao productDao, InventoryService inventoryService, BroadleafCatalogKeys keys,
            EntityManagerFactory entityManagerFactory) {
        this.productDao = productDao;
        this.inventoryService = inventoryService;
        this.keys = keys;
        this.entityManagerFactory = entityManagerFactory;
    }

    @Override
    public Iterator<FeedItem> rows(CatalogSettings settings, String baseUrl, FeedReport report) {
        ContentIdStrategy strategy = settings.contentIdStrategy();
        String brand = settings.brand() != null ? settings.brand() : host(baseUrl);
        return new PagedRows<Product>(page -> productDao.readAllActiveProducts(page, PAGE_SIZE), PAGE_SIZE,
                product -> rows(product, strategy, baseUrl, brand, report), this::clearPersistenceContext);
    }

    protected List<FeedItem> rows(Product product, ContentIdStrategy strategy, String baseUrl, String brand,
            FeedReport report) {
        List<Sku> additional = product.getAdditionalSkus();
        List<Sku> skus = additional != null && !additional.isEmpty() ? additional
                : Collections.singletonList(product.getDefaultSku());
        List<FeedItem> rows = new ArrayList<FeedItem>(skus.size());
        for (Sku sku : skus) {
            if (sku == null || !sku.isActive()) {
                continue;
            }
            try {
                rows.add(row(product, sku, strategy, baseUrl, brand));
            } catch (RuntimeException e) {
                report.skipped("product " + product.getId() + " sku " + sku.getId() + ": " + e.getMessage());
            }
        }
        return rows;
    }

    protected FeedItem row(Product product, Sku sku, ContentIdStrategy strategy, String baseUrl, String brand) {
        CatalogKey key = keys.of(sku);
        Money retail = sku.getRetailPrice() != null ? sku.getRetailPrice() : sku.getPrice();
        Money sale = sku.getSalePrice();
        String description = sku.getLongDescription() != null ? sku.getLongDescription() : sku.getDescription();
        String manufacturer = product.getManufacturer();
        boolean group = key.severalSkus() || !strategy.skuLevel();
        return FeedItem.builder()
                .id(strategy.feedItemId(key))
                .itemGroupId(group ? strategy.groupId(key) : null)
                .title(sku.getName())
                .description(description)
                .inStock(available(sku))
                .price(amount(retail), amount(sale), currency(retail))
                .link(absolute(baseUrl, product.getUrl()))
                .imageLink(absolute(baseUrl, imageUrl(product, sku)))
                .brand(manufacturer != null && !manufacturer.trim().isEmpty() ? manufacturer.trim() : brand)
                .build();
    }

    protected boolean available(Sku sku) {
        return inventoryService.isAvailable(sku, 1);
    }

    protected String imageUrl(Product product, Sku sku) {
        String url = mediaUrl(sku.getSkuMedia());
        return url != null ? url : mediaUrl(product.getMedia());
    }

    private static String mediaUrl(Map<String, Media> media) {
        if (media == null || media.isEmpty()) {
            return null;
        }
        Media primary = media.get("primary");
        if (primary != null && primary.getUrl() != null) {
            return primary.getUrl();
        }
        for (Media m : media.values()) {
            if (m != null && m.getUrl() != null) {
                return m.getUrl();
            }
        }
        return null;
    }

    /** A Broadleaf URL or media path made absolute; an absolute one is kept. Null stays null (the row is refused). */
    static String absolute(String baseUrl, String path) {
        if (path == null || path.trim().isEmpty()) {
            return null;
        }
        String p = path.trim();
        if (p.startsWith("http://") || p.startsWith("https://")) {
            return p;
        }
        if (p.startsWith("//")) {
            return (baseUrl.startsWith("https:") ? "https:" : "http:") + p;
        }
        return baseUrl + (p.startsWith("/") ? p : "/" + p);
    }

    private static String host(String baseUrl) {
        try {
            return URI.create(baseUrl).getHost();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static BigDecimal amount(Money money) {
        return money == null ? null : money.getAmount();
    }

    private static String currency(Money money) {
        return money == null || money.getCurrency() == null ? null : money.getCurrency().getCurrencyCode();
    }

    /** Lets go of the page's entities: the feed request reads nothing else through this persistence context. */
    protected void clearPersistenceContext() {
        EntityManager em = EntityManagerFactoryUtils.getTransactionalEntityManager(entityManagerFactory);
        if (em != null) {
            em.clear();
        }
    }
}
