package io.github.broadleafmeta.theme.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.broadleafmeta.core.capi.EventJsonWriter;
import io.github.broadleafmeta.core.event.ActionSource;
import io.github.broadleafmeta.core.event.Content;
import io.github.broadleafmeta.core.event.CustomData;
import io.github.broadleafmeta.core.event.LduOptions;
import io.github.broadleafmeta.core.event.TrackingEvent;
import io.github.broadleafmeta.core.event.UserData;
import io.github.broadleafmeta.core.event.UserDataField;
import io.github.broadleafmeta.core.userdata.NormalizerConfig;
import io.github.broadleafmeta.core.userdata.UserDataNormalizer;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PixelSnippetRendererTest {

    static final String EM = "62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f";
    static final String LOADER_CALL_PREFIX = "(function(w,d,src,nonce){if(w.fbq){return;}";
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    final PixelSnippetRenderer renderer = new PixelSnippetRenderer();

    static PixelPageModel.Builder typicalPage() {
        return PixelPageModel.builder()
                .addPixel(PixelInit.of("123456789012345", AdvancedMatching.builder().put(UserDataField.EMAIL, EM)
                        .build()))
                .addTrackCall(TrackCall.of("PageView", null, "pv1"));
    }

    @Test
    void shouldRenderTypicalPageExactly() {
        String html = renderer.renderHead(typicalPage().build());

        String loader = html.substring(html.indexOf('\n') + 1, html.indexOf("\nfbq("));
        assertThat(html).isEqualTo("<script>\n" + loader + "\n"
                + "fbq(\"init\",\"123456789012345\",{\"em\":\"" + EM + "\"});\n"
                + "fbq(\"track\",\"PageView\",{},{\"eventID\":\"pv1\"});\n"
                + "</script>\n"
                + "<noscript><img height=\"1\" width=\"1\" style=\"display:none\" src=\"https://www.facebook.com/tr"
                + "?id=123456789012345&amp;ev=PageView&amp;noscript=1\"/></noscript>");
        assertThat(loader).startsWith(LOADER_CALL_PREFIX)
                .contains("q.queue.push(arguments)", "q.loaded=true", "q.version='2.0'", "w._fbq=q",
                        "s.async=true")
                .endsWith("})(window,document,'https://connect.facebook.net/en_US/fbevents.js',null);");
    }

    @Test
    void shouldRenderConsentRevokeAndLduBeforeInitAndInitBeforeTrack() {
        String html = renderer.renderHead(typicalPage().consentRevoked(true).ldu(LduOptions.of(1, 1000))
                .addPixel(PixelInit.of("99999"))
                .addTrackCall(TrackCall.of("ViewContent", CustomData.builder().addContentId("sku-1").build(), "vc1"))
                .build());

        List<JsonNode> calls = fbqCalls(html);
        assertThat(calls).extracting(c -> c.get(0).asText())
                .containsExactly("consent", "dataProcessingOptions", "init", "init", "track", "track");
        assertThat(calls.get(0).toString()).isEqualTo("[\"consent\",\"revoke\"]");
        assertThat(calls.get(1).toString()).isEqualTo("[\"dataProcessingOptions\",[\"LDU\"],1,1000]");
        assertThat(calls.get(2).get(1).asText()).isEqualTo("123456789012345");
        assertThat(calls.get(3).toString()).isEqualTo("[\"init\",\"99999\"]");
        assertThat(calls.get(4).get(1).asText()).isEqualTo("PageView");
        assertThat(calls.get(5).toString())
                .isEqualTo("[\"track\",\"ViewContent\",{\"content_ids\":[\"sku-1\"]},{\"eventID\":\"vc1\"}]");
        assertThat(html.indexOf(LOADER_CALL_PREFIX)).isLessThan(html.indexOf("fbq(\"consent\""));
        assertThat(html).containsOnlyOnce(LOADER_CALL_PREFIX);
        assertThat(count(html, "<noscript>")).as("no image without consent").isZero();
    }

    @Test
    void shouldRenderGeolocatedLduWithZeroCodes() {
        String html = renderer.renderHead(typicalPage().ldu(LduOptions.geolocated()).build());
        assertThat(html).contains("fbq(\"dataProcessingOptions\",[\"LDU\"],0,0);");
    }

    @Test
    void shouldRenderNoConsentOrLduCallWhenNotNeeded() {
        String html = renderer.renderHead(typicalPage().ldu(LduOptions.disabled()).build());
        assertThat(html).doesNotContain("consent").doesNotContain("dataProcessingOptions");
    }

    @Test
    void shouldRenderNothingWhenNoPixels() {
        assertThat(renderer.renderHead(PixelPageModel.builder()
                .addTrackCall(TrackCall.of("PageView", null, "pv1")).consentRevoked(true).build())).isEmpty();
        assertThat(renderer.renderHead(PixelPageModel.empty())).isEmpty();
        assertThat(renderer.renderHead(null)).isEmpty();
        assertThat(renderer.renderTrackCalls(new ArrayList<>(), "n")).isEmpty();
        assertThat(renderer.renderTrackCall(null, "n")).isEmpty();
    }

    @Test
    void shouldUseTrackCustomForCustomNames() {
        String html = renderer.renderTrackCall(TrackCall.of("Wishlist_Shared", null, "c1"), null);
        assertThat(html).contains("\nfbq(\"trackCustom\",\"Wishlist_Shared\",{},{\"eventID\":\"c1\"});\n");
        // Standard names are case-sensitive: "purchase" is a custom event to Meta.
        assertThat(TrackCall.of("purchase", null, "p").fbqMethod()).isEqualTo("trackCustom");
    }

    @Test
    void shouldPutNonceOnEveryScriptTagAttributeEscaped() {
        String html = renderer.renderHead(typicalPage().nonce("r4nd\"<&'>").build());
        assertThat(count(html, "<script")).isEqualTo(1);
        assertThat(html).startsWith("<script nonce=\"r4nd&quot;&lt;&amp;&#39;&gt;\">\n");
        // The loaded fbevents.js gets the nonce too, as a script-safe JSON string.
        assertThat(html).contains(",\"r4nd\\\"\\u003c\\u0026'\\u003e\");");

        String track = renderer.renderTrackCall(TrackCall.of("Search", null, "s1"), "abc");
        assertThat(track).startsWith("<script nonce=\"abc\">\n");
        assertThat(renderer.renderTrackCall(TrackCall.of("Search", null, "s1"), "  ")).startsWith("<script>\n");
    }

    @Test
    void shouldKeepHostileStringsInsideTheirJsonStrings() throws Exception {
        String[] hostile = {
            "</script><script>alert(1)</script>",
            "<!-- <script>",
            "line\u2028sep\u2029para",
            "quote\" single' back\\slash \\u0041",
            "nul\u0000tab\tnl\ncr\r",
            "emoji \uD83D\uDE00 and rtl \u202Eevil\u202C \u05E9\u05DC\u05D5\u05DD",
            "amp & lt < gt > slash / ]]>",
        };
        for (String s : hostile) {
            CustomData data = CustomData.builder().contentName(s).searchString(s).addContentId(s)
                    .addContent(Content.of(s, 1, BigDecimal.ONE)).extra("note", s).extra(s, List.of(s)).build();
            String html = renderer.renderHead(typicalPage().addTrackCall(TrackCall.of("Search", data, "s1"))
                    .nonce("n").build());
            String script = scriptBody(html);

            assertThat(script).doesNotContain("<", ">", "&", "\u2028", "\u2029", "\u0000");
            JsonNode call = fbqCalls(html).get(2);
            JsonNode params = call.get(2);
            assertThat(params.get("content_name").asText()).isEqualTo(s);
            assertThat(params.get("search_string").asText()).isEqualTo(s);
            assertThat(params.get("content_ids").get(0).asText()).isEqualTo(s);
            assertThat(params.get("contents").get(0).get("id").asText()).isEqualTo(s);
            assertThat(params.get("note").asText()).isEqualTo(s);
            assertThat(params.get(s).get(0).asText()).isEqualTo(s);

            JsonNode ajax = MAPPER.readTree(renderer.renderAjaxJson(List.of(TrackCall.of("Search", data, "s1"))));
            assertThat(ajax.get("metaEvents").get(0).get("params").get("content_name").asText()).isEqualTo(s);
        }
    }

    @Test
    void shouldWriteMoneyAsPlainDecimals() {
        TrackCall call = TrackCall.of("Purchase", CustomData.builder().value(new BigDecimal("1E+3")).currency("usd")
                .addContent(Content.of("sku", 2, new BigDecimal("1.5E+2"))).extra("tax", new BigDecimal("1E+1"))
                .extra("ratio", 0.1d).build(), "order.1");
        assertThat(renderer.paramsJson(call)).isEqualTo("{\"value\":1000,\"currency\":\"USD\","
                + "\"contents\":[{\"id\":\"sku\",\"quantity\":2,\"item_price\":150}],\"ratio\":0.1,\"tax\":10}");
    }

    @Test
    void shouldRenderParamsExactlyAsTheServerCustomData() throws Exception {
        CustomData data = CustomData.builder().value(new BigDecimal("59.90")).currency("usd")
                .contentIds(List.of("sku-1", "sku-2")).addContent(Content.of("sku-1", 2, new BigDecimal("19.95")))
                .addContent(Content.of("sku-2", 1, new BigDecimal("20.00"))).contentType("product")
                .contentName("Hot Sauce").contentCategory("Sauces").numItems(3).orderId("1001")
                .searchString("hot").extra("coupon", "SPRING").extra("gift", true).extra("n", 7L)
                .extra("nested", Map.of("b", List.of(1, 2), "a", "x")).build();
        String serverJson = new EventJsonWriter().write(TrackingEvent.builder().eventName("Purchase")
                .eventId("order.1001").eventSourceUrl("https://shop.example.com/c")
                .actionSource(ActionSource.WEBSITE).userData(UserData.builder().clientUserAgent("UA")
                        .clientIpAddress("203.0.113.7").build()).customData(data).build());
        String serverCustomData = objectAfter(serverJson, "\"custom_data\":");

        assertThat(renderer.paramsJson(TrackCall.of("Purchase", data, "order.1001"))).isEqualTo(serverCustomData);
    }

    @Test
    void shouldUseTheServerDigestsForAdvancedMatching() {
        UserDataNormalizer normalizer = new UserDataNormalizer(NormalizerConfig.ofDefaults());
        String em = normalizer.hash(UserDataField.EMAIL, " John_Smith@gmail.com ", null);
        String ph = normalizer.hash(UserDataField.PHONE, "(650)555-1212", "US");
        UserData server = UserData.builder().addHashed(UserDataField.EMAIL, em).addHashed(UserDataField.PHONE, ph)
                .clientUserAgent("UA").build();

        AdvancedMatching am = AdvancedMatching.fromUserData(server);

        assertThat(em).isEqualTo(EM);
        String html = renderer.renderHead(PixelPageModel.builder().addPixel(PixelInit.of("12345", am)).build());
        assertThat(html).contains("fbq(\"init\",\"12345\",{\"em\":\"" + EM + "\",\"ph\":\"" + ph + "\"});");
        assertThat(html).doesNotContain("UA");
    }

    @Test
    void shouldRefuseRawValuesForAdvancedMatchingWithoutEchoingThem() {
        assertThatThrownBy(() -> AdvancedMatching.builder().put(UserDataField.EMAIL, "jane@example.com").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("em")
                .hasMessageNotContaining("jane");
        assertThat(AdvancedMatching.builder().put(UserDataField.EMAIL, EM.toUpperCase()).build().digests())
                .containsEntry(UserDataField.EMAIL, EM);
    }

    @Test
    void shouldValidateModelValues() {
        assertThatThrownBy(() -> PixelInit.of("12ab")).hasMessageContaining("pixelId");
        assertThatThrownBy(() -> TrackCall.of("PageView", null, "bad id")).hasMessageContaining("event_id");
        assertThatThrownBy(() -> TrackCall.of("PageView", null, null)).hasMessageContaining("event_id");
        assertThatThrownBy(() -> TrackCall.of("<script>", null, "x")).hasMessageContaining("event_name");
        assertThatThrownBy(() -> PixelPageModel.builder().addPixel(PixelInit.of("12345"))
                .addPixel(PixelInit.of(" 12345 ")).build()).hasMessageContaining("twice");
    }

    @Test
    void shouldRenderAjaxJsonShape() throws Exception {
        String json = renderer.renderAjaxJson(List.of(
                TrackCall.of("AddToCart", CustomData.builder().value(new BigDecimal("9.50")).currency("EUR")
                        .addContentId("sku/1").build(), "a1"),
                TrackCall.of("Compare_Products", null, "c1")));
        assertThat(json).isEqualTo("{\"metaEvents\":["
                + "{\"name\":\"AddToCart\",\"custom\":false,\"params\":{\"value\":9.50,\"currency\":\"EUR\","
                + "\"content_ids\":[\"sku\\u002f1\"]},\"eventID\":\"a1\"},"
                + "{\"name\":\"Compare_Products\",\"custom\":true,\"params\":{},\"eventID\":\"c1\"}]}");
        assertThat(MAPPER.readTree(json).get("metaEvents").get(0).get("params").get("content_ids").get(0).asText())
                .isEqualTo("sku/1");
        assertThat(renderer.renderAjaxJson(null)).isEqualTo("{\"metaEvents\":[]}");
    }

    @Test
    void shouldOmitNoscriptWhenAskedTo() {
        assertThat(renderer.renderHead(typicalPage().noscript(false).build())).doesNotContain("noscript")
                .endsWith("</script>");
    }

    // --- helpers

    /** Every {@code fbq(...)} call of the snippet, its arguments parsed back as a JSON array. */
    static List<JsonNode> fbqCalls(String html) {
        List<JsonNode> out = new ArrayList<>();
        Matcher m = Pattern.compile("^fbq\\((.*)\\);$", Pattern.MULTILINE).matcher(scriptBody(html));
        while (m.find()) {
            try {
                out.add(MAPPER.readTree("[" + m.group(1) + "]"));
            } catch (Exception e) {
                throw new AssertionError("not JSON arguments: " + m.group(1), e);
            }
        }
        return out;
    }

    static String scriptBody(String html) {
        int open = html.indexOf('>', html.indexOf("<script")) + 1;
        return html.substring(open, html.indexOf("</script>"));
    }

    static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    /** The balanced JSON object that follows {@code key} (test data has no braces inside strings). */
    static String objectAfter(String json, String key) {
        int start = json.indexOf(key) + key.length();
        int depth = 0;
        for (int i = start; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return json.substring(start, i + 1);
            }
        }
        throw new AssertionError("no object after " + key);
    }

    @Test
    void shouldScriptEscapeDataLayerPushesWhenParamsHoldMarkup() {
        TrackCall call = TrackCall.of("ViewCategory", CustomData.builder().contentCategory("</script><b>&").build(),
                "vc1");

        String head = renderer.renderHead(typicalPage().addTrackCall(call).dataLayer(
                io.github.broadleafmeta.core.settings.DataLayerMode.ALSO).build());
        String tag = renderer.renderTrackCall(call, null, io.github.broadleafmeta.core.settings.DataLayerMode.ONLY);

        String headScript = head.substring(head.indexOf('>') + 1, head.indexOf("</script>"));
        String tagScript = tag.substring(tag.indexOf('>') + 1, tag.lastIndexOf("</script>"));
        assertThat(headScript).contains("window.dataLayer").doesNotContain("<").doesNotContain(">");
        assertThat(tagScript).contains("\"event\":\"meta.ViewCategory\"").doesNotContain("fbq(")
                .doesNotContain("<").doesNotContain(">").doesNotContain("&");
    }
}
