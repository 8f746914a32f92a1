package io.github.broadleafmeta.store.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * Benchmark-mode measurements of single storefront requests; does nothing unless {@link BenchMode} is on.
 *
 * <p>API (two HTTP calls): send a request with the header {@code X-Bench-Id: <your id>}; then
 * {@code GET /bench/request-counts?id=<your id>} answers JSON
 * {@code {"id","method","uri","status","plugin":{statements,writes,commits,rollbacks,connections},"host":{...},
 * "maxConnectionsHeld"}} (see {@link JdbcCounts}), waiting up to 5 s for that request to finish, or 404. The last
 * 1,000 measured requests are kept. Requests without the header are not measured and pay nothing. The filter must
 * come first in web.xml so the whole request is measured.
 */
public class BenchRequestFilter implements Filter {

    public static final String ID_HEADER = "X-Bench-Id";
    public static final String ENDPOINT = "/bench/request-counts";
    private static final int KEPT = 1000;
    private static final long WAIT_MILLIS = 5000;

    private final Map<String, String> measured = new LinkedHashMap<String, String>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > KEPT;
        }
    };
    private boolean enabled;

    @Override
    public void init(FilterConfig config) {
        enabled = BenchMode.enabled();
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        if (!enabled) {
            chain.doFilter(req, resp);
            return;
        }
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) resp;
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (ENDPOINT.equals(path)) {
            answer(request.getParameter("id"), response);
            return;
        }
        String id = request.getHeader(ID_HEADER);
        if (id == null || id.isEmpty()) {
            chain.doFilter(req, resp);
            return;
        }
        CountingDataSource.begin();
        try {
            chain.doFilter(req, resp);
        } finally {
            JdbcCounts counts = CountingDataSource.end();
            StringBuilder json = new StringBuilder(256);
            json.append("{\"id\":");
            Json.string(json, id);
            json.append(",\"method\":");
            Json.string(json, request.getMethod());
            json.append(",\"uri\":");
            Json.string(json, path);
            json.append(",\"status\":").append(response.getStatus()).append(',');
            counts.appendJson(json);
            json.append('}');
            synchronized (measured) {
                measured.put(id, json.toString());
                measured.notifyAll();
            }
        }
    }

    private void answer(String id, HttpServletResponse response) throws IOException {
        String json = null;
        if (id != null) {
            long deadline = System.currentTimeMillis() + WAIT_MILLIS;
            synchronized (measured) {
                // The client may ask as soon as the response arrived, before this filter's finally ran.
                while ((json = measured.get(id)) == null && System.currentTimeMillis() < deadline) {
                    try {
                        measured.wait(Math.max(1, deadline - System.currentTimeMillis()));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
        }
        response.setContentType("application/json;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        if (json == null) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            json = "{\"error\":\"no measured request with that id (send the X-Bench-Id header)\"}";
        }
        PrintWriter out = response.getWriter();
        out.write(json);
        out.flush();
    }

    @Override
    public void destroy() {
    }
}
