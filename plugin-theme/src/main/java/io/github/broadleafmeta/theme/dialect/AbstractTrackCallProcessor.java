package io.github.broadleafmeta.theme.dialect;

import io.github.broadleafmeta.theme.render.CacheSafeRenderer;
import io.github.broadleafmeta.theme.render.PixelSnippetRenderer;
import io.github.broadleafmeta.theme.render.TrackCall;
import io.github.broadleafmeta.theme.spi.MetaPageDataSource;

import java.util.LinkedHashMap;
import java.util.Map;
import javax.servlet.http.HttpServletRequest;
import org.thymeleaf.Arguments;
import org.thymeleaf.dom.Element;

/**
 * An event tag: renders the one track call the data source returns as its own {@code <script>} (run only when
 * {@code fbq} exists), or nothing when it returns null.
 *
 * <p>Cache-safe mode ({@link MetaPageDataSource#cacheSafe}): a tag with a cache-safe form renders the data source's
 * reference instead (no id, nothing of the shopper; the pixel-state endpoint mints the event); any other tag
 * renders its call as JSON for the cache-safe loader, which plays it after the pixel's init (such tags belong on
 * per-shopper pages that a cache must not store anyway: checkout, confirmation).
 */
public abstract class AbstractTrackCallProcessor extends AbstractMetaScriptProcessor {

    static final CacheSafeRenderer CACHE_SAFE = new CacheSafeRenderer();

    protected AbstractTrackCallProcessor(String elementName, MetaPageDataSource dataSource,
            PixelSnippetRenderer renderer, String nonceAttribute) {
        super(elementName, dataSource, renderer, nonceAttribute);
    }

    @Override
    protected final String render(Arguments arguments, Element element, HttpServletRequest request, String nonce) {
        if (dataSource.cacheSafe(request)) {
            if (hasCacheSafeForm()) {
                return CACHE_SAFE.pageEvent(cacheSafeReference(arguments, element, request));
            }
            return CACHE_SAFE.pageCall(trackCall(arguments, element, request));
        }
        return renderer.renderTrackCall(trackCall(arguments, element, request), nonce,
                dataSource.dataLayerMode(request));
    }

    /**
     * The tag's {@code params} attribute as a map with string keys; null when absent.
     *
     * @throws IllegalArgumentException when it evaluates to anything but a map (the tag then renders nothing)
     */
    protected Map<String, Object> params(Arguments arguments, Element element) {
        Object params = evaluate(arguments, element, "params");
        if (params == null) {
            return null;
        }
        if (!(params instanceof Map)) {
            throw new IllegalArgumentException("params of <meta:" + element.getNormalizedName().replaceFirst(
                    "^.*:", "") + "> must be a map, was " + params.getClass().getName());
        }
        Map<String, Object> map = new LinkedHashMap<String, Object>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) params).entrySet()) {
            map.put(String.valueOf(e.getKey()), e.getValue());
        }
        return map;
    }

    /** True for tags whose event the pixel-state endpoint can mint from a reference (page events). */
    protected boolean hasCacheSafeForm() {
        return false;
    }

    /** Cache-safe mode, when {@link #hasCacheSafeForm()}: the data source's reference; null for nothing. */
    protected Map<String, String> cacheSafeReference(Arguments arguments, Element element,
            HttpServletRequest request) {
        return null;
    }

    /** Evaluates the tag's attributes and asks the data source; null for nothing. */
    protected abstract TrackCall trackCall(Arguments arguments, Element element, HttpServletRequest request);
}
