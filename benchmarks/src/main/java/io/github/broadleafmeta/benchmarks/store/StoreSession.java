package io.github.broadleafmeta.benchmarks.store;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One shopper's browser session against the sample store over plain HTTP: a browser's cookie jar
 * ({@link BrowserCookieJar}), no redirect following,
 * forms submitted with the fields the page rendered (CSRF token included). Each call can carry the store's bench
 * headers ({@code X-Bench-Id}, {@code X-Bench-Jdbc}); {@link Page#nanos} is the client-side time of the exchange.
 */
public final class StoreSession {

    /** A desktop browser's user agent: Java's own counts as a bot and the plugin would skip its work. */
    static final String USER_AGENT =
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";

    private final URI base;
    private final HttpClient http;
    private String referer;

    public StoreSession(String siteUrl) {
        this.base = URI.create(siteUrl.endsWith("/") ? siteUrl : siteUrl + "/");
        this.http = HttpClient.newBuilder().cookieHandler(new BrowserCookieJar())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10))
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    /** What the store's bench filter should do with one request: measure it under {@code id}, count JDBC or not. */
    public record Bench(String id, boolean countJdbc, boolean trace) {
        public static final Bench NONE = new Bench(null, false, false);

        public Bench(String id, boolean countJdbc) {
            this(id, countJdbc, false);
        }
    }

    public Page get(String path, Bench bench) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(resolve(path)).GET(), bench);
    }

    public Page submit(Element form, Map<String, String> values, Bench bench)
            throws IOException, InterruptedException {
        Map<String, String> fields = new LinkedHashMap<>();
        for (Element input : form.select("input[name], select[name], textarea[name]")) {
            String value = input.tagName().equals("select")
                    ? input.select("option[selected]").isEmpty() ? input.select("option").first().val()
                            : input.select("option[selected]").first().val()
                    : input.val();
            fields.put(input.attr("name"), value);
        }
        fields.putAll(values);
        StringJoiner body = new StringJoiner("&");
        fields.forEach((k, v) -> body.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v == null ? "" : v, StandardCharsets.UTF_8)));
        String action = form.attr("action");
        return send(HttpRequest.newBuilder(resolve(action.isEmpty() ? "/" : action))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())), bench);
    }

    public Page post(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(resolve(path)).POST(HttpRequest.BodyPublishers.noBody()), Bench.NONE);
    }

    private URI resolve(String path) {
        if (path.startsWith("http://") || path.startsWith("https://")) {
            return URI.create(path);
        }
        return base.resolve(path.startsWith("/") ? path.substring(1) : path);
    }

    private Page send(HttpRequest.Builder request, Bench bench) throws IOException, InterruptedException {
        request.header("User-Agent", USER_AGENT).timeout(Duration.ofSeconds(60));
        if (referer != null) {
            request.header("Referer", referer);
        }
        if (bench.id() != null) {
            request.header("X-Bench-Id", bench.id());
            if (!bench.countJdbc()) {
                request.header("X-Bench-Jdbc", "off");
            }
            if (bench.trace()) {
                request.header("X-Bench-Trace", "on");
            }
        }
        HttpRequest built = request.build();
        long start = System.nanoTime();
        HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        long nanos = System.nanoTime() - start;
        if (built.method().equals("GET")) {
            referer = response.uri().toString();
        }
        return new Page(response, nanos);
    }

    /** One response. */
    public static final class Page {
        public final int status;
        public final String body;
        public final String location;
        public final long nanos;
        private final String uri;
        private Document html;

        Page(HttpResponse<String> response, long nanos) {
            this.status = response.statusCode();
            this.body = response.body();
            this.location = response.headers().firstValue("Location").orElse(null);
            this.uri = response.uri().toString();
            this.nanos = nanos;
        }

        public boolean isRedirect() {
            return status == 301 || status == 302 || status == 303;
        }

        public Document html() {
            if (html == null) {
                html = Jsoup.parse(body, uri);
            }
            return html;
        }

        public Element one(String css) {
            Element e = html().selectFirst(css);
            if (e == null) {
                throw new IllegalStateException("No element '" + css + "' on " + uri + " (HTTP " + status + "): "
                        + (body.length() > 1500 ? body.substring(0, 1500) : body));
            }
            return e;
        }
    }
}
