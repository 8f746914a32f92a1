package io.github.broadleafmeta.core.broadleaf31;

import io.github.broadleafmeta.core.broadleaf31.web.PendingBrowserEvents;
import io.github.broadleafmeta.core.broadleaf31.web.RequestSnapshot;
import io.github.broadleafmeta.core.broadleaf31.web.ShopperRequestCapture;
import io.github.broadleafmeta.core.capi.EventJsonWriter;
import io.github.broadleafmeta.core.consent.ConsentState;
import io.github.broadleafmeta.core.event.CustomData;
import io.github.broadleafmeta.core.event.EventIds;
import io.github.broadleafmeta.core.event.EventNames;
import io.github.broadleafmeta.core.event.UnsupportedCurrencyException;
import io.github.broadleafmeta.core.event.UserData;
import io.github.broadleafmeta.core.outbox.JdbcOutbox;
import io.github.broadleafmeta.core.runtime.PluginCpuMeter;
import io.github.broadleafmeta.core.settings.MetaSettings;
import io.github.broadleafmeta.core.tracking.BrowserEvent;
import io.github.broadleafmeta.core.tracking.EventParams;
import io.github.broadleafmeta.core.tracking.EventRecorder;
import io.github.broadleafmeta.core.tracking.SettingsSnapshots;
import io.github.broadleafmeta.core.tracking.ShopperRequest;
import io.github.broadleafmeta.core.tracking.TrackedAction;
import io.github.broadleafmeta.core.userdata.CustomerInfo;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.broadleafcommerce.common.web.BroadleafRequestContext;
import org.broadleafcommerce.core.catalog.domain.Category;
import org.broadleafcommerce.core.catalog.domain.Product;
import org.broadleafcommerce.core.order.domain.Order;
import org.broadleafcommerce.core.order.service.type.OrderStatus;
import org.broadleafcommerce.profile.core.domain.Customer;
import org.broadleafcommerce.profile.web.core.CustomerState;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

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

    protected final EventRecorder recorder;
    protected final SettingsSnapshots settings;
    protected final ShopperRequestCapture capture;
    protected final BroadleafCommerceMapper mapper;
    /** Kept for subclasses; the page side itself no longer writes to the outbox (see drainPending). */
    protected final JdbcOutbox outbox;

    public BroadleafPageEvents(EventRecorder recorder, SettingsSnapshots settings, ShopperRequestCapture capture,
            BroadleafCommerceMapper mapper, JdbcOutbox outbox) {
        this.recorder = recorder;
        this.settings = settings;
        this.capture = capture;
        this.mapper = mapper;
        this.outbox = outbox;
    }

    /** The settings of the page being rendered (one snapshot per request). */
    public MetaSettings settings() {
        boolean metered = PluginCpuMeter.enter();
        try {
            BroadleafRequestContext context = BroadleafRequestContext.getBroadleafRequestContext();
            return RequestSnapshot.settings(context == null ? null : context.getRequest(), settings);
        } finally {
            PluginCpuMeter.exit(metered);
        }
    }

    public BrowserEvent pageView(HttpServletRequest request, HttpServletResponse response) {
        boolean metered = PluginCpuMeter.enter();
        try {
            return recordForPage(request, response, TrackedAction.builder(EventNames.PAGE_VIEW, EventIds.random())
                    .customer(shopper(request)));
        } finally {
            PluginCpuMeter.exit(metered);
        }
    }

    public BrowserEvent viewContent(HttpServletRequest request, HttpServletResponse response, Product product) {
        boolean metered = PluginCpuMeter.enter();
        try {
            CustomData data;
            try {
                data = mapper.viewContent(product);
            } catch (UnsupportedCurrencyException e) {
                recorder.refusedCurrency(EventNames.VIEW_CONTENT, e);
                return null;
            }
            return recordForPage(request, response, TrackedAction.builder(EventNames.VIEW_CONTENT, EventIds.random())
                    .customData(data).customer(shopper(request)));
        } finally {
            PluginCpuMeter.exit(metered);
        }
    }

    /**
     * A Lead rendered with the current page (the {@code <meta:lead>} tag): both copies share one id; the e-mail, if
     * any, is hashed into the server copy. The {@code Lead} entries of both event lists switch the copies.
     *
     * @throws IllegalArgumentException for a parameter of the wrong type (see {@link EventParams})
     */
    public BrowserEvent lead(HttpServletRequest request, HttpServletResponse response, String email,
            Map<String, ?> params) {
        boolean metered = PluginCpuMeter.enter();
        try {
            CustomData data = EventParams.toCustomData(params);
            return recordForPage(request, response, TrackedAction.builder(EventNames.LEAD, EventIds.random())
                    .customData(data).customer(shopper(request).toBuilder()
                            .email(email == null || email.trim().isEmpty() ? null : email).build()));
        } finally {
            PluginCpuMeter.exit(metered);
        }
    }

    /**
     * The custom ViewCategory of a category page: the listed products' content ids. Rendered with the page; its
     * server copy is sent only when {@code meta.events.server} lists {@value EventNames#VIEW_CATEGORY}.
     */
    public BrowserEvent viewCategory(HttpServletRequest request, HttpServletResponse response, Category category,
            List<Product> products) {
        boolean metered = PluginCpuMeter.enter();
        try {
            return recordForPage(request, response, TrackedAction.builder(EventNames.VIEW_CATEGORY, EventIds.random())
                    .custom(true).customData(mapper.viewCategory(category, products)).customer(shopper(request)));
        } finally {
            PluginCpuMeter.exit(metered);
        }
    }

    public BrowserEvent search(HttpServletRequest request, HttpServletResponse response, String query,
            List<Product> results) {
        boolean metered = PluginCpuMeter.enter();
        try {
            return recordForPage(request, response, TrackedAction.builder(EventNames.SEARCH, EventIds.random())
                    .customData(mapper.search(query, results)).customer(shopper(request)));
        } finally {
            PluginCpuMeter.exit(metered);
        }
    }

    /**
     * The checkout page. The id is derived from the cart and its contents, so reloading the page reports the same
     * InitiateCheckout (the outbox keeps one row, Meta deduplicates the browser copies).
     */
    public BrowserEvent initiateCheckout(HttpServletRequest request, HttpServletResponse response, Order cart) {
        boolean metered = PluginCpuMeter.enter();
        try {
            CustomData data;
            try {
                data = mapper.order(cart, RequestSnapshot.settings(request, settings).purchaseValue(), false);
            } catch (UnsupportedCurrencyException e) {
                recorder.refusedCurrency(EventNames.INITIATE_CHECKOUT, e);
                return null;
            }
            String id = "checkout." + cart.getId() + "." + Integer.toHexString(JSON.writeCustomData(data).hashCode());
            return recordForPage(request, response, TrackedAction.builder(EventNames.INITIATE_CHECKOUT, id)
                    .customData(data).customer(mapper.customer(CustomerState.getCustomer(request), cart)));
        } finally {
            PluginCpuMeter.exit(metered);
        }
    }

    /**
     * The browser copy of a Purchase, for the confirmation page: only for a submitted order of the current
     * customer, and only the first time (reloads, back button and later visits render nothing). The checkout
     * leaves the Purchase due in the shopper's session ({@link PendingBrowserEvents#purchaseDue}); this takes it.
     * A session lost between checkout and confirmation (node crash without session replication) renders no
     * browser copy; the server copy, written with the order, still reaches Meta.
     */
    public BrowserEvent purchaseBrowserCopy(HttpServletRequest request, Order order) {
        boolean metered = PluginCpuMeter.enter();
        try {
            try {
                MetaSettings s = RequestSnapshot.settings(request, settings);
                if (!s.isActive() || !s.browserEvents().contains(EventNames.PURCHASE)
                        || !OrderStatus.SUBMITTED.equals(order.getStatus())
                        || !isCurrentCustomers(request, order)) {
                    return null;
                }
                TrackedAction action = mapper.purchase(order, s.purchaseValue(), ShopperRequest.none());
                // Due once, left in the session by the checkout: rendering it writes nothing to the database.
                if (!PendingBrowserEvents.takePurchase(request, action.eventId())) {
                    return null;
                }
                BrowserEvent purchase = new BrowserEvent(EventNames.PURCHASE, action.eventId(), false,
                        JSON.writeCustomData(action.customData()));
                recorder.browserCopiesRendered(s, Collections.singletonList(purchase));
                return purchase;
            } catch (UnsupportedCurrencyException e) {
                recorder.refusedCurrency(EventNames.PURCHASE, e);
                return null;
            } catch (RuntimeException e) {
                LOG.warn("Meta tracking: could not prepare the Purchase for the confirmation page: "
                        + e.getClass().getName());
                return null;
            }
        } finally {
            PluginCpuMeter.exit(metered);
        }
    }

    /** The browser copies waiting in this session (created by server-side hooks), drained. */
    public List<BrowserEvent> drainPending(HttpServletRequest request) {
        boolean metered = PluginCpuMeter.enter();
        try {
            MetaSettings s = RequestSnapshot.settings(request, settings);
            if (!s.isActive()) {
                return Collections.emptyList();
            }
            List<BrowserEvent> pending = PendingBrowserEvents.drain(request);
            // For the admin's browser/server coverage: these browser copies are now being rendered (batched, off the
            // request thread).
            recorder.browserCopiesRendered(s, pending);
            return pending;
        } finally {
            PluginCpuMeter.exit(metered);
        }
    }

    /** Whether the consent revoke call must be rendered for this shopper. */
    public boolean consentRevoked(HttpServletRequest request) {
        boolean metered = PluginCpuMeter.enter();
        try {
            return consentState(request).rendersConsentRevoke();
        } finally {
            PluginCpuMeter.exit(metered);
        }
    }

    /** This shopper's consent situation: what the page may load and whether it may identify the shopper. */
    public ConsentState consentState(HttpServletRequest request) {
        boolean metered = PluginCpuMeter.enter();
        try {
            MetaSettings s = RequestSnapshot.settings(request, settings);
            return s.consentState(capture.consentGranted(request, s));
        } finally {
            PluginCpuMeter.exit(metered);
        }
    }

    /**
     * The logged-in shopper's customer information, hashed as for the server: the pixel's advanced matching. Empty
     * while consent is required and not given (digests identify the shopper as much as the raw values).
     */
    public UserData advancedMatching(HttpServletRequest request) {
        boolean metered = PluginCpuMeter.enter();
        try {
            if (!consentState(request).allowsIdentifyingData()) {
                return UserData.empty();
            }
            return recorder.hashCustomer(shopper(request), RequestSnapshot.settings(request, settings));
        } finally {
            PluginCpuMeter.exit(metered);
        }
    }

    // ------------------------------------------------------------------------------------------ internals

    private CustomerInfo shopper(HttpServletRequest request) {
        return mapper.customer(CustomerState.getCustomer(request), null);
    }

    private static boolean isCurrentCustomers(HttpServletRequest request, Order order) {
        Customer current = CustomerState.getCustomer(request);
        return current != null && current.equals(order.getCustomer());
    }

    private BrowserEvent recordForPage(HttpServletRequest request, HttpServletResponse response,
            TrackedAction.Builder action) {
        try {
            MetaSettings s = RequestSnapshot.settings(request, settings);
            if (!s.isActive()) {
                return null;
            }
            return recorder.record(action.request(capture.capture(request, response, s)).renderedWithResponse(true)
                    .build(), s).browserEvent();
        } catch (RuntimeException e) {
            LOG.warn("Meta tracking: could not record a page event (" + e.getClass().getName() + ")");
            return null;
        }
    }
}
