package io.github.broadleafmeta.theme.dialect;

import io.github.broadleafmeta.theme.render.PixelSnippetRenderer;
import io.github.broadleafmeta.theme.render.TrackCall;
import io.github.broadleafmeta.theme.spi.MetaPageDataSource;

import javax.servlet.http.HttpServletRequest;
import org.thymeleaf.Arguments;
import org.thymeleaf.dom.Element;

/** {@code <meta:initiate-checkout cart="${cart}"/>}: InitiateCheckout on the checkout page. */
public class InitiateCheckoutProcessor extends AbstractTrackCallProcessor {

    public static final String ELEMENT_NAME = "initiate-checkout";

    public InitiateCheckoutProcessor(MetaPageDataSource dataSource, PixelSnippetRenderer renderer,
            String nonceAttribute) {
        super(ELEMENT_NAME, dataSource, renderer, nonceAttribute);
    }

    @Override
    protected TrackCall trackCall(Arguments arguments, Element element, HttpServletRequest request) {
        Object cart = evaluate(arguments, element, "cart");
        return cart == null ? null : dataSource.initiateCheckout(request, cart);
    }
}
