package io.github.broadleafmeta.theme.dialect;

import io.github.broadleafmeta.theme.render.PixelSnippetRenderer;
import io.github.broadleafmeta.theme.spi.MetaPageDataSource;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import org.thymeleaf.dialect.AbstractDialect;
import org.thymeleaf.processor.IProcessor;

/**
 * The {@code meta} Thymeleaf 2.1 dialect: {@code <meta:head/>}, {@code <meta:view-content product=".."/>},
 * {@code <meta:view-category category=".." products=".."/>},
 * {@code <meta:search query=".." results=".."/>}, {@code <meta:initiate-checkout cart=".."/>},
 * {@code <meta:purchase order=".."/>}, {@code <meta:lead email=".." params=".."/>} and
 * {@code <meta:custom name=".." params=".."/>}. Attribute values are
 * Thymeleaf standard expressions. Each tag is replaced by its script (or by nothing).
 *
 * <p>A dialect of its own, as Broadleaf asks of modules, rather than processors added to {@code blc}. The prefix
 * does not clash with the HTML {@code <meta>} element: only the prefixed names are processed. Subclasses may
 * override {@link #createProcessors()} to replace or add processors.
 */
public class MetaDialect extends AbstractDialect {

    public static final String PREFIX = "meta";
    /** Default request attribute holding the CSP nonce. */
    public static final String DEFAULT_NONCE_ATTRIBUTE = "cspNonce";

    protected final MetaPageDataSource dataSource;
    protected final PixelSnippetRenderer renderer;
    protected final String nonceAttribute;
    private final Set<IProcessor> processors;

    /** With a new renderer and the nonce in request attribute {@value #DEFAULT_NONCE_ATTRIBUTE}. */
    public MetaDialect(MetaPageDataSource dataSource) {
        this(dataSource, new PixelSnippetRenderer(), DEFAULT_NONCE_ATTRIBUTE);
    }

    /**
     * @param nonceAttribute the request attribute holding the CSP nonce (its {@code toString()}); null or blank
     *                       for none
     */
    public MetaDialect(MetaPageDataSource dataSource, PixelSnippetRenderer renderer, String nonceAttribute) {
        if (dataSource == null) {
            throw new IllegalArgumentException("dataSource is required (bean blMetaPageDataSource)");
        }
        this.dataSource = dataSource;
        this.renderer = renderer == null ? new PixelSnippetRenderer() : renderer;
        this.nonceAttribute = nonceAttribute;
        this.processors = Collections.unmodifiableSet(createProcessors());
    }

    @Override
    public String getPrefix() {
        return PREFIX;
    }

    @Override
    public Set<IProcessor> getProcessors() {
        return processors;
    }

    /** Called once by the constructor. */
    protected Set<IProcessor> createProcessors() {
        Set<IProcessor> set = new LinkedHashSet<IProcessor>();
        set.add(new MetaHeadProcessor(dataSource, renderer, nonceAttribute));
        set.add(new ViewContentProcessor(dataSource, renderer, nonceAttribute));
        set.add(new ViewCategoryProcessor(dataSource, renderer, nonceAttribute));
        set.add(new SearchProcessor(dataSource, renderer, nonceAttribute));
        set.add(new InitiateCheckoutProcessor(dataSource, renderer, nonceAttribute));
        set.add(new PurchaseProcessor(dataSource, renderer, nonceAttribute));
        set.add(new CustomEventProcessor(dataSource, renderer, nonceAttribute));
        set.add(new LeadProcessor(dataSource, renderer, nonceAttribute));
        return set;
    }
}
