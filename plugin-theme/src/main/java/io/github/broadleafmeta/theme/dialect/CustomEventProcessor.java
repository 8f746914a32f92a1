package io.github.broadleafmeta.theme.dialect;

import io.github.broadleafmeta.theme.render.PixelSnippetRenderer;
import io.github.broadleafmeta.theme.render.TrackCall;
import io.github.broadleafmeta.theme.spi.MetaPageDataSource;

import java.util.Map;
import javax.servlet.http.HttpServletRequest;
import org.thymeleaf.Arguments;
import org.thymeleaf.dom.Element;

/**
 * {@code <meta:custom name="'Wishlist_Shared'" params="${map}"/>}: an event a theme names itself. Both attributes
 * are expressions (a quoted literal for a fixed name; Thymeleaf also reads a bare word like {@code Newsletter} as a
 * literal). {@code params} must evaluate to a map (keys are turned into strings) or be absent. Without a name
 * nothing is rendered.
 */
public class CustomEventProcessor extends AbstractTrackCallProcessor {

    public static final String ELEMENT_NAME = "custom";

    public CustomEventProcessor(MetaPageDataSource dataSource, PixelSnippetRenderer renderer, String nonceAttribute) {
        super(ELEMENT_NAME, dataSource, renderer, nonceAttribute);
    }

    @Override
    protected TrackCall trackCall(Arguments arguments, Element element, HttpServletRequest request) {
        Object name = evaluate(arguments, element, "name");
        if (name == null || name.toString().trim().isEmpty()) {
            return null;
        }
        Map<String, Object> map = params(arguments, element);
        return dataSource.custom(request, name.toString(), map);
    }
}
