package io.github.broadleafmeta.theme.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.broadleafmeta.core.event.CustomData;
import io.github.broadleafmeta.core.event.LduOptions;
import io.github.broadleafmeta.core.event.UserDataField;
import io.github.broadleafmeta.theme.render.AdvancedMatching;
import io.github.broadleafmeta.theme.render.PixelInit;
import io.github.broadleafmeta.theme.render.PixelPageModel;
import io.github.broadleafmeta.theme.render.PixelSnippetRenderer;
import io.github.broadleafmeta.theme.render.TrackCall;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockServletContext;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.dialect.IDialect;
import org.thymeleaf.exceptions.TemplateProcessingException;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/** Real templates through a Thymeleaf 2.1 engine with the standard dialect and the meta dialect. */
class MetaDialectTest {

    static final String EM = "62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f";
    static final String HOSTILE = "</script><script>alert(1)</script>\u2028<!--\"'\\";
    static final ObjectMapper MAPPER = new ObjectMapper();

    final FakePageDataSource source = new FakePageDataSource();
    final MockServletContext servletContext = new MockServletContext();
    MockHttpSession session = new MockHttpSession(servletContext);
    TemplateEngine engine;

    @BeforeEach
    void setUp() {
        source.model = PixelPageModel.builder()
                .addPixel(PixelInit.of("123456789012345", AdvancedMatching.builder()
                        .put(UserDataField.EMAIL, EM).build()))
                .build();
        engine = engine(new MetaDialect(source, new PixelSnippetRenderer(), "cspNonce"));
    }

    static TemplateEngine engine(IDialect... extra) {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("templates/");
        resolver.setSuffix(".html");
        resolver.setTemplateMode("HTML5");
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(false);
        TemplateEngine engine = new TemplateEngine();
        engine.setTemplateResolver(resolver);
        for (IDialect d : extra) {
            engine.addDialect(d);
        }
        return engine;
    }

    MockHttpServletRequest request() {
        MockHttpServletRequest request = new MockHttpServletRequest(servletContext, "GET", "/p");
        request.setSession(session);
        return request;
    }

    String render(String template, MockHttpServletRequest request, Map<String, Object> vars) {
        WebContext ctx = new WebContext(request, new MockHttpServletResponse(), servletContext, Locale.US, vars);
        return engine.process(template, ctx);
    }

    String render(String template, Map<String, Object> vars) {
        return render(template, request(), vars);
    }

    static Map<String, Object> vars(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static FakePageDataSource.Product product(String name) {
        return new FakePageDataSource.Product("sku-1", name, new BigDecimal("12.50"));
    }

    @Test
    void shouldRenderHeadThenEventScriptsInOrderOnAProductPage() throws Exception {
        String html = render("product", vars("product", product("Hot Sauce")));

        assertThat(html).contains("<meta charset=\"utf-8\" />", "<title>Hot Sauce</title>", "<h1>Hot Sauce</h1>")
                .doesNotContain("meta:head", "meta:view-content");
        List<JsonNode> calls = fbqCalls(html);
        assertThat(calls).extracting(c -> c.get(0).asText() + " " + c.get(1).asText())
                .containsExactly("init 123456789012345", "track PageView", "track ViewContent");
        assertThat(calls.get(0).get(2).get("em").asText()).isEqualTo(EM);
        assertThat(calls.get(1).get(3).get("eventID").asText()).isEqualTo("pv1");
        assertThat(html).contains("fbq(\"track\",\"ViewContent\",{\"value\":12.50,"
                + "\"currency\":\"USD\",\"content_ids\":[\"sku-1\"],\"content_type\":\"product\","
                + "\"content_name\":\"Hot Sauce\"},{\"eventID\":\"vc2\"});\n})(");
        // The head script sits in <head>, before </head>; the event script in <body>.
        assertThat(html.indexOf("fbq(\"init\"")).isLessThan(html.indexOf("</head>"));
        assertThat(html.indexOf("\"ViewContent\"")).isGreaterThan(html.indexOf("<body>"));
        assertThat(html).contains("<noscript><img height=\"1\" width=\"1\" style=\"display:none\" "
                + "src=\"https://www.facebook.com/tr?id=123456789012345&amp;ev=PageView&amp;noscript=1\"/></noscript>");
    }

    @Test
    void shouldKeepHostileProductNamesInsideJsonStrings() throws Exception {
        String html = render("product", vars("product", product(HOSTILE)));

        // Thymeleaf escapes the name in th:text; our scripts carry it JSON- and script-escaped.
        assertThat(count(html, "<script")).isEqualTo(2);
        assertThat(count(html, "</script>")).isEqualTo(2);
        assertThat(html).doesNotContain("alert(1)</script>");
        for (String script : scriptBodies(html)) {
            assertThat(script).doesNotContain("<", ">", "&", "\u2028");
        }
        JsonNode viewContent = fbqCalls(html).get(2);
        assertThat(viewContent.get(2).get("content_name").asText()).isEqualTo(HOSTILE);
    }

    @Test
    void shouldPutTheRequestNonceOnEveryScriptTag() {
        MockHttpServletRequest request = request();
        request.setAttribute("cspNonce", "n0nce\"x");
        String html = render("product", request, vars("product", product("A")));

        assertThat(count(html, "<script")).isEqualTo(2);
        assertThat(count(html, "<script nonce=\"n0nce&quot;x\">")).isEqualTo(2);
    }

    @Test
    void shouldRenderNoScriptWithoutNonceWhenTheAttributeIsMissing() {
        String html = render("product", vars("product", product("A")));
        assertThat(count(html, "<script>")).isEqualTo(2);
        assertThat(html).doesNotContain("nonce=");
    }

    @Test
    void shouldRenderNothingWhenThePluginIsInactive() {
        source.model = null;
        String html = render("product", vars("product", product("A")));

        assertThat(html).doesNotContain("<script", "fbq", "noscript", "meta:")
                .contains("<meta charset=\"utf-8\" />", "<h1>A</h1>");
    }

    @Test
    void shouldRenderNothingForATagWhenItsValueIsNull() {
        String html = render("view-content-only", vars("product", null));
        assertThat(fbqCalls(html)).extracting(c -> c.get(1).asText()).containsExactly("123456789012345",
                "PageView");
        assertThat(source.seen).isEmpty();
    }

    @Test
    void shouldRenderPendingServerEventsOnceInTheHead() {
        List<TrackCall> pending = new ArrayList<>();
        pending.add(TrackCall.of("AddToCart", CustomData.builder().addContentId("sku-9").build(), "atc-77"));
        session.setAttribute(FakePageDataSource.PENDING, pending);

        String first = render("search", vars("originalQuery", "", "products", null));
        String second = render("search", vars("originalQuery", "", "products", null));

        assertThat(fbqCalls(first)).extracting(c -> c.get(1).asText())
                .containsExactly("123456789012345", "PageView", "AddToCart");
        assertThat(fbqCalls(first).get(2).get(3).get("eventID").asText()).isEqualTo("atc-77");
        assertThat(fbqCalls(second)).extracting(c -> c.get(1).asText())
                .containsExactly("123456789012345", "PageView");
    }

    @Test
    void shouldPassSearchQueryAndResultsToTheDataSource() {
        List<String> products = List.of("p1", "p2");
        String html = render("search", vars("originalQuery", "hot <sauce>", "products", products));

        assertThat(source.seen).containsExactly("hot <sauce>", products);
        JsonNode search = fbqCalls(html).get(2);
        assertThat(search.get(1).asText()).isEqualTo("Search");
        assertThat(search.get(2).get("search_string").asText()).isEqualTo("hot <sauce>");
    }

    @Test
    void shouldPassCategoryAndListedProductsToTheDataSourceForViewCategory() {
        List<String> products = List.of("p1", "p2");
        String html = render("category", vars("category", "Beans", "products", products));

        assertThat(source.seen).containsExactly("Beans", products);
        assertThat(fbqCalls(html).get(2).toString())
                .isEqualTo("[\"trackCustom\",\"ViewCategory\",{\"content_category\":\"Beans\"},{\"eventID\":\"vcat2\"}]");
        assertThat(render("category", vars("category", null, "products", products))).doesNotContain("ViewCategory");
    }

    @Test
    void shouldPassEmailAndParamsToTheDataSourceForLead() {
        Map<String, Object> params = Map.of("lead_source", "footer");
        String html = render("signed-up", vars("email", "a@example.com", "leadParams", params));

        assertThat(source.seen).containsExactly("a@example.com", params);
        assertThat(fbqCalls(html).get(2).toString())
                .isEqualTo("[\"track\",\"Lead\",{\"lead_source\":\"footer\"},{\"eventID\":\"lead2\"}]");
        assertThat(html).doesNotContain("a@example.com");
    }

    @Test
    void shouldSkipSearchWithoutQuery() {
        String html = render("search", vars("originalQuery", "  ", "products", null));
        assertThat(html).doesNotContain("\"Search\"");
        assertThat(source.seen).isEmpty();
    }

    @Test
    void shouldRenderPurchaseOnlyOncePerOrder() {
        String first = render("confirmation", vars("orderNumber", "1001"));
        String reload = render("confirmation", vars("orderNumber", "1001"));

        JsonNode purchase = fbqCalls(first).get(2);
        assertThat(purchase.toString()).isEqualTo("[\"track\",\"Purchase\",{\"value\":1000,\"currency\":\"USD\","
                + "\"order_id\":\"1001\"},{\"eventID\":\"order.1001\"}]");
        assertThat(reload).doesNotContain("Purchase").contains("<p>1001</p>");
        assertThat(count(reload, "<script")).isEqualTo(1);
    }

    @Test
    void shouldHonourThIfAndEvaluateCustomEventExpressions() {
        Map<String, Object> promo = new LinkedHashMap<>();
        promo.put("promo_code", "SPRING</script>");
        promo.put("position", 2);
        String html = render("checkout", vars("cart", "cart-1", "showPromo", true, "promo", promo));

        assertThat(fbqCalls(html)).extracting(c -> c.get(0).asText() + " " + c.get(1).asText())
                .containsExactly("init 123456789012345", "track PageView", "track InitiateCheckout",
                        "trackCustom Promo Viewed");
        JsonNode custom = fbqCalls(html).get(3);
        assertThat(custom.get(2).get("promo_code").asText()).isEqualTo("SPRING</script>");
        assertThat(custom.get(2).get("position").asInt()).isEqualTo(2);
        assertThat(source.seen).containsExactly("cart-1", "Promo Viewed", promo);
        assertThat(html).doesNotContain("Never_Shown");

        source.seen.clear();
        String without = render("checkout", vars("cart", "cart-1", "showPromo", false, "promo", promo));
        assertThat(without).doesNotContain("Promo Viewed");
        assertThat(source.seen).containsExactly("cart-1");
    }

    @Test
    void shouldRenderThePageWithoutScriptsWhenTheDataSourceFails() {
        source.failure = new IllegalStateException("secret jane@example.com");
        List<String> logged = new ArrayList<>();
        java.util.logging.Logger jul = java.util.logging.Logger.getLogger(AbstractMetaScriptProcessor.class.getName());
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                logged.add(r.getLevel() + " " + r.getMessage() + " " + r.getThrown());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jul.addHandler(handler);
        jul.setLevel(java.util.logging.Level.ALL);
        String html;
        try {
            html = render("product", vars("product", product("A")));
        } finally {
            jul.removeHandler(handler);
            jul.setLevel(null);
        }

        assertThat(html).contains("<h1>A</h1>").doesNotContain("<script", "meta:");
        assertThat(logged).anySatisfy(l -> assertThat(l).startsWith("WARNING <meta:head> rendered nothing"));
        assertThat(logged).allSatisfy(l -> assertThat(l).doesNotContain("jane"));
    }

    @Test
    void shouldFailLikeThymeleafOnABrokenExpression() {
        assertThatThrownBy(() -> render("confirmation-broken", vars()))
                .isInstanceOf(TemplateProcessingException.class);
    }

    @Test
    void shouldRenderNothingOutsideAWebContext() {
        String html = engine.process("product", new Context(Locale.US, vars("product", product("A"))));
        assertThat(html).contains("<h1>A</h1>").doesNotContain("<script", "meta:");
    }

    @Test
    void shouldRenderWithBroadleafsBlcDialectAlongside() throws Exception {
        org.broadleafcommerce.common.web.dialect.BLCDialect blc =
                new org.broadleafcommerce.common.web.dialect.BLCDialect();
        // Without Spring its @Resource evaluator stays null, and BLCDialect's null execution attribute hides the
        // standard dialect's evaluator ("No Standard Variable Expression Evaluator"). In a site Spring injects
        // blVariableExpressionEvaluator (SpEL); here the standard OGNL evaluator stands in for it.
        java.lang.reflect.Field f = blc.getClass().getDeclaredField("expressionEvaluator");
        f.setAccessible(true);
        f.set(blc, org.thymeleaf.standard.expression.OgnlVariableExpressionEvaluator.INSTANCE);
        engine = engine(blc, new MetaDialect(source));

        String html = render("blc", vars("product", product("Beans")));

        assertThat(html).contains("<p>Beans</p>");
        assertThat(fbqCalls(html)).extracting(c -> c.get(1).asText())
                .containsExactly("123456789012345", "PageView", "ViewContent");
    }

    @Test
    void shouldRequireADataSource() {
        assertThatThrownBy(() -> new MetaDialect(null)).hasMessageContaining("blMetaPageDataSource");
        assertThat(new MetaDialect(source).getPrefix()).isEqualTo("meta");
        assertThat(new MetaDialect(source).getProcessors()).hasSize(8);
    }

    // --- helpers

    static List<JsonNode> fbqCalls(String html) {
        List<JsonNode> out = new ArrayList<>();
        Matcher m = Pattern.compile("^fbq\\((.*)\\);$", Pattern.MULTILINE).matcher(html);
        while (m.find()) {
            try {
                out.add(MAPPER.readTree("[" + m.group(1) + "]"));
            } catch (Exception e) {
                throw new AssertionError("not JSON arguments: " + m.group(1), e);
            }
        }
        return out;
    }

    static List<String> scriptBodies(String html) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<script[^>]*>(.*?)</script>", Pattern.DOTALL).matcher(html);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
