package io.github.broadleafmeta.theme.dialect;

import io.github.broadleafmeta.theme.render.PixelSnippetRenderer;
import io.github.broadleafmeta.theme.render.TrackCall;
import io.github.broadleafmeta.theme.spi.MetaPageDataSource;

import io.github.broadleafmeta.core.event.EventNames;

import java.util.Map;
import javax.servlet.http.HttpServletRequest;
import org.thymeleaf.Arguments;
import org.thymeleaf.dom.Element;

/** {@code <meta:view-content product="${product}"/>}: ViewContent on a product page. */
public class ViewContentProcessor extends AbstractTrackCallProcessor {

    public static final String ELEMENT_NAME = "view-content";

    public ViewContentProcessor(MetaPageDataSource dataSource, PixelSnippetRenderer renderer, String nonceAttribute) {
        super(ELEMENT_NAME, dataSource, renderer, nonceAttribute);
    }

    @Override
    protected TrackCall trackCall(Arguments arguments, Element element, HttpServletRequest request) {
        Object product = evaluate(arguments, element, "product");
        return product == null ? null : dataSource.viewContent(request, product);
    }

    @Override
    protected boolean hasCacheSafeForm() {
        return true;
    }

    @Override
    protected Map<String, String> cacheSafeReference(Arguments arguments, Element element,
            HttpServletRequest request) {
        Object product = evaluate(arguments, element, "product");
        return product == null ? null : dataSource.cacheSafeEvent(request, EventNames.VIEW_CONTENT, product, null);
    }
}
