package io.github.broadleafmeta.core.broadleaf31.web;

import io.github.broadleafmeta.core.request.FbCookies;
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
 * Reads what Meta matches on from a servlet request (client IP behind trusted proxies, user agent, {@code _fbp},
 * {@code _fbc}, the page URL, the consent cookie) and, when the shopper consented, sets the first-party
 * {@code _fbp} / {@code _fbc} cookies that are missing, so shoppers whose browsers block Meta's script are still
 * matched. Works for any servlet storefront; Broadleaf-free.
 */
public class ShopperRequestCapture {

    static final String FBP_ATTRIBUTE = ShopperRequestCapture.class.getName() + ".fbp";
    static final String FBC_ATTRIBUTE = ShopperRequestCapture.class.getName() + ".fbc";
    /** Remembers the fbc built from a landing page's fbclid for later requests of the session. */
    static final String SESSION_FBC = ShopperRequestCapture.class.getName() + ".sessionFbc";

    private final Clock clock;
    private final Random random;

    public ShopperRequestCapture(Clock clock) {
        this(clock, new SecureRandom());
    }

    ShopperRequestCapture(Clock clock, Random random) {
        this.clock = clock;
        this.random = random;
    }

    /**
     * @param response may be null (then no cookie is set); cookies are only added while it is not committed
     */
    public ShopperRequest capture(HttpServletRequest request, HttpServletResponse response, MetaSettings settings) {
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
        return new ShopperRequest(ip, request.getHeader("User-Agent"), fbp, fbc, sourceUrl(request), consent);
    }

    public boolean consentGranted(HttpServletRequest request, MetaSettings settings) {
        if (!settings.consentRequired()) {
            return true;
        }
        String value = cookie(request, settings.consentCookieName());
        return value != null && value.equals(settings.consentGrantedValue());
    }

    private String fbp(HttpServletRequest request, HttpServletResponse response, int subdomainIndex) {
        String fbp = (String) request.getAttribute(FBP_ATTRIBUTE);
        if (fbp != null) {
            return fbp;
        }
        fbp = FbCookies.validFbp(cookie(request, FbCookies.FBP_COOKIE));
        if (fbp == null) {
            fbp = FbCookies.newFbp(clock.millis(), random, subdomainIndex);
            setCookie(request, response, FbCookies.FBP_COOKIE, fbp);
        }
        request.setAttribute(FBP_ATTRIBUTE, fbp);
        return fbp;
    }

    private String fbc(HttpServletRequest request, HttpServletResponse response, int subdomainIndex) {
        String fbc = (String) request.getAttribute(FBC_ATTRIBUTE);
        if (fbc != null) {
            return fbc;
        }
        String existing = FbCookies.validFbc(cookie(request, FbCookies.FBC_COOKIE));
        String fbclid = FbCookies.validFbclid(request.getParameter(FbCookies.FBCLID_PARAMETER));
        HttpSession session = request.getSession(false);
        if (fbclid != null && FbCookies.shouldReplaceFbc(existing, fbclid)) {
            fbc = FbCookies.buildFbc(fbclid, clock.millis(), subdomainIndex);
            setCookie(request, response, FbCookies.FBC_COOKIE, fbc);
            request.getSession(true).setAttribute(SESSION_FBC, fbc);
        } else if (existing != null) {
            fbc = existing;
        } else if (session != null) {
            // The landing page set the cookie, but this request may predate the browser storing it.
            fbc = (String) session.getAttribute(SESSION_FBC);
        }
        if (fbc != null) {
            request.setAttribute(FBC_ATTRIBUTE, fbc);
        }
        return fbc;
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

    /** The page the shopper was on: the same-site Referer for form posts, else this request's URL. */
    static String sourceUrl(HttpServletRequest request) {
        StringBuffer url = request.getRequestURL();
        String referer = request.getHeader("Referer");
        if ("POST".equalsIgnoreCase(request.getMethod()) && referer != null && sameSite(referer, request)) {
            return referer;
        }
        if (url == null) {
            return null;
        }
        if ("GET".equalsIgnoreCase(request.getMethod()) && request.getQueryString() != null) {
            url.append('?').append(request.getQueryString());
        }
        return url.toString();
    }

    private static boolean sameSite(String referer, HttpServletRequest request) {
        String host = request.getServerName();
        return referer.startsWith("http://" + host + ":") || referer.startsWith("http://" + host + "/")
                || referer.startsWith("https://" + host + ":") || referer.startsWith("https://" + host + "/");
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
