package io.github.broadleafmeta.theme.dialect;

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
 */
public class MetaHeadProcessor extends AbstractMetaScriptProcessor {

    public static final String ELEMENT_NAME = "head";

    public MetaHeadProcessor(MetaPageDataSource dataSource, PixelSnippetRenderer renderer, String nonceAttribute) {
        super(ELEMENT_NAME, dataSource, renderer, nonceAttribute);
    }

    @Override
    protected String render(Arguments arguments, Element element, HttpServletRequest request, String nonce) {
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
