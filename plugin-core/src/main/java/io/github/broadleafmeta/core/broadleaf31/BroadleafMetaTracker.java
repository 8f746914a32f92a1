package io.github.broadleafmeta.core.broadleaf31;

import io.github.broadleafmeta.core.broadleaf31.web.PendingBrowserEvents;
import io.github.broadleafmeta.core.broadleaf31.web.RequestSnapshot;
import io.github.broadleafmeta.core.broadleaf31.web.ShopperRequestCapture;
import io.github.broadleafmeta.core.event.CustomData;
import io.github.broadleafmeta.core.event.EventIds;
import io.github.broadleafmeta.core.event.EventNames;
import io.github.broadleafmeta.core.event.UnsupportedCurrencyException;
import io.github.broadleafmeta.core.runtime.PluginCpuMeter;
import io.github.broadleafmeta.core.settings.MetaSettings;
import io.github.broadleafmeta.core.tracking.BrowserEvent;
import io.github.broadleafmeta.core.tracking.EventParams;
import io.github.broadleafmeta.core.tracking.EventRecorder;
import io.github.broadleafmeta.core.tracking.SettingsSnapshots;
import io.github.broadleafmeta.core.tracking.ShopperRequest;
import io.github.broadleafmeta.core.tracking.TrackedAction;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.broadleafcommerce.common.web.BroadleafRequestContext;
import org.broadleafcommerce.core.order.domain.Order;
import org.broadleafcommerce.core.order.domain.OrderItem;
import org.broadleafcommerce.core.order.service.type.OrderStatus;
import org.broadleafcommerce.profile.core.domain.Customer;
import org.broadleafcommerce.profile.web.core.CustomerState;
import org.springframework.transaction.support.TransactionSynchronizationAdapter;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * The server side of tracking on a Broadleaf 3.1 storefront: turns cart, wishlist, checkout and registration hooks
 * and the store's own {@link #track} calls into {@link TrackedAction}s with one event id, hands them to the engine's
 * {@link EventRecorder}, and leaves each browser copy in the session for the next page. {@link BroadleafPageEvents}
 * holds the page side (the theme's tags).
 *
 * <p>Every public method is safe to call from a storefront request: no network, bounded work, no commit or
 * connection of its own (server copies ride the host's transaction or the background writer, see
 * {@link HostTransactionWriter}), and no exception ever escapes into the cart or checkout. Open for subclassing
 * (protected hooks).
 */
public class BroadleafMetaTracker {

    private static final Log LOG = LogFactory.getLog(BroadleafMetaTracker.class);
    private static final Set<String> UNLISTED_EVENTS = ConcurrentHashMap.newKeySet();

    protected final EventRecorder recorder;
    protected final SettingsSnapshots settings;
    protected final ShopperRequestCapture capture;
    protected final BroadleafCommerceMapper mapper;

    public BroadleafMetaTracker(EventRecorder recorder, SettingsSnapshots settings, ShopperRequestCapture capture,
            BroadleafCommerceMapper mapper) {
        this.recorder = recorder;
        this.settings = settings;
        this.capture = capture;
        this.mapper = mapper;
    }

    /** This request's settings snapshot (one per request), or the current one outside a request. */
    public MetaSettings settings() {
        return RequestSnapshot.settings(currentRequest(), settings);
    }

    // ------------------------------------------------------------------------------- server-side hooks

    /** Items were added to the cart (add item, or a quantity increase). */
    public void addToCart(final OrderItem item, final int quantity, final Order order) {
        if (quantity <= 0) {
            return;
        }
        recordFromHook(EventNames.ADD_TO_CART, request -> TrackedAction
                .builder(EventNames.ADD_TO_CART, EventIds.random())
                .customData(mapper.addToCart(item, quantity, order))
                .customer(mapper.customer(order.getCustomer(), null)).request(request).build());
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
        // Broadleaf 3.1's checkout workflow has no transaction: the row waits until the request ends, after the
        // order's save (see HostTransactionWriter).
        HostTransactionWriter.holdUntilRequestEnds(() -> recordFromHook(EventNames.ADD_PAYMENT_INFO,
                request -> TrackedAction.builder(EventNames.ADD_PAYMENT_INFO, EventIds.random())
                        .customData(mapper.order(order, settings().purchaseValue(), false))
                        .customer(mapper.customer(order.getCustomer(), order)).request(request).build()));
    }

    /**
     * The order was completed by the checkout workflow. The server copy waits in the outbox until the order is
     * confirmed SUBMITTED (the checkout may still fail after this point); the browser copy renders on the
     * confirmation page through the purchase tag, with the same order-derived id.
     */
    public void purchase(final Order order) {
        // Queued when the request ends, after the SUBMITTED order committed; the sweep rebuilds it from the order if
        // the queued row is lost (see HostTransactionWriter).
        HostTransactionWriter.holdUntilRequestEnds(() -> record(EventNames.PURCHASE,
                request -> mapper.purchase(order, settings().purchaseValue(), request), false));
    }

    /** A customer registered (and is now logged in). */
    public void completeRegistration(final Customer customer) {
        recordFromHook(EventNames.COMPLETE_REGISTRATION, request -> TrackedAction
                .builder(EventNames.COMPLETE_REGISTRATION, EventIds.random())
                .customer(mapper.customer(customer, null)).request(request).build());
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
        boolean metered = PluginCpuMeter.enter();
        try {
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
        } finally {
            PluginCpuMeter.exit(metered);
        }
    }

    /** A standard name neither list switches on records nothing: say so once, so it is not lost silently. */
    private void warnOnceIfUnlisted(String name) {
        try {
            MetaSettings s = settings();
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

    // ------------------------------------------------------------------------------------------ internals

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
            final MetaSettings s = RequestSnapshot.settings(request, settings);
            if (!s.isActive()) {
                return;
            }
            ShopperRequest shopper = request == null ? ShopperRequest.none()
                    : capture.capture(request, response, s);
            final TrackedAction action = factory.create(shopper);
            final HttpServletRequest pendingFor = request;
            if (EventNames.PURCHASE.equals(action.eventName()) && request != null) {
                // Render-once: the confirmation page renders the Purchase only while this mark is in the session.
                PendingBrowserEvents.purchaseDue(request, action.eventId());
            }
            // The server copy now: inside a host transaction it joins it (and rolls back with it).
            BrowserEvent browser = recorder.record(action, s).browserEvent();
            if (browser == null || pendingFor == null || EventNames.PURCHASE.equals(action.eventName())) {
                return;
            }
            if (afterCommit && TransactionSynchronizationManager.isSynchronizationActive()) {
                // The browser copy only for a committed cart change.
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronizationAdapter() {
                    @Override
                    public void afterCommit() {
                        safely(eventName, () -> PendingBrowserEvents.add(pendingFor, browser));
                    }
                });
            } else {
                PendingBrowserEvents.add(pendingFor, browser);
            }
        } catch (UnsupportedCurrencyException e) {
            recorder.refusedCurrency(eventName, e);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            LOG.warn("Meta tracking: could not record " + eventName + " (" + e.getClass().getName()
                    + "); the shopper's request continues");
        }
    }

    /** Runs in the host's commit (a transaction callback), outside the activity that registered it. */
    private static void safely(String eventName, Runnable work) {
        boolean metered = PluginCpuMeter.enter();
        try {
            work.run();
        } catch (RuntimeException e) {
            LOG.warn("Meta tracking: could not record " + eventName + " after commit ("
                    + e.getClass().getName() + ")");
        } finally {
            PluginCpuMeter.exit(metered);
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
