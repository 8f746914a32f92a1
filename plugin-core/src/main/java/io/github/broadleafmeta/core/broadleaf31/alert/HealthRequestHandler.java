package io.github.broadleafmeta.core.broadleaf31.alert;

import io.github.broadleafmeta.core.alert.HealthCheck;
import io.github.broadleafmeta.core.alert.HealthReport;
import io.github.broadleafmeta.core.runtime.PluginCpuMeter;
import org.springframework.web.HttpRequestHandler;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Serves the health report as JSON. UP is HTTP 200. DEGRADED is 200 too unless {@code meta.health.degradedStatus}
 * is 503: every node shares the condition (Meta down, token refused), so a load balancer that checks this URL and
 * drops nodes on 503 would take the whole store offline for a tracking problem; a monitor that reads only status
 * codes can ask for 503. Reads come from a short cache (see {@code JdbcDeliveryHealth}), never from Meta.
 */
public class HealthRequestHandler implements HttpRequestHandler {

    private final HealthCheck health;

    public HealthRequestHandler(HealthCheck health) {
        this.health = health;
    }

    @Override
    public void handleRequest(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean metered = PluginCpuMeter.enter();
        try {
            if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
                response.setHeader("Allow", "GET, HEAD");
                response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
                return;
            }
            HealthReport report = health.report();
            byte[] body = report.toJson().getBytes(StandardCharsets.UTF_8);
            response.setStatus(report.up() ? HttpServletResponse.SC_OK : health.settings().healthDegradedStatus());
            response.setContentType("application/json;charset=UTF-8");
            response.setHeader("Cache-Control", "no-store");
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setContentLength(body.length);
            if ("HEAD".equals(request.getMethod())) {
                return;
            }
            try (OutputStream out = response.getOutputStream()) {
                out.write(body);
            }
        } finally {
            PluginCpuMeter.exit(metered);
        }
    }
}
