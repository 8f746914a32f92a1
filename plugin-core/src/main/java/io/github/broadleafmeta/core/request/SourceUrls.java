package io.github.broadleafmeta.core.request;

import java.util.Locale;

/**
 * The {@code event_source_url} that may leave the store: the page's scheme, host, port and path, with only the
 * campaign parameters Meta uses for attribution. Everything a URL can smuggle out is removed:
 * <ul>
 *   <li>the query string, except parameters named {@code utm_*} (any case) or {@code fbclid}: password-reset
 *       tokens, {@code ?email=}, search terms ({@code ?q=}) and every other parameter leave. {@code gclid} and other
 *       ad networks' click ids are not Meta's and leave too. A kept parameter whose value holds an {@code @}
 *       (an e-mail put into {@code utm_term} by a mailing tool) leaves as well;</li>
 *   <li>path parameters ({@code ;jsessionid=…} and any other {@code ;…} in a path segment): a servlet session
 *       id must never reach Meta; a path segment holding an e-mail ({@code @} or {@code %40}) ends the path;</li>
 *   <li>the fragment ({@code #…}) and any user info ({@code user:password@});</li>
 *   <li>length: at most {@link #MAX_LENGTH} characters; a longer URL loses its query first, then the path's tail
 *       (never in the middle of a {@code %XX} escape).</li>
 * </ul>
 * Anything but an absolute http(s) URL with a host gives null. Idempotent, storefront-neutral, never throws.
 */
public final class SourceUrls {

    /** The longest event_source_url sent; real page URLs of a shop are far shorter. */
    public static final int MAX_LENGTH = 1000;

    private SourceUrls() {
    }

    /**
     * The page the shopper was on, before {@link #clean}: for a form post the Referer when it is of the same host
     * (the page holding the form), otherwise the request's own URL, with its query for a GET.
     */
    public static String pageUrl(String method, String requestUrl, String queryString, String referer,
            String serverName) {
        if ("POST".equalsIgnoreCase(method) && referer != null && sameHost(referer, serverName)) {
            return referer;
        }
        if (requestUrl == null) {
            return null;
        }
        return "GET".equalsIgnoreCase(method) && queryString != null ? requestUrl + '?' + queryString : requestUrl;
    }

    private static boolean sameHost(String url, String host) {
        return url.startsWith("http://" + host + ":") || url.startsWith("http://" + host + "/")
                || url.startsWith("https://" + host + ":") || url.startsWith("https://" + host + "/");
    }

    /** The URL with only the allowed parts, or null when it is not an http(s) page URL. */
    public static String clean(String raw) {
        if (raw == null) {
            return null;
        }
        String url = raw.trim();
        int schemeEnd = schemeLength(url);
        if (schemeEnd < 0) {
            return null;
        }
        int fragment = url.indexOf('#');
        if (fragment >= 0) {
            url = url.substring(0, fragment);
        }
        int queryStart = url.indexOf('?', schemeEnd);
        String query = queryStart >= 0 ? url.substring(queryStart + 1) : "";
        String beforeQuery = queryStart >= 0 ? url.substring(0, queryStart) : url;
        int pathStart = indexOfAny(beforeQuery, "/;", schemeEnd);
        String authority = pathStart >= 0 ? beforeQuery.substring(schemeEnd, pathStart) : beforeQuery.substring(schemeEnd);
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            authority = authority.substring(at + 1);
        }
        if (authority.isEmpty()) {
            return null;
        }
        StringBuilder out = new StringBuilder(Math.min(url.length(), MAX_LENGTH + 16));
        out.append(beforeQuery, 0, schemeEnd).append(authority);
        if (pathStart >= 0) {
            appendPathWithoutParameters(out, beforeQuery, pathStart);
            cutAtEmailSegment(out, schemeEnd + authority.length());
        }
        String keptQuery = allowedQuery(query);
        if (!keptQuery.isEmpty() && out.length() + 1 + keptQuery.length() <= MAX_LENGTH) {
            out.append('?').append(keptQuery);
        }
        if (out.length() > MAX_LENGTH) {
            int cut = MAX_LENGTH;
            // Never leave half of a %XX escape at the end.
            if (out.charAt(cut - 1) == '%') {
                cut -= 1;
            } else if (out.charAt(cut - 2) == '%') {
                cut -= 2;
            }
            out.setLength(cut);
        }
        return out.toString();
    }

    /** Length of {@code http://} or {@code https://} (any case), or -1. */
    private static int schemeLength(String url) {
        String head = url.length() > 8 ? url.substring(0, 8).toLowerCase(Locale.ROOT) : url.toLowerCase(Locale.ROOT);
        if (head.startsWith("https://")) {
            return 8;
        }
        if (head.startsWith("http://")) {
            return 7;
        }
        return -1;
    }

    private static int indexOfAny(String s, String chars, int from) {
        for (int i = from; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** Copies the path, leaving out every {@code ;…} up to the next {@code /}. */
    private static void appendPathWithoutParameters(StringBuilder out, String s, int from) {
        boolean inParameter = false;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ';') {
                inParameter = true;
            } else if (c == '/') {
                inParameter = false;
                out.append(c);
            } else if (!inParameter) {
                out.append(c);
            }
        }
    }

    /** An e-mail in the path ({@code /unsubscribe/jane@example.com}) ends the path before its segment. */
    private static void cutAtEmailSegment(StringBuilder out, int pathStart) {
        String path = out.substring(pathStart).toUpperCase(Locale.ROOT);
        int at = path.indexOf('@');
        int encoded = path.indexOf("%40");
        int first = at < 0 ? encoded : encoded < 0 ? at : Math.min(at, encoded);
        if (first >= 0) {
            out.setLength(pathStart + path.lastIndexOf('/', first) + 1);
        }
    }

    private static String allowedQuery(String query) {
        if (query.isEmpty()) {
            return "";
        }
        StringBuilder kept = new StringBuilder();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = (eq >= 0 ? pair.substring(0, eq) : pair).toLowerCase(Locale.ROOT);
            String value = eq >= 0 ? pair.substring(eq + 1) : "";
            boolean allowed = name.startsWith("utm_") || "fbclid".equals(name);
            boolean looksLikeEmail = value.indexOf('@') >= 0 || value.toUpperCase(Locale.ROOT).contains("%40");
            if (allowed && !looksLikeEmail) {
                if (kept.length() > 0) {
                    kept.append('&');
                }
                kept.append(pair);
            }
        }
        return kept.toString();
    }
}
