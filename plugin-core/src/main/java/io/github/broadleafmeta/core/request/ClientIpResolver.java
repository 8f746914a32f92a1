package io.github.broadleafmeta.core.request;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Finds the shopper's IP address for {@code user_data.client_ip_address}.
 *
 * <p>Forwarding headers are believed only when the direct peer is one of the configured trusted proxies;
 * otherwise anybody could claim any address. With a trusted peer, the {@code Forwarded} header (RFC 7239) is used
 * when it has at least one {@code for=} value, else {@code X-Forwarded-For}. The chain is walked right to left and
 * trusted proxies are skipped; the first untrusted hop is the client. When that hop is unusable ({@code unknown},
 * an obfuscated {@code _id}, garbage) the answer is null: sending a proxy's address for every shopper would be
 * worse than sending none. When every hop is trusted, the leftmost one is the origin (an internal caller).
 *
 * <p>Only literal parsing ({@link IpAddresses}); never a DNS lookup. Immutable and thread-safe.
 */
public final class ClientIpResolver {

    /** Headers with more hops than this are cut: nobody has that many proxies, but an attacker has that many bytes. */
    private static final int MAX_HOPS = 32;

    private static final ClientIpResolver NO_TRUSTED_PROXIES = new ClientIpResolver(Collections.<String>emptyList());

    private final List<Cidr> trusted;

    /**
     * @param trustedProxies IPs and CIDR ranges ({@code 10.0.0.0/8}, {@code 2001:db8::/32}, {@code 127.0.0.1})
     * @throws IllegalArgumentException naming the first entry that is neither
     */
    public ClientIpResolver(List<String> trustedProxies) {
        List<Cidr> list = new ArrayList<Cidr>();
        if (trustedProxies != null) {
            for (String entry : trustedProxies) {
                if (entry == null || entry.trim().isEmpty()) {
                    continue;
                }
                list.add(Cidr.parse(entry.trim()));
            }
        }
        this.trusted = Collections.unmodifiableList(list);
    }

    /** A resolver that trusts no proxy: the direct peer is always the client. */
    public static ClientIpResolver noTrustedProxies() {
        return NO_TRUSTED_PROXIES;
    }

    /** Builds a resolver from the {@code meta.request.trustedProxies} setting: entries separated by commas or spaces. */
    public static ClientIpResolver fromSetting(String commaSeparated) {
        List<String> entries = new ArrayList<String>();
        if (commaSeparated != null) {
            for (String part : commaSeparated.split("[,\\s]+")) {
                if (!part.isEmpty()) {
                    entries.add(part);
                }
            }
        }
        return new ClientIpResolver(entries);
    }

    /**
     * @param remoteAddr    the socket peer (servlet {@code getRemoteAddr()}), may carry a port or brackets
     * @param xForwardedFor every {@code X-Forwarded-For} header value in arrival order (may be null)
     * @param forwarded     every {@code Forwarded} header value in arrival order (may be null)
     * @return the client's address in canonical form, or null when it cannot be known
     */
    public String resolve(String remoteAddr, List<String> xForwardedFor, List<String> forwarded) {
        byte[] peer = IpAddresses.parse(IpAddresses.normalizeHostPort(remoteAddr));
        if (peer == null) {
            return null;
        }
        if (!isTrusted(peer)) {
            return IpAddresses.format(peer);
        }
        List<String> hops = forwardedForValues(forwarded);
        if (hops.isEmpty()) {
            hops = xForwardedForValues(xForwardedFor);
        }
        if (hops.isEmpty()) {
            return IpAddresses.format(peer);
        }
        byte[] last = null;
        for (int i = hops.size() - 1; i >= 0; i--) {
            byte[] hop = IpAddresses.parse(IpAddresses.normalizeHostPort(hops.get(i)));
            if (hop == null) {
                return null;
            }
            if (!isTrusted(hop)) {
                return IpAddresses.format(hop);
            }
            last = hop;
        }
        return IpAddresses.format(last);
    }

    /** True when the canonical or host:port literal {@code ip} is inside a trusted range. */
    public boolean isTrustedProxy(String ip) {
        byte[] a = IpAddresses.parse(IpAddresses.normalizeHostPort(ip));
        return a != null && isTrusted(a);
    }

    private boolean isTrusted(byte[] address) {
        for (int i = 0; i < trusted.size(); i++) {
            if (trusted.get(i).contains(address)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> xForwardedForValues(List<String> headers) {
        List<String> hops = new ArrayList<String>();
        if (headers == null) {
            return hops;
        }
        for (String header : headers) {
            if (header == null) {
                continue;
            }
            int start = 0;
            int n = header.length();
            for (int i = 0; i <= n; i++) {
                if (i == n || header.charAt(i) == ',') {
                    String hop = header.substring(start, i).trim();
                    if (!hop.isEmpty()) {
                        addBounded(hops, hop);
                    }
                    start = i + 1;
                }
            }
        }
        return hops;
    }

    /** The {@code for=} values of RFC 7239 {@code Forwarded} headers, unquoted, in order. */
    static List<String> forwardedForValues(List<String> headers) {
        List<String> hops = new ArrayList<String>();
        if (headers == null) {
            return hops;
        }
        for (String header : headers) {
            if (header == null) {
                continue;
            }
            int i = 0;
            int n = header.length();
            while (i < n) {
                // One forwarded-pair: token "=" ( token / quoted-string ); pairs end at ';' and elements at ','.
                while (i < n && (header.charAt(i) == ' ' || header.charAt(i) == '\t' || header.charAt(i) == ';'
                        || header.charAt(i) == ',')) {
                    i++;
                }
                int nameStart = i;
                while (i < n && header.charAt(i) != '=' && header.charAt(i) != ';' && header.charAt(i) != ',') {
                    i++;
                }
                String name = header.substring(nameStart, i).trim();
                if (i >= n || header.charAt(i) != '=') {
                    continue;
                }
                i++;
                // RFC 7239 allows no blanks around '=', but some proxies write them; tolerate them.
                while (i < n && (header.charAt(i) == ' ' || header.charAt(i) == '\t')) {
                    i++;
                }
                String value;
                if (i < n && header.charAt(i) == '"') {
                    StringBuilder sb = new StringBuilder();
                    i++;
                    while (i < n && header.charAt(i) != '"') {
                        char c = header.charAt(i);
                        if (c == '\\' && i + 1 < n) {
                            i++;
                            c = header.charAt(i);
                        }
                        sb.append(c);
                        i++;
                    }
                    i++;
                    value = sb.toString();
                } else {
                    int valueStart = i;
                    while (i < n && header.charAt(i) != ';' && header.charAt(i) != ',') {
                        i++;
                    }
                    value = header.substring(valueStart, i).trim();
                }
                if ("for".equalsIgnoreCase(name)) {
                    addBounded(hops, value);
                }
            }
        }
        return hops;
    }

    private static void addBounded(List<String> hops, String hop) {
        // Keep the rightmost hops: those are the ones added by our own proxies.
        if (hops.size() == MAX_HOPS) {
            hops.remove(0);
        }
        hops.add(hop);
    }

    @Override
    public String toString() {
        return "ClientIpResolver{trustedProxies=" + trusted + "}";
    }

    /** An address range; a plain address is a range with the full prefix length. */
    static final class Cidr {
        private final byte[] network;
        private final int prefixLength;
        private final String text;

        private Cidr(byte[] network, int prefixLength, String text) {
            this.network = network;
            this.prefixLength = prefixLength;
            this.text = text;
        }

        static Cidr parse(String entry) {
            int slash = entry.indexOf('/');
            String address = slash < 0 ? entry : entry.substring(0, slash);
            byte[] bytes = IpAddresses.parse(address);
            if (bytes == null) {
                throw new IllegalArgumentException("Trusted proxy '" + entry
                        + "' is not an IPv4/IPv6 address or CIDR range (host names are not accepted)");
            }
            int max = bytes.length * 8;
            int prefix = max;
            if (slash >= 0) {
                String p = entry.substring(slash + 1);
                if (p.isEmpty() || p.length() > 3 || !isDigits(p)) {
                    throw new IllegalArgumentException("Trusted proxy '" + entry + "' has an invalid prefix length");
                }
                prefix = Integer.parseInt(p);
                // An IPv4-mapped IPv6 range (::ffff:10.0.0.0/104) was parsed to 4 bytes: shift its prefix.
                if (bytes.length == 4 && address.indexOf(':') >= 0) {
                    prefix -= 96;
                }
                if (prefix < 0 || prefix > max) {
                    throw new IllegalArgumentException("Trusted proxy '" + entry + "' has a prefix length outside 0.."
                            + max);
                }
            }
            return new Cidr(bytes, prefix, entry);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int fullBytes = prefixLength / 8;
            for (int i = 0; i < fullBytes; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefixLength % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[fullBytes] & mask) == (network[fullBytes] & mask);
        }

        private static boolean isDigits(String s) {
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
