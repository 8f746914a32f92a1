package io.github.broadleafmeta.benchmarks.store;

import java.net.CookieHandler;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The cookie jar of one shopper on one store, kept the way a browser keeps it: every {@code Set-Cookie} stored by
 * name and sent back on every later request, until the store deletes it ({@code Max-Age=0}).
 *
 * <p>Why not {@link java.net.CookieManager}: it drops a cookie that carries both {@code Expires} and
 * {@code Max-Age}, which is how Jetty writes every persistent cookie. The plugin's {@code _fbp} was then never sent
 * back, so each request minted and set a new one: work no browser causes, charged to the plugin's CPU.
 * Domain and path are ignored: a bench session talks to one store, whose cookies all have the path {@code /}.
 */
final class BrowserCookieJar extends CookieHandler {

    private final Map<String, String> cookies = new LinkedHashMap<>();

    @Override
    public synchronized Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) {
        if (cookies.isEmpty()) {
            return Map.of();
        }
        StringBuilder header = new StringBuilder();
        cookies.forEach((name, value) -> header.append(header.length() == 0 ? "" : "; ").append(name).append('=')
                .append(value));
        return Map.of("Cookie", List.of(header.toString()));
    }

    @Override
    public synchronized void put(URI uri, Map<String, List<String>> responseHeaders) {
        responseHeaders.forEach((header, values) -> {
            if (header != null && header.equalsIgnoreCase("Set-Cookie")) {
                values.forEach(this::store);
            }
        });
    }

    private void store(String setCookie) {
        String[] parts = setCookie.split(";");
        int eq = parts[0].indexOf('=');
        if (eq <= 0) {
            return;
        }
        String name = parts[0].substring(0, eq).trim();
        String value = parts[0].substring(eq + 1).trim();
        for (int i = 1; i < parts.length; i++) {
            String attribute = parts[i].trim().toLowerCase(Locale.ROOT);
            if (attribute.startsWith("max-age=") && expired(attribute.substring("max-age=".length()).trim())) {
                cookies.remove(name);
                return;
            }
        }
        cookies.put(name, value);
    }

    private static boolean expired(String maxAge) {
        try {
            return Long.parseLong(maxAge) <= 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
