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
import io.github.broadleafmeta.core.outbox.JdbcOutbox;
import io.github.broadleafmeta.core.settings.MetaSettings;
import io.github.broadleafmeta.core.settings.PixelSettings;
import io.github.broadleafmeta.core.tracking.BrowserEvent;
import io.github.broadleafmeta.core.tracking.EventParams;
import io.github.broadleafmeta.core.tracking.EventRecorder;
import io.github.broadleafmeta.core.tracking.Recording;
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
import org.broadleafcommerce.core.order.domain.OrderItem;
import org.broadleafcommerce.core.order.service.type.OrderStatus;
import org.broadleafcommerce.profile.core.domain.Customer;
import org.broadleafcommerce.profile.web.core.CustomerState;
import org.springframework.transaction.support.TransactionSynchronizationAdapter;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;

/**
 * The Broadleaf 3.1 side of tracking: turns cart, checkout, registration and page moments into
 * {@link TrackedAction}s with one event id, hands them to the engine's {@link EventRecorder}, and keeps the browser
 * copies for the page (pending in the session, or returned to the template tag).
 *
 * <p>Every public method is safe to call from a storefront request: no network, bounded work, one outbox insert,
 * and no exception ever escapes into the cart or checkout. Open for subclassing (protected hooks).
 */
public class BroadleafMetaTracker {

    private static final Log LOG = LogFactory.getLog(BroadleafMetaTracker.class);
    private static final EventJsonWriter JSON = new EventJsonWriter();
    static final String RENDERED_PURCHASES = BroadleafMetaTracker.class.getName() + ".renderedPurchases";
    /** Counter reason for actions refused because of a non-ISO 4217 currency. */
    public static final String REFUSED_INVALID_CURRENCY = "INVALID_CURRENCY";
    private static final Set<String> LOGGED_CURRENCIES = ConcurrentHashMap.newKeySet();
    private static final Set<String> UNLISTED_EVENTS = ConcurrentHashMap.newKeySet();

    protected final EventRecorder recorder;
    protected final SettingsSnapshots settings;
    protected final ShopperRequestCapture capture;
    protected final BroadleafCommerceMapper mapper;
    protected final JdbcOutbox outbox;

    public BroadleafMetaTracker(EventRecorder recorder, SettingsSnapshots settings, ShopperRequestCapture capture,
            BroadleafCommerceMapper mapper, JdbcOutbox outbox) {
        this.recorder = recorder;
        this.settings = settings;
        this.capture = capture;
        this.mapper = mapper;
        this.outbox = outbox;
    }

    public MetaSettings settings() {
        return settings.current();
    }

    // ------------------------------------------------------------------------------- server-side hooks

    /** Items were added to the cart (add item, or a quantity increase). */
    public void addToCart(final OrderItem item, final int quantity, final Order order) {
        if (quantity <= 0) {
            return;
        }
        recordFromHook(EventNames.ADD_TO_CART, new ActionFactory() {
            @Override
            public TrackedAction create(ShopperRequest request) {
                return TrackedAction.builder(EventNames.ADD_TO_CART, EventIds.random())
                        .customData(mapper.addToCart(item, quantity, order))
                        .customer(mapper.customer(order.getCustomer(), null)).request(request).build();
            }
        });
    }

    /**
     * Items were added to a named order (Broadleaf 3.1's wishlists: status NAMED). Same path as AddToCart: one
     * id, the browser copy on the next page, the server copy in the outbox.
     */
    public void addToWishlist(final OrderItem item, final int quantity, final Order wishlist) {
        if (quantity <= 0) {
            return;
        }
        recordFromHook(EventNames.ADD_TO_WISHLIST, request -> TrackedAction
                .builder(EventNames.ADD_TO_WISHLIST, EventIds.random())
                .customData(mapper.addToCart(item, quantity, wishlist))
                .customer(mapper.customer(wishlist.getCustomer(), null)).request(request).build());
    }

    /** Whether an order is a named order (a wishlist), whose added items are not AddToCart. */
    public static boolean isNamedOrder(Order order) {
        return order != null && OrderStatus.NAMED.equals(order.getStatus());
    }

    /** The checkout with its payment information was submitted. */
    public void addPaymentInfo(final Order order) {
        recordFromHook(EventNames.ADD_PAYMENT_INFO, new ActionFactory() {
            @Override
            public TrackedAction create(ShopperRequest request) {
                return TrackedAction.builder(EventNames.ADD_PAYMENT_INFO, EventIds.random())
                        .customData(mapper.order(order, settings.current().purchaseValue(), false))
                        .customer(mapper.customer(order.getCustomer(), order)).request(request).build();
            }
        });
    }

    /**
     * The order was completed by the checkout workflow. The server copy waits in the outbox until the order is
     * confirmed SUBMITTED (the checkout may still fail after this point); the browser copy renders on the
     * confirmation page through the purchase tag, with the same order-derived id.
     */
    public void purchase(final Order order) {
        record(EventNames.PURCHASE, new ActionFactory() {
            @Override
            public TrackedAction create(ShopperRequest request) {
                return purchaseAction(order, request);
            }
        }, false);
    }

    /** A customer registered (and is now logged in). */
    public void completeRegistration(final Customer customer) {
        recordFromHook(EventNames.COMPLETE_REGISTRATION, new ActionFactory() {
            @Override
            public TrackedAction create(ShopperRequest request) {
                return TrackedAction.builder(EventNames.COMPLETE_REGISTRATION, EventIds.random())
                        .customer(mapper.customer(customer, null)).request(request).build();
            }
        });
    }

    // ------------------------------------------------------------------------------- the store's own events

    /**
     * The store's own event (Contact, Subscribe, Schedule, Lead, or a custom name), on the same path as the built-in
     * events: one event id for both copies; consent, bots, Limited Data Use and the outbox as for AddToCart. The
     * browser copy waits in the session and renders on the next page (or AJAX response) that drains pending events;
     * the server copy goes to the outbox after the caller's transaction commits (at once without one).
     *
     * <p>Switches: a standard name is rendered when {@code meta.events.browser} lists it and sent when
     * {@code meta.events.server} lists it; a custom name ({@code trackCustom}) is always rendered and sent only when
     * {@code meta.events.server} lists it.
     *
     * @param params Meta's {@code custom_data} keys ({@code value}, {@code currency}, {@code content_ids},
     *               {@code content_name}, ...) and any other keys as custom properties; null for none
     * @return the event id both copies carry
     * @throws IllegalArgumentException for a name Meta would misread ({@code purchase} for Purchase, an invalid
     *                                  custom name) or a parameter of the wrong type: mistakes in the store's code,
     *                                  reported before anything is recorded
     */
    public String track(HttpServletRequest request, String eventName, Map<String, ?> params) {
        return track(request, eventName, params, null);
    }

    /**
     * {@link #track(HttpServletRequest, String, Map)} with an e-mail address the shopper just gave (a newsletter
     * sign-up's Lead): hashed into the server copy's {@code user_data.em} beside the logged-in customer's data. A
     * malformed address drops that field (counted), never the event.
     */
    public String track(final HttpServletRequest request, final String eventName, Map<String, ?> params,
            final String email) {
        final String name = EventNames.requireTrackable(eventName);
        final CustomData data = EventParams.toCustomData(params);
        if (request == null) {
            throw new IllegalArgumentException("request is required");
        }
        warnOnceIfUnlisted(name);
        final String eventId = EventIds.random();
        // Everything from here on is contained by record(): no failure reaches the store's request.
        record(name, shopper -> TrackedAction.builder(name, eventId).custom(!EventNames.isStandard(name))
                .customData(data).customer(mapper.customer(CustomerState.getCustomer(request), null).toBuilder()
                        .email(email == null || email.trim().isEmpty() ? null : email).build())
                .request(shopper).build(), true, request, currentResponse());
        return eventId;
    }

    /** A standard name neither list switches on records nothing: say so once, so it is not lost silently. */
    private void warnOnceIfUnlisted(String name) {
        try {
            MetaSettings s = settings.current();
            if (s.isActive() && EventNames.isStandard(name) && !s.browserEvents().contains(name)
                    && !s.serverEvents().contains(name) && UNLISTED_EVENTS.size() < 100
                    && UNLISTED_EVENTS.add(name)) {
                LOG.warn("Meta tracking: " + name + " is listed in neither meta.events.browser nor"
                        + " meta.events.server, so track(...) records nothing for it (logged once)");
            }
        } catch (RuntimeException e) {
            LOG.warn("Meta tracking: could not read the event lists (" + e.getClass().getName() + ")");
        }
    }

    // ------------------------------------------------------------------------------- template-driven events

    public BrowserEvent pageView(HttpServletRequest request, HttpServletResponse response) {
        return recordForPage(request, response, TrackedAction.builder(EventNames.PAGE_VIEW, EventIds.random())
                .customer(mapper.customer(CustomerState.getCustomer(request), null)));
    }

    public BrowserEvent viewContent(HttpServletRequest request, HttpServletResponse response, Product product) {
        CustomData data;
        try {
            data = mapper.viewContent(product);
        } catch (UnsupportedCurrencyException e) {
            refusedCurrency(EventNames.VIEW_CONTENT, e);
            return null;
        }
        return recordForPage(request, response, TrackedAction.builder(EventNames.VIEW_CONTENT, EventIds.random())
                .customData(data).customer(mapper.customer(CustomerState.getCustomer(request), null)));
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
                .customData(data).customer(mapper.customer(CustomerState.getCustomer(request), null).toBuilder()
                        .email(email == null || email.trim().isEmpty() ? null : email).build()));
    }

    /**
     * The custom ViewCategory of a category page: the listed products' content ids. Rendered with the page; its
     * server copy is sent only when {@code meta.events.server} lists {@value EventNames#VIEW_CATEGORY}.
     */
    public BrowserEvent viewCategory(HttpServletRequest request, HttpServletResponse response, Category category,
            List<Product> products) {
        return recordForPage(request, response, TrackedAction.builder(EventNames.VIEW_CATEGORY, EventIds.random())
                .custom(true).customData(mapper.viewCategory(category, products))
                .customer(mapper.customer(CustomerState.getCustomer(request), null)));
    }

    public BrowserEvent search(HttpServletRequest request, HttpServletResponse response, String query,
            List<Product> results) {
        return recordForPage(request, response, TrackedAction.builder(EventNames.SEARCH, EventIds.random())
                .customData(mapper.search(query, results))
                .customer(mapper.customer(CustomerState.getCustomer(request), null)));
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
            refusedCurrency(EventNames.INITIATE_CHECKOUT, e);
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
            TrackedAction action = purchaseAction(order, ShopperRequest.none());
            if (!firstRendering(request, s, action.eventId())) {
                return null;
            }
            return new BrowserEvent(EventNames.PURCHASE, action.eventId(), false,
                    JSON.writeCustomData(action.customData()));
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
        CustomerInfo customer = mapper.customer(CustomerState.getCustomer(request), null);
        return recorder.hashCustomer(customer);
    }

    // ------------------------------------------------------------------------------------------ internals

    protected TrackedAction purchaseAction(Order order, ShopperRequest request) {
        String orderNumber = order.getOrderNumber();
        return TrackedAction.builder(EventNames.PURCHASE, EventIds.forOrder(orderNumber))
                .customData(mapper.order(order, settings.current().purchaseValue(), true))
                .customer(mapper.customer(order.getCustomer(), order)).request(request)
                .confirmationKey(orderNumber).orderNumber(orderNumber).build();
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

    /** Creates the action on the request thread, so the ids and values are those of this moment. */
    protected interface ActionFactory {
        TrackedAction create(ShopperRequest request);
    }

    /** A hook inside a cart workflow: record after the cart's transaction commits, never for a rolled-back one. */
    private void recordFromHook(String eventName, ActionFactory factory) {
        record(eventName, factory, true);
    }

    private void record(String eventName, ActionFactory factory, boolean afterCommit) {
        record(eventName, factory, afterCommit, currentRequest(), currentResponse());
    }

    private void record(String eventName, ActionFactory factory, boolean afterCommit, HttpServletRequest request,
            HttpServletResponse response) {
        try {
            MetaSettings s = settings.current();
            if (!s.isActive()) {
                return;
            }
            ShopperRequest shopper = request == null ? ShopperRequest.none()
                    : capture.capture(request, response, s);
            final TrackedAction action = factory.create(shopper);
            final HttpServletRequest pendingFor = request;
            Runnable work = new Runnable() {
                @Override
                public void run() {
                    Recording recording = recorder.record(action);
                    BrowserEvent browser = recording.browserEvent();
                    if (browser != null && pendingFor != null && !EventNames.PURCHASE.equals(action.eventName())) {
                        PendingBrowserEvents.add(pendingFor, browser);
                    }
                }
            };
            if (afterCommit && TransactionSynchronizationManager.isSynchronizationActive()) {
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronizationAdapter() {
                    @Override
                    public void afterCommit() {
                        safely(eventName, work);
                    }
                });
            } else {
                work.run();
            }
        } catch (UnsupportedCurrencyException e) {
            refusedCurrency(eventName, e);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            LOG.warn("Meta tracking: could not record " + eventName + " (" + e.getClass().getName()
                    + "); the shopper's request continues");
        }
    }

    /**
     * An amount in a non-ISO 4217 currency: no copy of the event is recorded (Meta would misread the value), the
     * shopper's request goes on. Counted every time; logged once per currency code (a code, never customer data).
     */
    protected void refusedCurrency(String eventName, UnsupportedCurrencyException e) {
        recorder.counters().refused(eventName, REFUSED_INVALID_CURRENCY);
        if (LOGGED_CURRENCIES.size() < 100 && LOGGED_CURRENCIES.add(e.currency())) {
            LOG.warn("Meta tracking: " + eventName + " not recorded: the store's currency \"" + e.currency()
                    + "\" is not ISO 4217 (counted as refused." + REFUSED_INVALID_CURRENCY + "." + eventName
                    + "; logged once per currency)");
        }
    }

    private static void safely(String eventName, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            LOG.warn("Meta tracking: could not record " + eventName + " after commit (" + e.getClass().getName() + ")");
        }
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

    protected HttpServletRequest currentRequest() {
        BroadleafRequestContext context = BroadleafRequestContext.getBroadleafRequestContext();
        return context == null ? null : context.getRequest();
    }

    protected HttpServletResponse currentResponse() {
        BroadleafRequestContext context = BroadleafRequestContext.getBroadleafRequestContext();
        return context == null ? null : context.getResponse();
    }
}
