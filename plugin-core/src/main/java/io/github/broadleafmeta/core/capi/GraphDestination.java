package io.github.broadleafmeta.core.capi;

import java.util.Locale;

/**
 * Which Graph API base URLs may receive an access token: any {@code https://} host, and plain {@code http://}
 * only for a loopback host ({@code localhost}, {@code 127.0.0.0/8}, {@code [::1]}), which is how tests reach a
 * local stub. The settings refuse other values and the client checks again before it sends.
 */
public final class GraphDestination {

    private GraphDestination() {
    }

    /** Null when {@code url} may receive a token, else why not (the URL itself is not repeated). */
    public static String problem(String url) {
        if (url == null) {
            return "is required";
        }
        String lower = url.trim().toLowerCase(Locale.ROOT);
        boolean https = lower.startsWith("https://");
        boolean http = lower.startsWith("http://");
        int schemeEnd = https ? 8 : http ? 7 : -1;
        if (schemeEnd < 0 || lower.length() == schemeEnd || lower.length() > 300) {
            return "must be an https URL such as " + SendRequest.DEFAULT_GRAPH_URL;
        }
        for (int i = schemeEnd; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (c <= ' ' || c > '~' || c == '?' || c == '#' || c == '@' || c == '\\') {
                return "must be a plain base URL (no blanks, query, fragment or user info)";
            }
        }
        if (http && !isLoopbackHost(host(lower.substring(schemeEnd)))) {
            return "must use https; plain http is accepted only for a loopback host (localhost, 127.0.0.0/8, [::1])";
        }
        return null;
    }

    /** {@code localhost}, an IPv4 address in 127.0.0.0/8, or {@code ::1} (brackets optional). */
    public static boolean isLoopbackHost(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")) {
            return true;
        }
        String[] octets = h.split("\\.", -1);
        if (octets.length != 4 || !octets[0].equals("127")) {
            return false;
        }
        for (String o : octets) {
            if (!o.matches("[0-9]{1,3}") || Integer.parseInt(o) > 255) {
                return false;
            }
        }
        return true;
    }

    /** The host of {@code authorityAndPath} ({@code host[:port][/path]}, IPv6 in brackets). */
    private static String host(String authorityAndPath) {
        int slash = authorityAndPath.indexOf('/');
        String authority = slash < 0 ? authorityAndPath : authorityAndPath.substring(0, slash);
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            return close < 0 ? authority : authority.substring(0, close + 1);
        }
        int colon = authority.indexOf(':');
        return colon < 0 ? authority : authority.substring(0, colon);
    }
}
