package io.github.broadleafmeta.core.broadleaf31.alert;

import io.github.broadleafmeta.core.alert.AlertSettings;
import io.github.broadleafmeta.core.alert.HealthCheck;
import io.github.broadleafmeta.core.runtime.PluginCpuMeter;
import org.springframework.web.servlet.handler.AbstractHandlerMapping;

import javax.servlet.http.HttpServletRequest;

/**
 * Maps the health path (setting {@code meta.health.path}, default {@code /meta/health}, read per request) to the
 * {@link HealthRequestHandler} while {@code meta.health.enabled} is true; maps nothing otherwise, so the store
 * answers 404 as for any unknown page. Found by the storefront's DispatcherServlet in the root context, like the
 * catalog feed's mapping.
 */
public class HealthHandlerMapping extends AbstractHandlerMapping {

    private final HealthCheck health;
    private final HealthRequestHandler handler;

    public HealthHandlerMapping(HealthCheck health, HealthRequestHandler handler) {
        this.health = health;
        this.handler = handler;
        setOrder(-100);
    }

    @Override
    protected Object getHandlerInternal(HttpServletRequest request) {
        boolean metered = PluginCpuMeter.enter();
        try {
            AlertSettings s;
            try {
                s = health.settings();
            } catch (RuntimeException e) {
                return null;
            }
            if (!s.healthEnabled()) {
                return null;
            }
            String path = getUrlPathHelper().getLookupPathForRequest(request);
            return s.healthPath().equals(path) ? handler : null;
        } finally {
            PluginCpuMeter.exit(metered);
        }
    }
}
