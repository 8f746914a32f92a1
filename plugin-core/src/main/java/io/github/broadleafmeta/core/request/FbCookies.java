package io.github.broadleafmeta.core.request;

import java.util.Random;

/**
 * Rules for Meta's first-party cookies {@code _fbp} and {@code _fbc} and the {@code fbclid} query parameter.
 *
 * <ul>
 *   <li>{@code _fbp} = {@code fb.{subdomainIndex}.{creationTimeMillis}.{random}}</li>
 *   <li>{@code _fbc} = {@code fb.{subdomainIndex}.{creationTimeMillis}.{fbclid}}</li>
 * </ul>
 * The subdomain index is 0, 1 or 2 and the creation time has 13 digits (milliseconds). Meta's Parameter Builder may
 * append a fifth dot-separated part; such values are valid and pass unchanged. Values are case-sensitive: they are
 * never lowercased or hashed. Every part is limited to URL-safe token characters ({@code A-Z a-z 0-9 _ -}) and the
 * whole value to {@value #MAX_COOKIE_LENGTH} characters, so a hostile cookie or query string never reaches the
 * outbox. Stateless and thread-safe.
 */
public final class FbCookies {

    /** Cookie lifetime Meta's pixel uses for both cookies. */
    public static final int COOKIE_MAX_AGE_DAYS = 90;
    public static final int MAX_FBCLID_LENGTH = 500;
    public static final int MAX_COOKIE_LENGTH = 1000;
    public static final String FBP_COOKIE = "_fbp";
    public static final String FBC_COOKIE = "_fbc";
    public static final String FBCLID_PARAMETER = "fbclid";

    /** Index where the random part / fbclid starts: after {@code fb.N.} and 13 digits and a dot. */
    private static final int THIRD_PART_START = 19;

    private FbCookies() {
    }

    /** True when {@code value} is a well-formed {@code _fbp} value. */
    public static boolean isValidFbp(String value) {
        return thirdPartEnd(value) > 0;
    }

    /** True when {@code value} is a well-formed {@code _fbc} value. */
    public static boolean isValidFbc(String value) {
        int end = thirdPartEnd(value);
        return end > 0 && end - THIRD_PART_START <= MAX_FBCLID_LENGTH;
    }

    /** The cookie value unchanged when valid, else null. */
    public static String validFbp(String value) {
        return isValidFbp(value) ? value : null;
    }

    /** The cookie value unchanged when valid, else null. */
    public static String validFbc(String value) {
        return isValidFbc(value) ? value : null;
    }

    /** The fbclid inside a valid {@code _fbc} value (without a Parameter Builder suffix), else null. */
    public static String fbclidOf(String fbc) {
        int end = thirdPartEnd(fbc);
        if (end < 0) {
            return null;
        }
        return fbc.substring(THIRD_PART_START, end);
    }

    /**
     * The {@code fbclid} query value, trimmed, when it is 1..{@value #MAX_FBCLID_LENGTH} token characters; else
     * null (never stored, never sent).
     */
    public static String validFbclid(String fbclid) {
        if (fbclid == null) {
            return null;
        }
        String t = fbclid.trim();
        if (t.isEmpty() || t.length() > MAX_FBCLID_LENGTH) {
            return null;
        }
        return isTokenRange(t, 0, t.length()) ? t : null;
    }

    /**
     * A new {@code _fbc} value for a click id.
     *
     * @throws IllegalArgumentException when {@code fbclid} is not valid (check with {@link #validFbclid} first)
     */
    public static String buildFbc(String fbclid, long nowMillis, int subdomainIndex) {
        String clid = validFbclid(fbclid);
        if (clid == null) {
            throw new IllegalArgumentException("fbclid is not a valid click id");
        }
        return "fb." + checkIndex(subdomainIndex) + "." + checkMillis(nowMillis) + "." + clid;
    }

    /** A new {@code _fbp} value with subdomain index 1. */
    public static String newFbp(long nowMillis, Random random) {
        return newFbp(nowMillis, random, 1);
    }

    /** A new {@code _fbp} value; the random part is a positive 31-bit number, as Meta's pixel writes it. */
    public static String newFbp(long nowMillis, Random random, int subdomainIndex) {
        if (random == null) {
            throw new IllegalArgumentException("random is required");
        }
        int r = random.nextInt(Integer.MAX_VALUE - 1) + 1;
        return "fb." + checkIndex(subdomainIndex) + "." + checkMillis(nowMillis) + "." + r;
    }

    /**
     * Whether the storefront must (re)write {@code _fbc}: the request carries a valid fbclid and the current
     * cookie is absent, malformed, or holds another click id.
     */
    public static boolean shouldReplaceFbc(String existingFbc, String requestFbclid) {
        String clid = validFbclid(requestFbclid);
        if (clid == null) {
            return false;
        }
        String current = fbclidOf(existingFbc);
        return current == null || !current.equals(clid);
    }

    /**
     * Meta's subdomain index for the host the cookie is set on: {@code com} 0, {@code example.com} 1,
     * {@code www.example.com} (and deeper) 2. When unsure (null, {@code localhost}, an IP literal) 1.
     */
    public static int subdomainIndex(String host) {
        if (host == null) {
            return 1;
        }
        String h = host.trim();
        if (h.startsWith("[") || IpAddresses.normalizeHostPort(h) != null) {
            return 1;
        }
        int colon = h.indexOf(':');
        if (colon >= 0) {
            h = h.substring(0, colon);
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.isEmpty() || "localhost".equalsIgnoreCase(h) || IpAddresses.parse(h) != null) {
            return 1;
        }
        int dots = 0;
        for (int i = 0; i < h.length(); i++) {
            if (h.charAt(i) == '.') {
                dots++;
            }
        }
        return Math.min(dots, 2);
    }

    /**
     * Validates the shape {@code fb.<0-2>.<13 digits>.<token>[.<token>]} and returns the end index of the third
     * part (the random part or fbclid), or -1 when the value is not well-formed.
     */
    private static int thirdPartEnd(String v) {
        if (v == null || v.length() < 20 || v.length() > MAX_COOKIE_LENGTH) {
            return -1;
        }
        if (v.charAt(0) != 'f' || v.charAt(1) != 'b' || v.charAt(2) != '.' || v.charAt(3) < '0' || v.charAt(3) > '2'
                || v.charAt(4) != '.') {
            return -1;
        }
        for (int i = 5; i < 18; i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
        }
        if (v.charAt(18) != '.') {
            return -1;
        }
        int thirdEnd = v.indexOf('.', THIRD_PART_START);
        if (thirdEnd < 0) {
            thirdEnd = v.length();
        } else if (thirdEnd + 1 >= v.length() || v.indexOf('.', thirdEnd + 1) >= 0
                || !isTokenRange(v, thirdEnd + 1, v.length())) {
            return -1;
        }
        if (thirdEnd == THIRD_PART_START || !isTokenRange(v, THIRD_PART_START, thirdEnd)) {
            return -1;
        }
        return thirdEnd;
    }

    private static boolean isTokenRange(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static int checkIndex(int subdomainIndex) {
        if (subdomainIndex < 0 || subdomainIndex > 2) {
            throw new IllegalArgumentException("subdomainIndex must be 0, 1 or 2, not " + subdomainIndex);
        }
        return subdomainIndex;
    }

    private static long checkMillis(long nowMillis) {
        // 13 digits: 2001-09-09 .. 2286-11-20, which is what the cookie format can carry.
        if (nowMillis < 1000000000000L || nowMillis > 9999999999999L) {
            throw new IllegalArgumentException("nowMillis must be a 13-digit epoch millisecond value");
        }
        return nowMillis;
    }
}
