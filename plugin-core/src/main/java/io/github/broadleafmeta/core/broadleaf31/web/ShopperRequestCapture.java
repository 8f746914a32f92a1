package io.github.broadleafmeta.core.broadleaf31.web;

import io.github.broadleafmeta.core.request.FbCookies;
import io.github.broadleafmeta.core.request.FirstPartyCookies;
import io.github.broadleafmeta.core.request.SourceUrls;
import io.github.broadleafmeta.core.settings.MetaSettings;
import io.github.broadleafmeta.core.tracking.ShopperRequest;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;

/**
 * The servlet side of a shopper's request: reads what Meta matches on (client IP, user agent, {@code _fbp},
 * {@code _fbc}, the page URL, the consent cookie) and writes the first-party cookies the engine's rules
 * ({@link MetaSettings#consentGrantedBy}, {@link FirstPartyCookies}, {@link SourceUrls#pageUrl}) ask for.
 * Broadleaf-free: any servlet storefront can use it.
 */
public class ShopperRequestCapture {

    static final String CAPTURED_ATTRIBUTE = ShopperRequestCapture.class.getName() + ".captured";
    static final String FBP_ATTRIBUTE = ShopperRequestCapture.class.getName() + ".fbp";
    static final String FBC_ATTRIBUTE = ShopperRequestCapture.class.getName() + ".fbc";
    /** Remembers the fbc built from a landing page's fbclid for later requests of the session. */
    static final String SESSION_FBC = ShopperRequestCapture.class.getName() + ".sessionFbc";

    private final FirstPartyCookies cookies;

    public ShopperRequestCapture(Clock clock) {
        this(clock, new SecureRandom());
    }

    ShopperRequestCapture(Clock clock, Random random) {
        this.cookies = new FirstPartyCookies(clock, random);
    }

    /**
     * @param response may be null (then no cookie is set); cookies are only added while it is not committed
     */
    public ShopperRequest capture(HttpServletRequest request, HttpServletResponse response, MetaSettings settings) {
        // Copied once per request: every event of a page carries the same values.
        Object captured = request.getAttribute(CAPTURED_ATTRIBUTE);
        if (captured instanceof ShopperRequest) {
            return (ShopperRequest) captured;
        }
        ShopperRequest shopper = doCapture(request, response, settings);
        request.setAttribute(CAPTURED_ATTRIBUTE, shopper);
        return shopper;
    }

    private ShopperRequest doCapture(HttpServletRequest request, HttpServletResponse response,
            MetaSettings settings) {
        boolean consent = consentGranted(request, settings);
        String ip = settings.clientIpResolver().resolve(request.getRemoteAddr(),
                headers(request, "X-Forwarded-For"), headers(request, "Forwarded"));
        String fbp = null;
        String fbc = null;
        if (consent) {
            int subdomainIndex = FbCookies.subdomainIndex(request.getServerName());
            fbp = fbp(request, response, subdomainIndex);
            fbc = fbc(request, response, subdomainIndex);
        }
        StringBuffer url = request.getRequestURL();
        String page = SourceUrls.pageUrl(request.getMethod(), url == null ? null : url.toString(),
                request.getQueryString(), request.getHeader("Referer"), request.getServerName());
        return new ShopperRequest(ip, request.getHeader("User-Agent"), fbp, fbc, page, consent);
    }

    public boolean consentGranted(HttpServletRequest request, MetaSettings settings) {
        return settings.consentGrantedBy(cookie(request, settings.consentCookieName()));
    }

    private String fbp(HttpServletRequest request, HttpServletResponse response, int subdomainIndex) {
        String fbp = (String) request.getAttribute(FBP_ATTRIBUTE);
        if (fbp != null) {
            return fbp;
        }
        FirstPartyCookies.Choice choice = cookies.fbp(cookie(request, FbCookies.FBP_COOKIE), subdomainIndex);
        if (choice.mustBeSet()) {
            setCookie(request, response, FbCookies.FBP_COOKIE, choice.value());
        }
        request.setAttribute(FBP_ATTRIBUTE, choice.value());
        return choice.value();
    }

    private String fbc(HttpServletRequest request, HttpServletResponse response, int subdomainIndex) {
        String fbc = (String) request.getAttribute(FBC_ATTRIBUTE);
        if (fbc != null) {
            return fbc;
        }
        HttpSession session = request.getSession(false);
        FirstPartyCookies.Choice choice = cookies.fbc(cookie(request, FbCookies.FBC_COOKIE),
                request.getParameter(FbCookies.FBCLID_PARAMETER),
                session == null ? null : (String) session.getAttribute(SESSION_FBC), subdomainIndex);
        if (choice.mustBeSet()) {
            setCookie(request, response, FbCookies.FBC_COOKIE, choice.value());
            request.getSession(true).setAttribute(SESSION_FBC, choice.value());
        }
        if (choice.value() != null) {
            request.setAttribute(FBC_ATTRIBUTE, choice.value());
        }
        return choice.value();
    }

    private static void setCookie(HttpServletRequest request, HttpServletResponse response, String name,
            String value) {
        if (response == null || response.isCommitted()) {
            return;
        }
        Cookie cookie = new Cookie(name, value);
        cookie.setPath("/");
        cookie.setMaxAge(FbCookies.COOKIE_MAX_AGE_DAYS * 24 * 60 * 60);
        cookie.setSecure(request.isSecure());
        response.addCookie(cookie);
    }

    private static String cookie(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null || name == null) {
            return null;
        }
        for (Cookie c : cookies) {
            if (name.equals(c.getName())) {
                return c.getValue();
            }
        }
        return null;
    }

    private static List<String> headers(HttpServletRequest request, String name) {
        java.util.Enumeration<String> values = request.getHeaders(name);
        return values == null ? Collections.<String>emptyList() : Collections.list(values);
    }
}
