package io.github.broadleafmeta.theme.dialect;

import io.github.broadleafmeta.theme.render.PixelSnippetRenderer;
import io.github.broadleafmeta.theme.render.TrackCall;
import io.github.broadleafmeta.theme.spi.MetaPageDataSource;

import java.util.Map;
import javax.servlet.http.HttpServletRequest;
import org.thymeleaf.Arguments;
import org.thymeleaf.dom.Element;

/**
 * {@code <meta:lead email="${subscriber.email}" params="${leadParams}"/>}: a Lead recorded with the page, for a
 * sign-up whose thank-you page renders directly (after a redirect, use the tracker's {@code track} API instead).
 * Both attributes are optional; the e-mail is hashed into the server copy only, and {@code params} must be a map.
 */
public class LeadProcessor extends AbstractTrackCallProcessor {

    public static final String ELEMENT_NAME = "lead";

    public LeadProcessor(MetaPageDataSource dataSource, PixelSnippetRenderer renderer, String nonceAttribute) {
        super(ELEMENT_NAME, dataSource, renderer, nonceAttribute);
    }

    @Override
    protected TrackCall trackCall(Arguments arguments, Element element, HttpServletRequest request) {
        Object email = evaluate(arguments, element, "email");
        Map<String, Object> map = params(arguments, element);
        return dataSource.lead(request, email == null ? null : email.toString(), map);
    }
}
