package io.github.broadleafmeta.core.broadleaf31.web;

import io.github.broadleafmeta.core.tracking.BrowserEvent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpSession;

/**
 * Browser copies created by server-side hooks (add to cart, checkout, registration) wait in the shopper's session
 * until the next rendered page drains them — which covers post-redirect-get. Each is rendered at most once.
 */
public final class PendingBrowserEvents {

    static final String SESSION_KEY = PendingBrowserEvents.class.getName();
    static final String PURCHASES_DUE = PendingBrowserEvents.class.getName() + ".purchasesDue";
    /** A shopper who never renders a page (a script) must not grow the session without bound. */
    static final int MAX_PENDING = 50;

    private PendingBrowserEvents() {
    }

    public static void add(HttpServletRequest request, BrowserEvent event) {
        HttpSession session = request.getSession(true);
        synchronized (lock(session)) {
            @SuppressWarnings("unchecked")
            ArrayList<BrowserEvent> pending = (ArrayList<BrowserEvent>) session.getAttribute(SESSION_KEY);
            ArrayList<BrowserEvent> updated = pending == null ? new ArrayList<BrowserEvent>()
                    : new ArrayList<BrowserEvent>(pending);
            if (updated.size() >= MAX_PENDING) {
                updated.remove(0);
            }
            updated.add(event);
            session.setAttribute(SESSION_KEY, updated);
        }
    }

    /** Removes and returns the pending events, oldest first. */
    public static List<BrowserEvent> drain(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return Collections.emptyList();
        }
        synchronized (lock(session)) {
            @SuppressWarnings("unchecked")
            List<BrowserEvent> pending = (List<BrowserEvent>) session.getAttribute(SESSION_KEY);
            if (pending == null || pending.isEmpty()) {
                return Collections.emptyList();
            }
            session.removeAttribute(SESSION_KEY);
            return Collections.unmodifiableList(new ArrayList<BrowserEvent>(pending));
        }
    }

    /**
     * The checkout recorded this Purchase: its browser copy is due on the confirmation page. Kept in the session,
     * so rendering it needs no database write (see {@link #takePurchase}).
     */
    public static void purchaseDue(HttpServletRequest request, String eventId) {
        HttpSession session = request.getSession(true);
        synchronized (lock(session)) {
            @SuppressWarnings("unchecked")
            ArrayList<String> due = (ArrayList<String>) session.getAttribute(PURCHASES_DUE);
            ArrayList<String> updated = due == null ? new ArrayList<String>() : new ArrayList<String>(due);
            if (updated.size() >= MAX_PENDING) {
                updated.remove(0);
            }
            if (!updated.contains(eventId)) {
                updated.add(eventId);
            }
            session.setAttribute(PURCHASES_DUE, updated);
        }
    }

    /**
     * True exactly once per Purchase the checkout left due in this session: the confirmation page renders it, and
     * reloads, the back button, later visits and other sessions find nothing due.
     */
    public static boolean takePurchase(HttpServletRequest request, String eventId) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return false;
        }
        synchronized (lock(session)) {
            @SuppressWarnings("unchecked")
            ArrayList<String> due = (ArrayList<String>) session.getAttribute(PURCHASES_DUE);
            if (due == null || !due.contains(eventId)) {
                return false;
            }
            ArrayList<String> updated = new ArrayList<String>(due);
            updated.remove(eventId);
            if (updated.isEmpty()) {
                session.removeAttribute(PURCHASES_DUE);
            } else {
                session.setAttribute(PURCHASES_DUE, updated);
            }
            return true;
        }
    }

    private static Object lock(HttpSession session) {
        // The servlet spec keeps one HttpSession object per session within a node; good enough for a mutex here.
        return session;
    }
}
