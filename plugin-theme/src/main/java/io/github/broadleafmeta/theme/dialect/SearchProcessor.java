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
 * {@code <meta:search query="${originalQuery}" results="${products}"/>}: Search on a results page. Without a query
 * (absent, null or blank) nothing is rendered.
 */
public class SearchProcessor extends AbstractTrackCallProcessor {

    public static final String ELEMENT_NAME = "search";

    public SearchProcessor(MetaPageDataSource dataSource, PixelSnippetRenderer renderer, String nonceAttribute) {
        super(ELEMENT_NAME, dataSource, renderer, nonceAttribute);
    }

    @Override
    protected TrackCall trackCall(Arguments arguments, Element element, HttpServletRequest request) {
        Object query = evaluate(arguments, element, "query");
        if (query == null || query.toString().trim().isEmpty()) {
            return null;
        }
        Object results = evaluate(arguments, element, "results");
        return dataSource.search(request, query.toString(), results);
    }

    @Override
    protected boolean hasCacheSafeForm() {
        return true;
    }

    @Override
    protected Map<String, String> cacheSafeReference(Arguments arguments, Element element,
            HttpServletRequest request) {
        Object query = evaluate(arguments, element, "query");
        if (query == null || query.toString().trim().isEmpty()) {
            return null;
        }
        return dataSource.cacheSafeEvent(request, EventNames.SEARCH, query.toString(),
                evaluate(arguments, element, "results"));
    }
}
