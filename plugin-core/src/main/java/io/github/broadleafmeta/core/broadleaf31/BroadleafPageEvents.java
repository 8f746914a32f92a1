package io.github.broadleafmeta.core.broadleaf31;

import io.github.broadleafmeta.core.broadleaf31.web.PendingBrowserEvents;
import io.github.broadleafmeta.core.broadleaf31.web.ShopperRequestCapture;
import io.github.broadleafmeta.core.capi.EventJsonWriter;
import io.github.broadleafmeta.core.consent.ConsentState;
import io.github.broadleafmeta.core.event.CustomData;
import io.github.broadleafmeta.core.event.EventIds;
import io.github.broadleafmeta.core.event.EventNames;
import io.github.broadleafmeta.core.event.UnsupportedCurrencyException;
import io.github.broadleafmeta.core.event.UserData;
import io.github.broadleafmeta.core.outbox.OutboxWriter;
import io.github.broadleafmeta.core.settings.MetaSettings;
import io.github.broadleafmeta.core.settings.PixelSettings;
import io.github.broadleafmeta.core.tracking.BrowserEvent;
import io.github.broadleafmeta.core.tracking.EventParams;
import io.github.broadleafmeta.core.tracking.EventRecorder;
import io.github.broadleafmeta.core.tracking.SettingsSnapshots;
import io.github.broadleafmeta.core.tracking.ShopperRequest;
import io.github.broadleafmeta.core.tracking.TrackedAction;
import io.github.broadleafmeta.core.userdata.CustomerInfo;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.broadleafcommerce.core.catalog.domain.Category;
import org.broadleafcommerce.core.catalog.domain.Product;
import org.broadleafcommerce.core.order.domain.Order;
import org.broadleafcommerce.core.order.service.type.OrderStatus;
import org.broadleafcommerce.profile.core.domain.Customer;
import org.broadleafcommerce.profile.web.core.CustomerState;

import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;

/**
 * The page side of tracking on a Broadleaf 3.1 storefront, for the theme's tags: the events a page itself reports
 * (PageView, ViewContent, Search, ViewCategory, InitiateCheckout, a Lead on the page) recorded with the page's
 * request, the confirmation page's Purchase rendered once per order, the browser copies the server-side hooks left in
 * the session, and what the snippet may say about the shopper (consent state, advanced matching).
 * {@link BroadleafMetaTracker} holds the server-side hooks.
 *
 * <p>Every method is safe while a page renders: no network, bounded work, and a failure renders nothing rather
 * than breaking the page. Open for subclassing.
 */
public class BroadleafPageEvents {

    private static final Log LOG = LogFactory.getLog(BroadleafPageEvents.class);
    private static final EventJsonWriter JSON = new EventJsonWriter();
    static final String RENDERED_PURCHASES = BroadleafPageEvents.class.getName() + ".renderedPurchases";

    protected final EventRecorder recorder;
    protected final SettingsSnapshots settings;
    protected final ShopperRequestCapture capture;
    protected final BroadleafCommerceMapper mapper;
    protected final OutboxWriter outbox;

    public BroadleafPageEvents(EventRecorder recorder, SettingsSnapshots settings, ShopperRequestCapture capture,
            BroadleafCommerceMapper mapper, OutboxWriter outbox) {
        this.recorder = recorder;
        this.settings = settings;
        this.capture = capture;
        this.mapper = mapper;
        this.outbox = outbox;
    }

    public MetaSettings settings() {
        return settings.current();
    }

    public BrowserEvent pageView(HttpServletRequest request, HttpServletResponse response) {
        return recordForPage(request, response, TrackedAction.builder(EventNames.PAGE_VIEW, EventIds.random())
                .customer(shopper(request)));
    }

    public BrowserEvent viewContent(HttpServletRequest request, HttpServletResponse response, Product product) {
        CustomData data;
        try {
            data = mapper.viewContent(product);
        } catch (UnsupportedCurrencyException e) {
            recorder.refusedCurrency(EventNames.VIEW_CONTENT, e);
            return null;
        }
        return recordForPage(request, response, TrackedAction.builder(EventNames.VIEW_CONTENT, EventIds.random())
                .customData(data).customer(shopper(request)));
    }

    /**
     * A Lead rendered with the current page (the {@code <meta:lead>} tag): both copies share one id; the e-mail, if
     * any, is hashed into the server copy. The {@code Lead} entries of both event lists switch the copies.
     *
     * @throws IllegalArgumentException for a parameter of the wrong type (see {@link EventParams})
     */
    public BrowserEvent lead(HttpServletRequest request, HttpServletResponse response, String email,
            Map<String, ?> params) {
        CustomData data = EventParams.toCustomData(params);
        return recordForPage(request, response, TrackedAction.builder(EventNames.LEAD, EventIds.random())
                .customData(data).customer(shopper(request).toBuilder()
                        .email(email == null || email.trim().isEmpty() ? null : email).build()));
    }

    /**
     * The custom ViewCategory of a category page: the listed products' content ids. Rendered with the page; its
     * server copy is sent only when {@code meta.events.server} lists {@value EventNames#VIEW_CATEGORY}.
     */
    public BrowserEvent viewCategory(HttpServletRequest request, HttpServletResponse response, Category category,
            List<Product> products) {
        return recordForPage(request, response, TrackedAction.builder(EventNames.VIEW_CATEGORY, EventIds.random())
                .custom(true).customData(mapper.viewCategory(category, products)).customer(shopper(request)));
    }

    public BrowserEvent search(HttpServletRequest request, HttpServletResponse response, String query,
            List<Product> results) {
        return recordForPage(request, response, TrackedAction.builder(EventNames.SEARCH, EventIds.random())
                .customData(mapper.search(query, results)).customer(shopper(request)));
    }

    /**
     * The checkout page. The id is derived from the cart and its contents, so reloading the page reports the same
     * InitiateCheckout (the outbox keeps one row, Meta deduplicates the browser copies).
     */
    public BrowserEvent initiateCheckout(HttpServletRequest request, HttpServletResponse response, Order cart) {
        CustomData data;
        try {
            data = mapper.order(cart, settings.current().purchaseValue(), false);
        } catch (UnsupportedCurrencyException e) {
            recorder.refusedCurrency(EventNames.INITIATE_CHECKOUT, e);
            return null;
        }
        String id = "checkout." + cart.getId() + "." + Integer.toHexString(JSON.writeCustomData(data).hashCode());
        return recordForPage(request, response, TrackedAction.builder(EventNames.INITIATE_CHECKOUT, id)
                .customData(data).customer(mapper.customer(CustomerState.getCustomer(request), cart)));
    }

    /**
     * The browser copy of a Purchase, for the confirmation page: only for a submitted order of the current
     * customer, and only the first time (reloads, back button and later visits render nothing).
     */
    public BrowserEvent purchaseBrowserCopy(HttpServletRequest request, Order order) {
        try {
            MetaSettings s = settings.current();
            if (!s.isActive() || !s.browserEvents().contains(EventNames.PURCHASE)
                    || !OrderStatus.SUBMITTED.equals(order.getStatus())
                    || !isCurrentCustomers(request, order)) {
                return null;
            }
            TrackedAction action = mapper.purchase(order, s.purchaseValue(), ShopperRequest.none());
            if (!firstRendering(request, s, action.eventId())) {
                return null;
            }
            return new BrowserEvent(EventNames.PURCHASE, action.eventId(), false,
                    JSON.writeCustomData(action.customData()));
        } catch (UnsupportedCurrencyException e) {
            recorder.refusedCurrency(EventNames.PURCHASE, e);
            return null;
        } catch (RuntimeException e) {
            LOG.warn("Meta tracking: could not prepare the Purchase for the confirmation page: " + e.getClass().getName());
            return null;
        }
    }

    /** The browser copies waiting in this session (created by server-side hooks), drained. */
    public List<BrowserEvent> drainPending(HttpServletRequest request) {
        MetaSettings s = settings.current();
        if (!s.isActive()) {
            return Collections.emptyList();
        }
        List<BrowserEvent> pending = PendingBrowserEvents.drain(request);
        // For the admin's browser/server coverage: these browser copies are now being rendered.
        for (BrowserEvent event : pending) {
            for (PixelSettings pixel : s.enabledPixels()) {
                outbox.markBrowserRendered(pixel.pixelId(), event.eventName(), event.eventId());
            }
        }
        return pending;
    }

    /** Whether the consent revoke call must be rendered for this shopper. */
    public boolean consentRevoked(HttpServletRequest request) {
        return consentState(request).rendersConsentRevoke();
    }

    /** This shopper's consent situation: what the page may load and whether it may identify the shopper. */
    public ConsentState consentState(HttpServletRequest request) {
        MetaSettings s = settings.current();
        return s.consentState(capture.consentGranted(request, s));
    }

    /**
     * The logged-in shopper's customer information, hashed as for the server: the pixel's advanced matching. Empty
     * while consent is required and not given (digests identify the shopper as much as the raw values).
     */
    public UserData advancedMatching(HttpServletRequest request) {
        if (!consentState(request).allowsIdentifyingData()) {
            return UserData.empty();
        }
        return recorder.hashCustomer(shopper(request));
    }

    // ------------------------------------------------------------------------------------------ internals

    private CustomerInfo shopper(HttpServletRequest request) {
        return mapper.customer(CustomerState.getCustomer(request), null);
    }

    private boolean firstRendering(HttpServletRequest request, MetaSettings s, String eventId) {
        // Every pixel's server copy is marked (browser/server coverage per pixel); the first marking decides.
        boolean marked = false;
        boolean known = false;
        for (PixelSettings pixel : s.enabledPixels()) {
            if (outbox.markBrowserRendered(pixel.pixelId(), EventNames.PURCHASE, eventId)) {
                marked = true;
            } else if (outbox.contains(pixel.pixelId(), EventNames.PURCHASE, eventId)) {
                known = true;
            }
        }
        if (marked) {
            return true;
        }
        if (known) {
            return false;
        }
        // No server copy (withheld for consent, or browser-only): remember per session instead.
        HttpSession session = request.getSession(true);
        synchronized (session) {
            @SuppressWarnings("unchecked")
            Set<String> rendered = (Set<String>) session.getAttribute(RENDERED_PURCHASES);
            Set<String> updated = rendered == null ? new HashSet<String>() : new HashSet<String>(rendered);
            boolean first = updated.add(eventId);
            session.setAttribute(RENDERED_PURCHASES, updated);
            return first;
        }
    }

    private static boolean isCurrentCustomers(HttpServletRequest request, Order order) {
        Customer current = CustomerState.getCustomer(request);
        return current != null && current.equals(order.getCustomer());
    }

    private BrowserEvent recordForPage(HttpServletRequest request, HttpServletResponse response,
            TrackedAction.Builder action) {
        try {
            MetaSettings s = settings.current();
            if (!s.isActive()) {
                return null;
            }
            return recorder.record(action.request(capture.capture(request, response, s)).renderedWithResponse(true)
                    .build()).browserEvent();
        } catch (RuntimeException e) {
            LOG.warn("Meta tracking: could not record a page event (" + e.getClass().getName() + ")");
            return null;
        }
    }
}
