package io.github.broadleafmeta.core.catalog;

import java.util.Iterator;

/**
 * The store's catalog as feed rows, read lazily (a storefront adapter pages through its catalog service). The
 * iterator must be used up (or abandoned) on the thread that asked for it.
 */
public interface CatalogSource {

    /**
     * @param settings the catalog settings of this write (strategy, brand)
     * @param baseUrl  absolute storefront base URL without trailing slash, for link and image_link
     * @param report   receives every item left out, with the reason
     */
    Iterator<FeedItem> rows(CatalogSettings settings, String baseUrl, FeedReport report);
}
