package io.github.broadleafmeta.theme.dialect;

import io.github.broadleafmeta.theme.render.PixelSnippetRenderer;
import io.github.broadleafmeta.theme.render.TrackCall;
import io.github.broadleafmeta.theme.spi.MetaPageDataSource;

import io.github.broadleafmeta.core.event.EventNames;

import java.util.Map;
import javax.servlet.http.HttpServletRequest;
import org.thymeleaf.Arguments;
import org.thymeleaf.dom.Element;

/**
 * {@code <meta:view-category category="${category}" products="${products}"/>}: the custom ViewCategory on a
 * category page, with the content ids of the products listed. Nothing without a category.
 */
public class ViewCategoryProcessor extends AbstractTrackCallProcessor {

    public static final String ELEMENT_NAME = "view-category";

    public ViewCategoryProcessor(MetaPageDataSource dataSource, PixelSnippetRenderer renderer, String nonceAttribute) {
        super(ELEMENT_NAME, dataSource, renderer, nonceAttribute);
    }

    @Override
    protected TrackCall trackCall(Arguments arguments, Element element, HttpServletRequest request) {
        Object category = evaluate(arguments, element, "category");
        return category == null ? null
                : dataSource.viewCategory(request, category, evaluate(arguments, element, "products"));
    }

    @Override
    protected boolean hasCacheSafeForm() {
        return true;
    }

    @Override
    protected Map<String, String> cacheSafeReference(Arguments arguments, Element element,
            HttpServletRequest request) {
        Object category = evaluate(arguments, element, "category");
        return category == null ? null : dataSource.cacheSafeEvent(request, EventNames.VIEW_CATEGORY, category,
                evaluate(arguments, element, "products"));
    }
}
