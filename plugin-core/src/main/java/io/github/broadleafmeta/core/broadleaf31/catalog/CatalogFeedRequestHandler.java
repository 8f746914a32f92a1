package io.github.broadleafmeta.core.broadleaf31.catalog;

import io.github.broadleafmeta.core.catalog.CatalogFeed;
import io.github.broadleafmeta.core.catalog.CatalogSettings;
import io.github.broadleafmeta.core.catalog.FeedFormat;
import io.github.broadleafmeta.core.runtime.PluginCpuMeter;
import io.github.broadleafmeta.core.tracking.SettingsSnapshots;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.web.HttpRequestHandler;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Serves the catalog feed (mapped by {@link CatalogFeedHandlerMapping}). Access: the {@code token} query parameter or
 * basic auth, compared in constant time; a wrong or missing one gets 401 (basic auth configured: the client may ask
 * the user) or 404 (token only: the feed's existence stays hidden). {@code ?format=csv|tsv|xml} overrides the format
 * setting. Neither the token nor the request's query string is ever logged.
 */
public class CatalogFeedRequestHandler implements HttpRequestHandler {

    private static final Log LOG = LogFactory.getLog(CatalogFeedRequestHandler.class);

    private final SettingsSnapshots settings;
    private final CatalogFeed feed;
    private final PersistenceContextScope scope;
    private final AtomicBoolean warnedUnprotected = new AtomicBoolean();

    public CatalogFeedRequestHandler(SettingsSnapshots settings, CatalogFeed feed, PersistenceContextScope scope) {
        this.settings = settings;
        this.feed = feed;
        this.scope = scope;
    }

    @Override
    public void handleRequest(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean metered = PluginCpuMeter.enter();
        try {
            CatalogSettings s = settings.current().catalog();
            if (!s.feedEnabled()) {
                response.sendError(HttpServletResponse.SC_NOT_FOUND);
                return;
            }
            if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
                response.setHeader("Allow", "GET, HEAD");
                response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
                return;
            }
            if (!s.accessAllowed(request.getParameter("token"), request.getHeader("Authorization"))) {
                if (s.basicAuthConfigured()) {
                    response.setHeader("WWW-Authenticate", "Basic realm=\"Meta catalog feed\", charset=\"UTF-8\"");
                    response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
                } else {
                    response.sendError(HttpServletResponse.SC_NOT_FOUND);
                }
                return;
            }
            if (!s.feedProtected() && warnedUnprotected.compareAndSet(false, true)) {
                LOG.warn("The Meta catalog feed is served without a token or basic auth: anyone who knows its path can "
                        + "read the catalog. Set meta.catalog.feed.token or meta.catalog.feed.username/password.");
            }
            FeedFormat format = s.feedFormat();
            String asked = request.getParameter("format");
            if (asked != null) {
                format = FeedFormat.parse(asked);
                if (format == null) {
                    response.setContentType("text/plain;charset=UTF-8");
                    response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
                    response.getWriter().write("format must be csv, tsv or xml\n");
                    return;
                }
            }
            String baseUrl = s.baseUrl() != null ? s.baseUrl() : requestBaseUrl(request);
            response.setContentType(format.mediaType() + ";charset=UTF-8");
            response.setHeader("Cache-Control", "no-store");
            response.setHeader("Content-Disposition", "inline; filename=\"meta-catalog." + format.fileExtension()
                    + "\"");
            response.setHeader("X-Content-Type-Options", "nosniff");
            if ("HEAD".equals(request.getMethod())) {
                return;
            }
            FeedFormat chosen = format;
            try {
                scope.run(() -> {
                    Writer out = new BufferedWriter(new OutputStreamWriter(response.getOutputStream(),
                            StandardCharsets.UTF_8), 16384);
                    feed.write(s, chosen, baseUrl, out);
                    return null;
                });
            } catch (IOException e) {
                throw e;
            } catch (Exception e) {
                // Rows already sent cannot be taken back; a truncated feed is refused by Meta's parser.
                LOG.error("Meta catalog feed failed: " + e.getClass().getName() + ": " + e.getMessage());
                if (!response.isCommitted()) {
                    response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
                }
            }
        } finally {
            PluginCpuMeter.exit(metered);
        }
    }

    /** scheme://host[:port]/context, when no base URL is configured. */
    static String requestBaseUrl(HttpServletRequest request) {
        String scheme = request.getScheme();
        int port = request.getServerPort();
        boolean defaultPort = ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
        return scheme + "://" + request.getServerName() + (defaultPort ? "" : ":" + port) + request.getContextPath();
    }
}
