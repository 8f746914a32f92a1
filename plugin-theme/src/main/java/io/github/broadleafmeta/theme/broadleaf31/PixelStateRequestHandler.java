package io.github.broadleafmeta.theme.broadleaf31;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.broadleafmeta.core.runtime.PluginCpuMeter;
import io.github.broadleafmeta.theme.render.CacheSafeRenderer;
import io.github.broadleafmeta.theme.render.PixelPageModel;
import io.github.broadleafmeta.theme.render.TrackCall;
import io.github.broadleafmeta.theme.spi.MetaPageDataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.web.HttpRequestHandler;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;
import javax.servlet.http.HttpServletResponse;

/**
 * {@code GET /meta/pixel-state?events=[...]} (cache-safe mode): the shopper's pixel state as JSON
 * ({@link CacheSafeRenderer#stateJson}): pixels with advanced matching (only with consent), consent, LDU, dataLayer
 * mode, and the events: a fresh PageView, the pending events of the session (drained) and the page's own events,
 * minted from the references the loader found in the page ({@code events}, a JSON array of objects of strings; at
 * most {@value #MAX_EVENTS}, malformed entries skipped). Each event's server copy is recorded now, through the
 * same path as a rendered tag, so the browser's eventID is the server's event_id.
 *
 * <p>Never cacheable ({@code Cache-Control: no-store, private}). 404 while cache-safe mode is off; 204 when the
 * plugin is inactive for this shopper (bots, no pixel). The events' {@code event_source_url} is the page's (the
 * same-host Referer), not this endpoint's. A request from another site (an image or link there) is refused with 403.
 */
public class PixelStateRequestHandler implements HttpRequestHandler {

    static final int MAX_EVENTS = 10;
    static final int MAX_EVENTS_PARAMETER_LENGTH = 8192;

    private static final Log LOG = LogFactory.getLog(PixelStateRequestHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MetaPageDataSource dataSource;
    private final CacheSafeRenderer renderer = new CacheSafeRenderer();

    public PixelStateRequestHandler(MetaPageDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void handleRequest(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean metered = PluginCpuMeter.enter();
        try {
            response.setHeader("Cache-Control", "no-store, private");
            response.setHeader("Pragma", "no-cache");
            response.setHeader("X-Content-Type-Options", "nosniff");
            if (!"GET".equals(request.getMethod())) {
                response.setHeader("Allow", "GET");
                response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
                return;
            }
            if (!dataSource.cacheSafe(request)) {
                response.sendError(HttpServletResponse.SC_NOT_FOUND);
                return;
            }
            if (!fromThisSite(request)) {
                // An image or link on another site would otherwise mint a PageView and page events for this shopper.
                response.sendError(HttpServletResponse.SC_FORBIDDEN);
                return;
            }
            HttpServletRequest page = new PageRequest(request);
            String json;
            try {
                PixelPageModel model = dataSource.headModel(page);
                if (model == null || !model.hasPixels()) {
                    response.setStatus(HttpServletResponse.SC_NO_CONTENT);
                    return;
                }
                PixelPageModel.Builder state = model.toBuilder();
                for (Map<String, String> reference : references(request.getParameter("events"))) {
                    try {
                        TrackCall call = dataSource.resolveCacheSafeEvent(page, reference);
                        if (call != null) {
                            state.addTrackCall(call);
                        }
                    } catch (RuntimeException e) {
                        // One bad reference costs its event only; the class name, never the message (customer data).
                        LOG.warn("Meta pixel state: a page event was dropped: " + e.getClass().getName());
                    }
                }
                json = renderer.stateJson(state.build());
            } catch (RuntimeException e) {
                LOG.warn("Meta pixel state failed: " + e.getClass().getName());
                response.setStatus(HttpServletResponse.SC_NO_CONTENT);
                return;
            }
            response.setContentType("application/json;charset=UTF-8");
            response.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
        } finally {
            PluginCpuMeter.exit(metered);
        }
    }

    /**
     * True for the loader's own request: {@code Sec-Fetch-Site: same-origin} where the browser sends that header,
     * else (older browsers) a Referer of this host.
     */
    static boolean fromThisSite(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null) {
            return "same-origin".equals(site);
        }
        return PageRequest.sameHostReferer(request) != null;
    }

    /** The references of the {@code events} parameter; empty when absent, too long or not a JSON array. */
    static List<Map<String, String>> references(String parameter) {
        if (parameter == null || parameter.isEmpty() || parameter.length() > MAX_EVENTS_PARAMETER_LENGTH) {
            return Collections.emptyList();
        }
        JsonNode array;
        try {
            array = JSON.readTree(parameter);
        } catch (IOException e) {
            return Collections.emptyList();
        }
        List<Map<String, String>> references = new ArrayList<Map<String, String>>();
        if (array == null || !array.isArray()) {
            return references;
        }
        for (JsonNode entry : array) {
            if (references.size() >= MAX_EVENTS) {
                break;
            }
            if (!entry.isObject()) {
                continue;
            }
            Map<String, String> reference = new LinkedHashMap<String, String>();
            for (Iterator<Map.Entry<String, JsonNode>> fields = entry.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getValue().isTextual()) {
                    reference.put(field.getKey(), field.getValue().asText());
                }
            }
            references.add(reference);
        }
        return references;
    }

    /** The request as the page it came from: the same-host Referer stands for the URL (event_source_url). */
    static final class PageRequest extends HttpServletRequestWrapper {
        private final URI page;

        PageRequest(HttpServletRequest request) {
            super(request);
            this.page = sameHostReferer(request);
        }

        static URI sameHostReferer(HttpServletRequest request) {
            String referer = request.getHeader("Referer");
            if (referer == null) {
                return null;
            }
            try {
                URI uri = new URI(referer);
                return uri.getHost() != null && uri.getHost().equalsIgnoreCase(request.getServerName())
                        && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) ? uri : null;
            } catch (URISyntaxException e) {
                return null;
            }
        }

        @Override
        public StringBuffer getRequestURL() {
            if (page == null) {
                return super.getRequestURL();
            }
            return new StringBuffer(page.getScheme()).append("://").append(page.getRawAuthority())
                    .append(page.getRawPath() == null ? "" : page.getRawPath());
        }

        @Override
        public String getQueryString() {
            return page == null ? super.getQueryString() : page.getRawQuery();
        }
    }
}
