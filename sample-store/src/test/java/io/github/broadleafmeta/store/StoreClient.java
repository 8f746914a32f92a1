package io.github.broadleafmeta.store;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A shopper's (or admin's) browser session over plain HTTP: one cookie jar, redirects shown to the test, forms
 * submitted with the fields the page rendered (CSRF token included) plus the test's values.
 */
final class StoreClient {

    /** A desktop browser's user agent: Java's own ("Java-http-client") counts as a bot. */
    static final String BROWSER_USER_AGENT =
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";

    private final URI base;
    private final HttpClient http;
    private final CookieManager cookies = new CookieManager();
    private String userAgent = BROWSER_USER_AGENT;
    private String referer;
    private String benchId;
    private boolean benchJdbcOff;

    StoreClient(String baseUrl) {
        this.base = URI.create(baseUrl);
        this.http = HttpClient.newBuilder().cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
    }

    StoreClient userAgent(String userAgent) {
        this.userAgent = userAgent;
        return this;
    }

    /** The Referer of the next request (afterwards, as a browser does, the page last fetched). */
    StoreClient referer(String url) {
        this.referer = url;
        return this;
    }

    /** Measures the next request in bench mode (header {@code X-Bench-Id}); read it with {@link RequestCounts}. */
    StoreClient benchId(String id) {
        this.benchId = id;
        return this;
    }

    /** The next measured request skips the JDBC counts (CPU and allocation measured without their cost). */
    StoreClient benchJdbcOff() {
        this.benchJdbcOff = true;
        return this;
    }

    /** The value of a cookie the site set, or null. */
    String cookie(String name) {
        for (HttpCookie c : cookies.getCookieStore().getCookies()) {
            if (c.getName().equals(name)) {
                return c.getValue();
            }
        }
        return null;
    }

    void setCookie(String name, String value) {
        HttpCookie cookie = new HttpCookie(name, value);
        cookie.setPath("/");
        cookie.setVersion(0);
        cookies.getCookieStore().add(base, cookie);
    }

    void removeCookie(String name) {
        for (HttpCookie c : cookies.getCookieStore().getCookies()) {
            if (c.getName().equals(name)) {
                cookies.getCookieStore().remove(base, c);
            }
        }
    }

    Page get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(resolve(path)).GET());
    }

    /** Follows redirects within the site, like a browser. */
    Page browse(String path) throws IOException, InterruptedException {
        Page page = get(path);
        for (int hops = 0; page.isRedirect() && hops < 5; hops++) {
            page = get(page.location());
        }
        return page;
    }

    /** Submits {@code form} with its own inputs (hidden ones, CSRF token, defaults) overridden by {@code values}. */
    Page submit(Element form, Map<String, String> values) throws IOException, InterruptedException {
        String action = form.attr("action");
        return post(action.isEmpty() ? "/" : action, fields(form, values));
    }

    /** Like {@link #submit}, but the way a page script posts it: {@code Accept: application/json}. */
    Page submitForJson(Element form, Map<String, String> values) throws IOException, InterruptedException {
        String action = form.attr("action");
        return post(action.isEmpty() ? "/" : action, fields(form, values), "application/json");
    }

    private static Map<String, String> fields(Element form, Map<String, String> values) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (Element input : form.select("input[name], select[name], textarea[name]")) {
            String value = input.tagName().equals("select")
                    ? input.select("option[selected]").isEmpty() ? input.select("option").first().val()
                            : input.select("option[selected]").first().val()
                    : input.val();
            fields.put(input.attr("name"), value);
        }
        fields.putAll(values);
        return fields;
    }

    /**
     * Submits {@code form} the way a browser does: unchecked checkboxes and radios send nothing, repeated names
     * send every value. Each entry of {@code values} replaces all values of that name.
     */
    Page submitLikeBrowser(Element form, Map<String, String> values) throws IOException, InterruptedException {
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        for (Element input : form.select("input[name], select[name], textarea[name]")) {
            String name = input.attr("name");
            if (values.containsKey(name)) {
                continue;
            }
            String type = input.attr("type").toLowerCase(java.util.Locale.ROOT);
            if ((type.equals("checkbox") || type.equals("radio")) && !input.hasAttr("checked")) {
                continue;
            }
            if (input.tagName().equals("select")) {
                Element selected = input.selectFirst("option[selected]");
                Element option = selected != null ? selected : input.selectFirst("option");
                if (option != null) {
                    fields.add(Map.entry(name, option.val()));
                }
            } else {
                fields.add(Map.entry(name, input.val()));
            }
        }
        values.forEach((k, v) -> fields.add(Map.entry(k, v == null ? "" : v)));
        StringJoiner body = new StringJoiner("&");
        for (Map.Entry<String, String> f : fields) {
            body.add(URLEncoder.encode(f.getKey(), StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(f.getValue(), StandardCharsets.UTF_8));
        }
        String action = form.attr("action");
        return send(HttpRequest.newBuilder(resolve(action.isEmpty() ? "/" : action))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    Page post(String path, Map<String, String> fields) throws IOException, InterruptedException {
        return post(path, fields, null);
    }

    private Page post(String path, Map<String, String> fields, String accept) throws IOException, InterruptedException {
        StringJoiner body = new StringJoiner("&");
        fields.forEach((k, v) -> body.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v == null ? "" : v, StandardCharsets.UTF_8)));
        HttpRequest.Builder request = HttpRequest.newBuilder(resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded");
        if (accept != null) {
            request.header("Accept", accept);
        }
        return send(request.POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    private URI resolve(String path) {
        if (path.startsWith("http://") || path.startsWith("https://")) {
            return URI.create(path);
        }
        // Admin paths are rendered with the /admin context path already; the base URL ends in /admin/.
        String basePath = base.getPath().endsWith("/") ? base.getPath() : base.getPath() + "/";
        String relative = path.startsWith(basePath) ? path.substring(basePath.length())
                : path.startsWith("/") ? path.substring(1) : path;
        return base.resolve(basePath + relative);
    }

    private Page send(HttpRequest.Builder request) throws IOException, InterruptedException {
        request.header("User-Agent", userAgent);
        if (referer != null) {
            request.header("Referer", referer);
        }
        if (benchId != null) {
            request.header("X-Bench-Id", benchId);
            if (benchJdbcOff) {
                request.header("X-Bench-Jdbc", "off");
            }
            benchId = null;
            benchJdbcOff = false;
        }
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.request().method().equals("GET")) {
            referer = response.uri().toString();
        }
        return new Page(response);
    }

    static final class Page {
        final int status;
        final String body;
        final String location;
        final String contentType;
        final Document html;

        Page(HttpResponse<String> response) {
            this.status = response.statusCode();
            this.body = response.body();
            this.location = response.headers().firstValue("Location").orElse(null);
            this.contentType = response.headers().firstValue("Content-Type").orElse("");
            this.html = Jsoup.parse(body, response.uri().toString());
        }

        boolean isRedirect() {
            return status == 301 || status == 302 || status == 303;
        }

        String location() {
            return location;
        }

        Element one(String css) {
            Element e = html.selectFirst(css);
            if (e == null) {
                throw new AssertionError("No element '" + css + "' on the page (HTTP " + status + "):\n"
                        + (body.length() > 3000 ? body.substring(0, 3000) : body));
            }
            return e;
        }

        String text(String css) {
            return one(css).text();
        }
    }
}
