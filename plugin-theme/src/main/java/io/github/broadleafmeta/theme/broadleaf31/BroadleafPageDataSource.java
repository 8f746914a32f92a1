package io.github.broadleafmeta.theme.broadleaf31;

import io.github.broadleafmeta.core.broadleaf31.BroadleafPageEvents;
import io.github.broadleafmeta.core.consent.ConsentState;
import io.github.broadleafmeta.core.event.CustomData;
import io.github.broadleafmeta.core.event.EventIds;
import io.github.broadleafmeta.core.event.EventNames;
import io.github.broadleafmeta.core.settings.DataLayerMode;
import io.github.broadleafmeta.core.settings.MetaSettings;
import io.github.broadleafmeta.core.settings.PixelSettings;
import io.github.broadleafmeta.core.tracking.BrowserEvent;
import io.github.broadleafmeta.theme.render.AdvancedMatching;
import io.github.broadleafmeta.theme.render.PixelInit;
import io.github.broadleafmeta.theme.render.PixelPageModel;
import io.github.broadleafmeta.theme.render.TrackCall;
import io.github.broadleafmeta.theme.spi.MetaPageDataSource;
import org.broadleafcommerce.common.web.BroadleafRequestContext;
import org.broadleafcommerce.core.catalog.domain.Category;
import org.broadleafcommerce.core.catalog.domain.Product;
import org.broadleafcommerce.core.catalog.service.CatalogService;
import org.broadleafcommerce.core.order.domain.NullOrderImpl;
import org.broadleafcommerce.core.order.domain.Order;
import org.broadleafcommerce.core.search.domain.ProductSearchResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * The template tags' data on a Broadleaf 3.1 site: every id and value comes from the plugin-core tracker, which
 * also records the server copies, so browser and server share one event id. Thin by design.
 */
public class BroadleafPageDataSource implements MetaPageDataSource {

    /** Cache-safe references list at most this many product ids (the endpoint resolves no more). */
    static final int MAX_REFERENCED_PRODUCTS = 50;

    private final BroadleafPageEvents tracker;
    private final CatalogService catalog;

    /** Without a catalog service: no cache-safe mode (the pixel-state endpoint could not resolve references). */
    public BroadleafPageDataSource(BroadleafPageEvents tracker) {
        this(tracker, null);
    }

    /** @param catalog {@code blCatalogService}, to resolve cache-safe references to products and categories */
    public BroadleafPageDataSource(BroadleafPageEvents tracker, CatalogService catalog) {
        this.tracker = tracker;
        this.catalog = catalog;
    }

    @Override
    public PixelPageModel headModel(HttpServletRequest request) {
        MetaSettings s = tracker.settings();
        if (!s.isActive()) {
            return null;
        }
        ConsentState consent = tracker.consentState(request);
        AdvancedMatching matching = consent.allowsIdentifyingData()
                ? AdvancedMatching.fromUserData(tracker.advancedMatching(request)) : AdvancedMatching.none();
        PixelPageModel.Builder model = PixelPageModel.builder().consent(consent)
                .consentCookie(s.consentCookieName(), s.consentGrantedValue()).ldu(s.lduOptions()).dataLayer(s.dataLayerMode());
        for (PixelSettings pixel : s.enabledPixels()) {
            model.addPixel(PixelInit.of(pixel.pixelId(), matching));
        }
        BrowserEvent pageView = tracker.pageView(request, response());
        if (pageView != null) {
            model.addTrackCall(TrackCall.of(pageView));
        }
        for (BrowserEvent pending : tracker.drainPending(request)) {
            model.addTrackCall(TrackCall.of(pending));
        }
        return model.build();
    }

    @Override
    public TrackCall viewContent(HttpServletRequest request, Object product) {
        if (!(product instanceof Product)) {
            return null;
        }
        return call(tracker.viewContent(request, response(), (Product) product));
    }

    @Override
    public TrackCall viewCategory(HttpServletRequest request, Object category, Object products) {
        if (!(category instanceof Category)) {
            return null;
        }
        return call(tracker.viewCategory(request, response(), (Category) category, products(products)));
    }

    @Override
    public TrackCall lead(HttpServletRequest request, String email, Map<String, Object> params) {
        return call(tracker.lead(request, response(), email, params));
    }

    @Override
    public DataLayerMode dataLayerMode(HttpServletRequest request) {
        return tracker.settings().dataLayerMode();
    }

    @Override
    public TrackCall search(HttpServletRequest request, String query, Object results) {
        return call(tracker.search(request, response(), query, products(results)));
    }

    @Override
    public TrackCall initiateCheckout(HttpServletRequest request, Object cart) {
        if (!(cart instanceof Order) || cart instanceof NullOrderImpl || ((Order) cart).getOrderItems().isEmpty()) {
            return null;
        }
        return call(tracker.initiateCheckout(request, response(), (Order) cart));
    }

    @Override
    public TrackCall purchase(HttpServletRequest request, Object order) {
        if (!(order instanceof Order)) {
            return null;
        }
        return call(tracker.purchaseBrowserCopy(request, (Order) order));
    }

    /** Browser-only: a theme's own event is not sent by the server unless the settings list it. */
    @Override
    public TrackCall custom(HttpServletRequest request, String name, Map<String, Object> params) {
        if (!tracker.settings().isActive()) {
            return null;
        }
        CustomData data = params == null ? CustomData.empty() : CustomData.builder().extras(params).build();
        return TrackCall.builder().eventName(name).params(data).eventId(EventIds.random()).build();
    }

    @Override
    public boolean cacheSafe(HttpServletRequest request) {
        MetaSettings s = tracker.settings();
        return catalog != null && s.isActive() && s.cacheSafeMode();
    }

    /**
     * {@code {"event":"ViewContent","product":"12"}}, {@code {"event":"ViewCategory","category":"3",
     * "products":"12,13"}} or {@code {"event":"Search","query":"..","products":"12,13"}}: catalog ids only.
     */
    @Override
    public Map<String, String> cacheSafeEvent(HttpServletRequest request, String eventName, Object subject,
            Object products) {
        Map<String, String> ref = new LinkedHashMap<String, String>();
        ref.put("event", eventName);
        if (EventNames.VIEW_CONTENT.equals(eventName) && subject instanceof Product
                && ((Product) subject).getId() != null) {
            ref.put("product", ((Product) subject).getId().toString());
        } else if (EventNames.VIEW_CATEGORY.equals(eventName) && subject instanceof Category
                && ((Category) subject).getId() != null) {
            ref.put("category", ((Category) subject).getId().toString());
            ref.put("products", productIds(products(products)));
        } else if (EventNames.SEARCH.equals(eventName) && subject instanceof String) {
            ref.put("query", (String) subject);
            ref.put("products", productIds(products(products)));
        } else {
            return null;
        }
        return ref;
    }

    @Override
    public TrackCall resolveCacheSafeEvent(HttpServletRequest request, Map<String, String> reference) {
        if (catalog == null || reference == null) {
            return null;
        }
        String event = reference.get("event");
        if (EventNames.VIEW_CONTENT.equals(event)) {
            Long id = id(reference.get("product"));
            Product product = id == null ? null : catalog.findProductById(id);
            return product == null ? null : viewContent(request, product);
        }
        if (EventNames.VIEW_CATEGORY.equals(event)) {
            Long id = id(reference.get("category"));
            Category category = id == null ? null : catalog.findCategoryById(id);
            return category == null ? null : viewCategory(request, category, products(reference.get("products")));
        }
        if (EventNames.SEARCH.equals(event)) {
            String query = reference.get("query");
            return query == null || query.trim().isEmpty() ? null
                    : search(request, query, products(reference.get("products")));
        }
        return null;
    }

    private static String productIds(List<Product> products) {
        StringBuilder ids = new StringBuilder();
        int count = 0;
        for (Product product : products) {
            if (product.getId() != null && count++ < MAX_REFERENCED_PRODUCTS) {
                ids.append(ids.length() == 0 ? "" : ",").append(product.getId());
            }
        }
        return ids.toString();
    }

    /** The products of a reference's id list, unknown and malformed ids skipped, at most the limit. */
    private List<Product> products(String ids) {
        List<Product> products = new ArrayList<Product>();
        if (ids == null) {
            return products;
        }
        for (String part : ids.split(",")) {
            if (products.size() >= MAX_REFERENCED_PRODUCTS) {
                break;
            }
            Long id = id(part);
            Product product = id == null ? null : catalog.findProductById(id);
            if (product != null) {
                products.add(product);
            }
        }
        return products;
    }

    private static Long id(String text) {
        if (text == null || text.trim().isEmpty() || text.trim().length() > 18) {
            return null;
        }
        try {
            return Long.valueOf(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static TrackCall call(BrowserEvent event) {
        return event == null ? null : TrackCall.of(event);
    }

    @SuppressWarnings("unchecked")
    private static List<Product> products(Object results) {
        if (results instanceof ProductSearchResult) {
            return ((ProductSearchResult) results).getProducts();
        }
        List<Product> products = new ArrayList<Product>();
        if (results instanceof List) {
            for (Object o : (List<Object>) results) {
                if (o instanceof Product) {
                    products.add((Product) o);
                }
            }
        }
        return products;
    }
    private static HttpServletResponse response() {
        BroadleafRequestContext context = BroadleafRequestContext.getBroadleafRequestContext();
        return context == null ? null : context.getResponse();
    }
}
