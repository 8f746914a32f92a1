package io.github.broadleafmeta.theme.dialect;

import io.github.broadleafmeta.theme.render.CacheSafeRenderer;
import io.github.broadleafmeta.theme.render.PixelPageModel;
import io.github.broadleafmeta.theme.render.PixelSnippetRenderer;
import io.github.broadleafmeta.theme.spi.MetaPageDataSource;

import javax.servlet.http.HttpServletRequest;
import org.thymeleaf.Arguments;
import org.thymeleaf.dom.Element;

/**
 * {@code <meta:head/>}: the whole pixel snippet of the page (loader, consent, LDU, inits, PageView and pending
 * events), from {@link MetaPageDataSource#headModel(HttpServletRequest)}. Put it once in the shared
 * {@code <head>}; it renders nothing when the data source returns null or no pixels. The request's CSP nonce,
 * when present, replaces the model's.
 *
 * <p>Cache-safe mode ({@link MetaPageDataSource#cacheSafe}): only the loader tag
 * ({@value #CACHE_SAFE_LOADER_PATH} under the context path) with the pixel-state endpoint's URL
 * ({@value #PIXEL_STATE_PATH}); the shopper's pixel state comes from there.
 */
public class MetaHeadProcessor extends AbstractMetaScriptProcessor {

    public static final String ELEMENT_NAME = "head";
    /** Where the store serves the plugin's scripts ({@code classpath:/meta_pixel/js/}) plus the loader's name. */
    public static final String CACHE_SAFE_LOADER_PATH = "/meta_pixel/js/meta-pixel-cache-safe.js";
    /** The pixel-state endpoint (never cached). */
    public static final String PIXEL_STATE_PATH = "/meta/pixel-state";

    public MetaHeadProcessor(MetaPageDataSource dataSource, PixelSnippetRenderer renderer, String nonceAttribute) {
        super(ELEMENT_NAME, dataSource, renderer, nonceAttribute);
    }

    @Override
    protected String render(Arguments arguments, Element element, HttpServletRequest request, String nonce) {
        if (dataSource.cacheSafe(request)) {
            String context = request.getContextPath() == null ? "" : request.getContextPath();
            return AbstractTrackCallProcessor.CACHE_SAFE.head(context + CACHE_SAFE_LOADER_PATH,
                    context + PIXEL_STATE_PATH, nonce);
        }
        PixelPageModel model = dataSource.headModel(request);
        if (model == null || !model.hasPixels()) {
            return null;
        }
        if (nonce != null) {
            model = model.toBuilder().nonce(nonce).build();
        }
        return renderer.renderHead(model);
    }
}
