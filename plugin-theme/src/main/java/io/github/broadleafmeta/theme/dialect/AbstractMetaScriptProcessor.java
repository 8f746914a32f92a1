package io.github.broadleafmeta.theme.dialect;

import io.github.broadleafmeta.core.runtime.PluginCpuMeter;
import io.github.broadleafmeta.theme.render.PixelSnippetRenderer;
import io.github.broadleafmeta.theme.spi.MetaPageDataSource;

import java.util.Collections;
import java.util.List;
import javax.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.thymeleaf.Arguments;
import org.thymeleaf.context.IContext;
import org.thymeleaf.context.IWebContext;
import org.thymeleaf.dom.Element;
import org.thymeleaf.dom.Macro;
import org.thymeleaf.dom.Node;
import org.thymeleaf.exceptions.TemplateProcessingException;
import org.thymeleaf.processor.element.AbstractMarkupSubstitutionElementProcessor;
import org.thymeleaf.standard.expression.IStandardExpression;
import org.thymeleaf.standard.expression.StandardExpressions;

/**
 * Base of the {@code meta} element processors: the element is replaced by the snippet text that
 * {@link #render(Arguments, Element, HttpServletRequest, String)} returns, emitted as a {@link Macro} node (written
 * verbatim: a text node would be HTML-escaped). The text was made safe by {@link PixelSnippetRenderer}.
 *
 * <p>Failure isolation: an exception from the data source or the renderer is logged as one WARN naming the tag and
 * the exception class (never its message, which could carry customer data) and the element renders nothing, so
 * tracking can never break a page. Template mistakes (an attribute expression that does not parse or evaluate)
 * fail like any other Thymeleaf expression error. Outside a web context (e.g. e-mail templates) the element
 * renders nothing.
 *
 * <p>Precedence {@value #PRECEDENCE}: after {@code th:each}, {@code th:if}, {@code th:unless} and {@code th:with}
 * on the same element, so those work on {@code meta} tags as on any other element.
 */
public abstract class AbstractMetaScriptProcessor extends AbstractMarkupSubstitutionElementProcessor {

    public static final int PRECEDENCE = 1000;

    private static final Log LOG = LogFactory.getLog(AbstractMetaScriptProcessor.class);

    protected final MetaPageDataSource dataSource;
    protected final PixelSnippetRenderer renderer;
    protected final String nonceAttribute;

    /**
     * @param elementName    the tag name without prefix ({@code head} for {@code <meta:head/>})
     * @param nonceAttribute the request attribute holding the CSP nonce; null or blank: no nonce
     */
    protected AbstractMetaScriptProcessor(String elementName, MetaPageDataSource dataSource,
            PixelSnippetRenderer renderer, String nonceAttribute) {
        super(elementName);
        if (dataSource == null) {
            throw new IllegalArgumentException("dataSource is required");
        }
        if (renderer == null) {
            throw new IllegalArgumentException("renderer is required");
        }
        this.dataSource = dataSource;
        this.renderer = renderer;
        this.nonceAttribute = nonceAttribute == null || nonceAttribute.trim().isEmpty() ? null
                : nonceAttribute.trim();
    }

    @Override
    public int getPrecedence() {
        return PRECEDENCE;
    }

    @Override
    protected final List<Node> getMarkupSubstitutes(Arguments arguments, Element element) {
        boolean metered = PluginCpuMeter.enter();
        try {
            HttpServletRequest request = request(arguments);
            if (request == null) {
                return Collections.emptyList();
            }
            String html;
            try {
                html = render(arguments, element, request, nonce(request));
            } catch (TemplateProcessingException e) {
                throw e;
            } catch (RuntimeException e) {
                warn(element, e);
                return Collections.emptyList();
            }
            if (html == null || html.isEmpty()) {
                return Collections.emptyList();
            }
            return Collections.<Node>singletonList(new Macro(html));
        } finally {
            PluginCpuMeter.exit(metered);
        }
    }

    /**
     * The snippet replacing the element; null or empty for nothing.
     *
     * @param nonce the CSP nonce of this request, or null
     */
    protected abstract String render(Arguments arguments, Element element, HttpServletRequest request,
            String nonce);

    /** The request of a web context, or null. */
    protected HttpServletRequest request(Arguments arguments) {
        IContext context = arguments.getContext();
        return context instanceof IWebContext ? ((IWebContext) context).getHttpServletRequest() : null;
    }

    /** The CSP nonce from the configured request attribute, or null. */
    protected String nonce(HttpServletRequest request) {
        if (nonceAttribute == null) {
            return null;
        }
        Object value = request.getAttribute(nonceAttribute);
        if (value == null) {
            return null;
        }
        String nonce = value.toString().trim();
        return nonce.isEmpty() ? null : nonce;
    }

    /**
     * Evaluates the attribute as a Thymeleaf standard expression ({@code ${product}}, {@code 'Name'},
     * {@code ${#strings.trim(q)}}); null when the attribute is absent or blank.
     */
    protected Object evaluate(Arguments arguments, Element element, String attributeName) {
        String text = element.getAttributeValue(attributeName);
        if (text == null || text.trim().isEmpty()) {
            return null;
        }
        IStandardExpression expression = StandardExpressions.getExpressionParser(arguments.getConfiguration())
                .parseExpression(arguments.getConfiguration(), arguments, text);
        return expression.execute(arguments.getConfiguration(), arguments);
    }

    private void warn(Element element, RuntimeException e) {
        String tag = element.getOriginalName();
        LOG.warn("<" + tag + "> rendered nothing: " + e.getClass().getName());
        if (LOG.isDebugEnabled()) {
            // The stack, without the message (it may quote customer data or parameters).
            RuntimeException stack = new RuntimeException(e.getClass().getName());
            stack.setStackTrace(e.getStackTrace());
            LOG.debug("<" + tag + "> failure stack", stack);
        }
    }
}
