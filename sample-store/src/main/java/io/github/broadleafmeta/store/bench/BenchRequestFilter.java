package io.github.broadleafmeta.store.bench;

import io.github.broadleafmeta.core.runtime.PluginCpuMeter;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
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
 * {@code {"id","method","uri","status","cpuNanos","allocatedBytes","pluginCpuNanos","pluginEntries",
 * "plugin":{statements,writes,commits,rollbacks,connections},"host":{...},"maxConnectionsHeld"}} (see
 * {@link JdbcCounts}), waiting up to 5 s for that request to finish, or 404. {@code cpuNanos} and
 * {@code allocatedBytes} are the request thread's, from ThreadMXBean, for the whole request (-1 where the JVM cannot
 * tell). {@code pluginCpuNanos} is the part of that CPU spent inside the plugin's entry points and
 * {@code pluginEntries} how often the request entered them (outermost entries only), from {@link PluginCpuMeter},
 * which bench mode switches on ({@code pluginCpuNanos} -1 where the JVM cannot tell): the plugin's own cost, measured
 * directly instead of as the difference of two whole-request figures. The header {@code X-Bench-Jdbc: off} skips the
 * JDBC counts (their stack walks cost CPU, inside the plugin's entry points too) so a request's CPU, plugin CPU and
 * allocation are measured clean; {@code X-Bench-Trace: on} adds {@code "trace"}, one line per JDBC operation (side,
 * operation, first 80 characters of its SQL, the plugin frame that made it the plugin's), to check the attribution.
 * The last 1,000 measured requests are kept. Requests without the header are not measured and pay nothing here
 * (while bench mode is on, the plugin's entry points still read the thread's CPU clock). The filter must come first
 * in web.xml so the whole request is measured.
 *
 * <p>{@code POST /bench/property?name=meta.…&value=…} (loopback only; {@code value} absent clears it) sets a
 * {@code meta.*} system property of the store's JVM, which the plugin reads as its environment setting: the
 * benchmark driver switches the plugin on and off and moves its Graph API URL without a restart.
 *
 * <p>{@code GET /bench/jit} answers {@code {"compilationMillis":N}}: the JIT compilers' total time so far
 * (CompilationMXBean; -1 where the JVM cannot tell), so a driver can warm up until compilation has died down.
 */
public class BenchRequestFilter implements Filter {

    public static final String ID_HEADER = "X-Bench-Id";
    public static final String JDBC_HEADER = "X-Bench-Jdbc";
    public static final String TRACE_HEADER = "X-Bench-Trace";
    public static final String ENDPOINT = "/bench/request-counts";
    public static final String PROPERTY_ENDPOINT = "/bench/property";
    public static final String JIT_ENDPOINT = "/bench/jit";
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
        if (enabled) {
            PluginCpuMeter.enable();
        }
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
        if (PROPERTY_ENDPOINT.equals(path)) {
            setProperty(request, response);
            return;
        }
        if (JIT_ENDPOINT.equals(path)) {
            CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
            long millis = jit != null && jit.isCompilationTimeMonitoringSupported()
                    ? jit.getTotalCompilationTime() : -1;
            response.setContentType("application/json");
            response.getWriter().write("{\"compilationMillis\":" + millis + "}");
            return;
        }
        String id = request.getHeader(ID_HEADER);
        if (id == null || id.isEmpty()) {
            chain.doFilter(req, resp);
            return;
        }
        boolean countJdbc = !"off".equalsIgnoreCase(request.getHeader(JDBC_HEADER));
        if (countJdbc) {
            CountingDataSource.begin("on".equalsIgnoreCase(request.getHeader(TRACE_HEADER)));
        }
        long allocatedBefore = allocatedBytes();
        // Whatever this thread metered before (a previous request's end) is not this request's.
        PluginCpuMeter.takeThreadTotals();
        long cpuBefore = cpuNanos();
        try {
            chain.doFilter(req, resp);
        } finally {
            long cpu = cpuBefore < 0 ? -1 : cpuNanos() - cpuBefore;
            PluginCpuMeter.Reading plugin = PluginCpuMeter.takeThreadTotals();
            long allocated = allocatedBefore < 0 ? -1 : allocatedBytes() - allocatedBefore;
            JdbcCounts counts = countJdbc ? CountingDataSource.end() : null;
            StringBuilder json = new StringBuilder(256);
            json.append("{\"id\":");
            Json.string(json, id);
            json.append(",\"method\":");
            Json.string(json, request.getMethod());
            json.append(",\"uri\":");
            Json.string(json, path);
            json.append(",\"status\":").append(response.getStatus());
            json.append(",\"cpuNanos\":").append(cpu).append(",\"allocatedBytes\":").append(allocated);
            json.append(",\"pluginCpuNanos\":").append(plugin.cpuNanos())
                    .append(",\"pluginEntries\":").append(plugin.entries());
            if (counts != null) {
                json.append(',');
                counts.appendJson(json);
            }
            json.append('}');
            synchronized (measured) {
                measured.put(id, json.toString());
                measured.notifyAll();
            }
        }
    }

    private static long cpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : -1;
    }

    private static long allocatedBytes() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (threads instanceof com.sun.management.ThreadMXBean) {
            com.sun.management.ThreadMXBean hotspot = (com.sun.management.ThreadMXBean) threads;
            return hotspot.isThreadAllocatedMemorySupported()
                    ? hotspot.getThreadAllocatedBytes(Thread.currentThread().getId()) : -1;
        }
        return -1;
    }

    private static void setProperty(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name = request.getParameter("name");
        String remote = request.getRemoteAddr();
        boolean loopback = "127.0.0.1".equals(remote) || "0:0:0:0:0:0:0:1".equals(remote) || "::1".equals(remote);
        if (!"POST".equals(request.getMethod()) || !loopback || name == null || !name.startsWith("meta.")) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST,
                    "POST from loopback with name=meta.<setting> and value=<value> (no value clears it)");
            return;
        }
        String value = request.getParameter("value");
        if (value == null) {
            System.clearProperty(name);
        } else {
            System.setProperty(name, value);
        }
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
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
