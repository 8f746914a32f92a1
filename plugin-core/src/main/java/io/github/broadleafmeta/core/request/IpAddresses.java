package io.github.broadleafmeta.core.request;

/**
 * Literal IPv4/IPv6 parsing and formatting with no name resolution at all: {@code InetAddress.getByName} resolves
 * anything that is not a literal through DNS, which a header value must never trigger. Everything here is a plain
 * character loop over at most a few dozen characters.
 *
 * <p>Canonical output: IPv4 dotted decimal; IPv6 in RFC 5952 form (lowercase, zeros compressed). IPv4-mapped IPv6
 * addresses ({@code ::ffff:192.0.2.1}) come out as the IPv4 address, since that is the address the client has.
 */
public final class IpAddresses {

    /** Longer than any IP literal with port, brackets and a zone; longer input is rejected before parsing. */
    private static final int MAX_LITERAL_LENGTH = 64;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private IpAddresses() {
    }

    /**
     * Parses a bare IP literal (no port, no brackets).
     *
     * @return 4 bytes for IPv4 (also for IPv4-mapped IPv6), 16 bytes for IPv6, or null when {@code s} is no literal
     */
    public static byte[] parse(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX_LITERAL_LENGTH) {
            return null;
        }
        if (s.indexOf(':') >= 0) {
            byte[] v6 = parseIpv6(s);
            if (v6 != null && isIpv4Mapped(v6)) {
                return new byte[] {v6[12], v6[13], v6[14], v6[15]};
            }
            return v6;
        }
        return parseIpv4(s, 0, s.length());
    }

    /** The canonical text of a bare IP literal, or null when {@code s} is no literal. */
    public static String normalize(String s) {
        byte[] a = parse(s);
        return a == null ? null : format(a);
    }

    /**
     * Like {@link #normalize} but also accepts the forms seen in headers and socket addresses: surrounding
     * whitespace, {@code 1.2.3.4:5678}, {@code [2001:db8::1]}, {@code [2001:db8::1]:443}.
     */
    public static String normalizeHostPort(String s) {
        if (s == null) {
            return null;
        }
        String t = s.trim();
        if (t.isEmpty() || t.length() > MAX_LITERAL_LENGTH) {
            return null;
        }
        if (t.charAt(0) == '[') {
            int close = t.indexOf(']');
            if (close < 0) {
                return null;
            }
            String rest = t.substring(close + 1);
            if (!rest.isEmpty() && (rest.charAt(0) != ':' || !isPort(rest, 1))) {
                return null;
            }
            String inner = t.substring(1, close);
            return inner.indexOf(':') >= 0 ? normalize(inner) : null;
        }
        int firstColon = t.indexOf(':');
        if (firstColon >= 0 && firstColon == t.lastIndexOf(':')) {
            // Exactly one colon: IPv4 with a port (an IPv6 literal has at least two colons).
            if (!isPort(t, firstColon + 1)) {
                return null;
            }
            byte[] v4 = parseIpv4(t, 0, firstColon);
            return v4 == null ? null : format(v4);
        }
        return normalize(t);
    }

    public static String format(byte[] a) {
        if (a.length == 4) {
            StringBuilder sb = new StringBuilder(15);
            for (int i = 0; i < 4; i++) {
                if (i > 0) {
                    sb.append('.');
                }
                sb.append(a[i] & 0xff);
            }
            return sb.toString();
        }
        if (a.length != 16) {
            throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + a.length);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
        }
        // RFC 5952: compress the longest run (length >= 2) of zero groups, the first one on a tie.
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8;) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen && j - i >= 2) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            appendHexGroup(sb, groups[i]);
        }
        return sb.toString();
    }

    private static void appendHexGroup(StringBuilder sb, int g) {
        boolean started = false;
        for (int shift = 12; shift >= 0; shift -= 4) {
            int nibble = (g >> shift) & 0xf;
            if (nibble != 0 || started || shift == 0) {
                sb.append(HEX[nibble]);
                started = true;
            }
        }
    }

    /** True when {@code s} from index {@code from} to its end is a decimal port 0..65535. */
    private static boolean isPort(String s, int from) {
        int len = s.length() - from;
        if (len < 1 || len > 5) {
            return false;
        }
        int port = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            port = port * 10 + (c - '0');
        }
        return port <= 65535;
    }

    static byte[] parseIpv4(String s, int from, int to) {
        byte[] out = new byte[4];
        int part = 0;
        int i = from;
        while (part < 4) {
            int start = i;
            int value = 0;
            while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                value = value * 10 + (s.charAt(i) - '0');
                i++;
                if (i - start > 3) {
                    return null;
                }
            }
            int digits = i - start;
            // Leading zeros are rejected: some parsers read them as octal, so "010.0.0.1" is ambiguous.
            if (digits == 0 || value > 255 || (digits > 1 && s.charAt(start) == '0')) {
                return null;
            }
            out[part++] = (byte) value;
            if (part < 4) {
                if (i >= to || s.charAt(i) != '.') {
                    return null;
                }
                i++;
            }
        }
        return i == to ? out : null;
    }

    private static byte[] parseIpv6(String s) {
        int end = s.length();
        // A zone id (fe80::1%eth0) only means something on this host; it is not part of the client's address.
        int pct = s.indexOf('%');
        if (pct >= 0) {
            end = pct;
        }
        byte[] out = new byte[16];
        int groupCount = 0;
        int doubleColonAt = -1;
        int i = 0;
        if (end >= 2 && s.charAt(0) == ':' && s.charAt(1) == ':') {
            doubleColonAt = 0;
            i = 2;
            if (end == 2) {
                return out;
            }
        } else if (end > 0 && s.charAt(0) == ':') {
            return null;
        }
        while (i < end) {
            if (groupCount >= 8) {
                return null;
            }
            int start = i;
            int value = 0;
            while (i < end && hexValue(s.charAt(i)) >= 0) {
                value = (value << 4) | hexValue(s.charAt(i));
                i++;
                if (i - start > 4) {
                    return null;
                }
            }
            if (i < end && s.charAt(i) == '.') {
                // Embedded IPv4 in the last 32 bits.
                if (groupCount > 6) {
                    return null;
                }
                byte[] v4 = parseIpv4(s, start, end);
                if (v4 == null) {
                    return null;
                }
                System.arraycopy(v4, 0, out, groupCount * 2, 4);
                groupCount += 2;
                i = end;
                break;
            }
            if (i == start) {
                return null;
            }
            out[groupCount * 2] = (byte) (value >> 8);
            out[groupCount * 2 + 1] = (byte) value;
            groupCount++;
            if (i == end) {
                break;
            }
            if (s.charAt(i) != ':') {
                return null;
            }
            i++;
            if (i < end && s.charAt(i) == ':') {
                if (doubleColonAt >= 0) {
                    return null;
                }
                doubleColonAt = groupCount;
                i++;
                if (i == end) {
                    break;
                }
            } else if (i == end) {
                return null;
            }
        }
        if (doubleColonAt >= 0) {
            if (groupCount >= 8) {
                return null;
            }
            int move = groupCount - doubleColonAt;
            int gap = 8 - groupCount;
            for (int k = move - 1; k >= 0; k--) {
                out[(doubleColonAt + gap + k) * 2] = out[(doubleColonAt + k) * 2];
                out[(doubleColonAt + gap + k) * 2 + 1] = out[(doubleColonAt + k) * 2 + 1];
            }
            for (int k = doubleColonAt; k < doubleColonAt + gap; k++) {
                out[k * 2] = 0;
                out[k * 2 + 1] = 0;
            }
        } else if (groupCount != 8) {
            return null;
        }
        return out;
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static boolean isIpv4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }
}
