package io.github.broadleafmeta.theme.dialect;

import io.github.broadleafmeta.theme.render.PixelSnippetRenderer;
import io.github.broadleafmeta.theme.render.TrackCall;
import io.github.broadleafmeta.theme.spi.MetaPageDataSource;

import javax.servlet.http.HttpServletRequest;
import org.thymeleaf.Arguments;
import org.thymeleaf.dom.Element;

/**
 * {@code <meta:purchase order="${order}"/>}: Purchase on the confirmation page, with the order's stable event id.
 * The data source returns null once this order's Purchase has been rendered, so a reload renders nothing.
 */
public class PurchaseProcessor extends AbstractTrackCallProcessor {

    public static final String ELEMENT_NAME = "purchase";

    public PurchaseProcessor(MetaPageDataSource dataSource, PixelSnippetRenderer renderer, String nonceAttribute) {
        super(ELEMENT_NAME, dataSource, renderer, nonceAttribute);
    }

    @Override
    protected TrackCall trackCall(Arguments arguments, Element element, HttpServletRequest request) {
        Object order = evaluate(arguments, element, "order");
        return order == null ? null : dataSource.purchase(request, order);
    }
}
