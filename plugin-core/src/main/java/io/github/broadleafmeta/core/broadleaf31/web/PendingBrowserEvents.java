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

    private static Object lock(HttpSession session) {
        // The servlet spec keeps one HttpSession object per session within a node; good enough for a mutex here.
        return session;
    }
}
