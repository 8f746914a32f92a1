package io.github.broadleafmeta.core.broadleaf31.catalog;

import io.github.broadleafmeta.core.catalog.CatalogSettings;
import io.github.broadleafmeta.core.runtime.PluginCpuMeter;
import io.github.broadleafmeta.core.tracking.SettingsSnapshots;
import org.springframework.web.servlet.handler.AbstractHandlerMapping;

import javax.servlet.http.HttpServletRequest;

/**
 * Maps the feed path (setting {@code meta.catalog.feed.path}, read per request so admin edits apply live) to the
 * {@link CatalogFeedRequestHandler} while the feed is enabled; maps nothing otherwise, so the store answers 404 as
 * for any unknown page. Declared in the site's root context, the storefront's DispatcherServlet finds it there;
 * its order puts it before the store's own mappings.
 */
public class CatalogFeedHandlerMapping extends AbstractHandlerMapping {

    private final SettingsSnapshots settings;
    private final CatalogFeedRequestHandler handler;

    public CatalogFeedHandlerMapping(SettingsSnapshots settings, CatalogFeedRequestHandler handler) {
        this.settings = settings;
        this.handler = handler;
        setOrder(-100);
    }

    @Override
    protected Object getHandlerInternal(HttpServletRequest request) {
        boolean metered = PluginCpuMeter.enter();
        try {
            CatalogSettings s;
            try {
                s = settings.current().catalog();
            } catch (RuntimeException e) {
                return null; // the store's page mapping goes on; tracking problems never break a page
            }
            if (!s.feedEnabled()) {
                return null;
            }
            String path = getUrlPathHelper().getLookupPathForRequest(request);
            return s.feedPath().equals(path) ? handler : null;
        } finally {
            PluginCpuMeter.exit(metered);
        }
    }
}
