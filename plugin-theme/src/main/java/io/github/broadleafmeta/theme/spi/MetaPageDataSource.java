package io.github.broadleafmeta.theme.spi;

import io.github.broadleafmeta.core.settings.DataLayerMode;
import io.github.broadleafmeta.theme.render.PixelPageModel;
import io.github.broadleafmeta.theme.render.TrackCall;

import java.util.Map;
import javax.servlet.http.HttpServletRequest;

/**
 * The seam between the {@code meta} Thymeleaf dialect and the store: the dialect asks, the store adapter answers.
 * The Broadleaf 3.1 adapter (in plugin-core) implements it as the Spring bean {@code blMetaPageDataSource}; a
 * Broadleaf 6 or plain-Spring adapter can implement it too, since this interface knows no Broadleaf type.
 *
 * <p>The data source owns every decision: whether the plugin is active for this request (settings, consent, bots,
 * the browser-event list), the event ids (shared with the server copies it enqueues), and the parameters. The
 * dialect only renders what it gets. Every method is called on the request thread while the page renders: it must
 * do bounded in-memory work (no network I/O). It should not throw; if it does, the dialect logs one WARN without
 * data and renders nothing for that tag, the page still renders.
 *
 * <p>Runtime types of the {@code Object} arguments, as the Broadleaf 3.1 adapter expects them (other adapters
 * document their own): {@code product} is an {@code org.broadleafcommerce.core.catalog.domain.Product};
 * {@code results} is a {@code java.util.List<Product>} or a
 * {@code org.broadleafcommerce.core.search.domain.ProductSearchResult} (or null); {@code cart} and {@code order}
 * are {@code org.broadleafcommerce.core.order.domain.Order}. An argument of an unexpected type or null yields
 * {@code null} (nothing rendered), never an exception.
 */
public interface MetaPageDataSource {

    /**
     * The head snippet of the current page, or {@code null} (or a model without pixels) when the plugin is
     * inactive for this request: pixels to initialize with the known shopper's advanced matching (hashed with the
     * same normalizer the server copy uses), consent revoke and LDU options, then the track calls in order: a
     * {@code PageView} with a fresh event id, followed by the browser copies of server events waiting in the
     * session (add to cart and the like done on a previous request that ended in a redirect). Those pending events
     * are drained: a second call in the same session does not return them again. The returned model's nonce may
     * be left unset: the dialect takes it from the request.
     */
    PixelPageModel headModel(HttpServletRequest request);

    /** {@code ViewContent} for a product page, or null. */
    TrackCall viewContent(HttpServletRequest request, Object product);

    /**
     * The custom {@code ViewCategory} for a category page, or null: {@code content_ids} of the listed products (the
     * same ids ViewContent uses), {@code content_type} and {@code content_category}. Adapters that do not support
     * it keep this default (nothing rendered).
     *
     * @param category the category shown ({@code org.broadleafcommerce.core.catalog.domain.Category} on
     *                 Broadleaf 3.1)
     * @param products the products listed on the page (a {@code List<Product>}), possibly null
     */
    default TrackCall viewCategory(HttpServletRequest request, Object category, Object products) {
        return null;
    }

    /**
     * A {@code Lead} recorded with this page (both copies, one event id), or null when the plugin or the Lead
     * switches are off. Adapters that do not support it keep this default (nothing rendered).
     *
     * @param email  an address the shopper just gave (hashed into the server copy only), or null
     * @param params {@code custom_data} keys and custom properties, possibly null
     */
    default TrackCall lead(HttpServletRequest request, String email, Map<String, Object> params) {
        return null;
    }

    /**
     * Whether this page's events are (also) pushed to {@code window.dataLayer} for Google Tag Manager
     * ({@code meta.gtm.dataLayer}); default {@link DataLayerMode#OFF}.
     */
    default DataLayerMode dataLayerMode(HttpServletRequest request) {
        return DataLayerMode.OFF;
    }

    /**
     * {@code Search} for a search results page, or null.
     *
     * @param query   the shopper's query as typed (becomes {@code search_string})
     * @param results the products shown (their ids may become {@code content_ids}), possibly null
     */
    TrackCall search(HttpServletRequest request, String query, Object results);

    /** {@code InitiateCheckout} for the checkout page of the given cart, or null. */
    TrackCall initiateCheckout(HttpServletRequest request, Object cart);

    /**
     * {@code Purchase} for a submitted order, with the stable event id derived from the order number (the id the
     * server copy uses), or null: when the order is not the current shopper's or not submitted, and when this
     * order's Purchase was already rendered once (a reload of the confirmation page must not count twice).
     */
    TrackCall purchase(HttpServletRequest request, Object order);

    /**
     * A custom or standard event a theme asks for by name, or null when the name is not allowed for the browser.
     *
     * @param name   an event name (standard names render {@code track}, others {@code trackCustom})
     * @param params parameters as the template built them (strings, numbers, booleans, lists, maps), possibly
     *               null
     */
    TrackCall custom(HttpServletRequest request, String name, Map<String, Object> params);

    // ------------------------------------------------------------------ cache-safe mode (meta.cache.safeMode)

    /**
     * Whether this request's pages are rendered cache-safe: the head carries only the loader, event tags carry
     * references ({@link #cacheSafeEvent}) and the shopper's state comes from the pixel-state endpoint. Default
     * false (adapters without the endpoint).
     */
    default boolean cacheSafe(HttpServletRequest request) {
        return false;
    }

    /**
     * A reference to a page event that holds nothing of the shopper (a full-page cache may store it), or null
     * when the event has no cache-safe form; {@link #resolveCacheSafeEvent} turns it into the event later.
     *
     * @param eventName {@code ViewContent} (subject: the product), {@code ViewCategory} (subject: the category,
     *                  products: the listed products) or {@code Search} (subject: the query, products: results)
     */
    default Map<String, String> cacheSafeEvent(HttpServletRequest request, String eventName, Object subject,
            Object products) {
        return null;
    }

    /**
     * The event a reference from {@link #cacheSafeEvent} stands for, for the shopper of this request: a fresh
     * event id, its server copy recorded now (the same path as a rendered tag), or null when the reference is
     * unknown, malformed or its event is switched off. Called by the pixel-state endpoint; references come from
     * the browser, so nothing in them is trusted beyond looking up catalog entries.
     */
    default TrackCall resolveCacheSafeEvent(HttpServletRequest request, Map<String, String> reference) {
        return null;
    }
}
