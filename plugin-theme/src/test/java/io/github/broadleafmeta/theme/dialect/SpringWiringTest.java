package io.github.broadleafmeta.theme.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.broadleafmeta.theme.render.PixelSnippetRenderer;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.broadleafcommerce.common.extensibility.context.ResourceInputStream;
import org.broadleafcommerce.common.extensibility.context.merge.MergeXmlConfigResource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.xml.XmlBeanDefinitionReader;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** bl-meta-theme-applicationContext.xml: what Broadleaf's merge makes of it, and the beans it defines. */
class SpringWiringTest {

    static final String OURS = "bl-meta-theme-applicationContext.xml";
    static final String FRAMEWORK_WEB = "bl-framework-web-applicationContext.xml";

    @Test
    void shouldAddTheDialectToBlWebTemplateEngineWithoutLosingItsSettings() throws Exception {
        Resource merged;
        try (InputStream fw = new ClassPathResource(FRAMEWORK_WEB).getInputStream();
                InputStream ours = new ClassPathResource(OURS).getInputStream()) {
            merged = new MergeXmlConfigResource().getMergedConfigResource(new ResourceInputStream[] {
                new ResourceInputStream(fw, FRAMEWORK_WEB), new ResourceInputStream(ours, OURS)});
        }
        Document doc;
        try (InputStream in = merged.getInputStream()) {
            doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
        }

        NodeList engines = nodes(doc, "/beans/bean[@id='blWebTemplateEngine']");
        assertThat(engines.getLength()).isEqualTo(1);
        assertThat(refs(doc, "/beans/bean[@id='blWebTemplateEngine']/property[@name='dialects']/set/ref"))
                .containsExactly("thymeleafSpringStandardDialect", "blDialect", "blMetaDialect");
        assertThat(nodes(doc, "/beans/bean[@id='blWebTemplateEngine']/property").getLength()).isEqualTo(4);
        assertThat(nodes(doc, "/beans/bean[@id='blWebTemplateEngine']/property[@name='templateResolvers']")
                .getLength()).isEqualTo(1);
        assertThat(nodes(doc, "/beans/bean[@id='blMetaDialect']").getLength()).isEqualTo(1);
        // The e-mail engine is left alone.
        assertThat(refs(doc, "/beans/bean[@id='blEmailTemplateEngine']/property[@name='dialects']/set/ref"))
                .doesNotContain("blMetaDialect");
    }

    @Test
    void shouldBuildTheDialectFromTheDataSourceBean() {
        DefaultListableBeanFactory factory = new DefaultListableBeanFactory();
        new XmlBeanDefinitionReader(factory).loadBeanDefinitions(new ClassPathResource(OURS));
        FakePageDataSource source = new FakePageDataSource();
        factory.registerSingleton("blMetaPageDataSource", source);

        MetaDialect dialect = factory.getBean("blMetaDialect", MetaDialect.class);

        assertThat(dialect.getPrefix()).isEqualTo("meta");
        assertThat(dialect.dataSource).isSameAs(source);
        assertThat(dialect.nonceAttribute).isEqualTo("cspNonce");
        assertThat(dialect.renderer).isSameAs(factory.getBean("blMetaSnippetRenderer", PixelSnippetRenderer.class));
        assertThat(factory.getBean("blMetaJsLocations", List.class)).containsExactly("classpath:/meta_pixel/js/");
        assertThat(new ClassPathResource("meta_pixel/js/meta-pixel-events.js").exists()).isTrue();
    }

    static NodeList nodes(Document doc, String xpath) throws Exception {
        return (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, doc, XPathConstants.NODESET);
    }

    static List<String> refs(Document doc, String xpath) throws Exception {
        NodeList list = nodes(doc, xpath);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            out.add(((Element) list.item(i)).getAttribute("bean"));
        }
        return out;
    }
}
