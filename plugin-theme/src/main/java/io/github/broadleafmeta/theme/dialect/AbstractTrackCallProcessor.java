package io.github.broadleafmeta.theme.dialect;

import io.github.broadleafmeta.theme.render.PixelSnippetRenderer;
import io.github.broadleafmeta.theme.render.TrackCall;
import io.github.broadleafmeta.theme.spi.MetaPageDataSource;

import javax.servlet.http.HttpServletRequest;
import org.thymeleaf.Arguments;
import org.thymeleaf.dom.Element;

/**
 * An event tag: renders the one track call the data source returns as its own {@code <script>} (run only when
 * {@code fbq} exists), or nothing when it returns null.
 */
public abstract class AbstractTrackCallProcessor extends AbstractMetaScriptProcessor {

    protected AbstractTrackCallProcessor(String elementName, MetaPageDataSource dataSource,
            PixelSnippetRenderer renderer, String nonceAttribute) {
        super(elementName, dataSource, renderer, nonceAttribute);
    }

    @Override
    protected final String render(Arguments arguments, Element element, HttpServletRequest request, String nonce) {
        return renderer.renderTrackCall(trackCall(arguments, element, request), nonce,
                dataSource.dataLayerMode(request));
    }

    /** Evaluates the tag's attributes and asks the data source; null for nothing. */
    protected abstract TrackCall trackCall(Arguments arguments, Element element, HttpServletRequest request);
}
