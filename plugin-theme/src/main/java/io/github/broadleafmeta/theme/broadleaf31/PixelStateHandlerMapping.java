package io.github.broadleafmeta.theme.broadleaf31;

import io.github.broadleafmeta.core.runtime.PluginCpuMeter;
import io.github.broadleafmeta.theme.dialect.MetaHeadProcessor;
import io.github.broadleafmeta.theme.spi.MetaPageDataSource;
import org.springframework.web.servlet.handler.AbstractHandlerMapping;

import javax.servlet.http.HttpServletRequest;

/**
 * Maps {@value MetaHeadProcessor#PIXEL_STATE_PATH} to the {@link PixelStateRequestHandler} while cache-safe mode is
 * on (read per request, so admin edits apply live); maps nothing otherwise, so the store answers 404 as for any
 * unknown page. Declared in the site's root context; its order puts it before the store's own mappings.
 */
public class PixelStateHandlerMapping extends AbstractHandlerMapping {

    private final MetaPageDataSource dataSource;
    private final PixelStateRequestHandler handler;

    public PixelStateHandlerMapping(MetaPageDataSource dataSource, PixelStateRequestHandler handler) {
        this.dataSource = dataSource;
        this.handler = handler;
        setOrder(-100);
    }

    @Override
    protected Object getHandlerInternal(HttpServletRequest request) {
        boolean metered = PluginCpuMeter.enter();
        try {
            String path = getUrlPathHelper().getLookupPathForRequest(request);
            if (!MetaHeadProcessor.PIXEL_STATE_PATH.equals(path)) {
                return null;
            }
            try {
                return dataSource.cacheSafe(request) ? handler : null;
            } catch (RuntimeException e) {
                return null; // the store's own mapping goes on; tracking problems never break a page
            }
        } finally {
            PluginCpuMeter.exit(metered);
        }
    }
}
