package io.github.broadleafmeta.theme.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.broadleafmeta.core.consent.ConsentState;
import io.github.broadleafmeta.core.event.LduOptions;
import io.github.broadleafmeta.core.event.UserDataField;
import io.github.broadleafmeta.core.settings.DataLayerMode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CacheSafeRendererTest {

    static final String EM = PixelSnippetRendererTest.EM;
    static final ObjectMapper MAPPER = new ObjectMapper();

    final CacheSafeRenderer renderer = new CacheSafeRenderer();

    static PixelPageModel.Builder page(ConsentState consent) {
        return PixelPageModel.builder().consent(consent).consentCookie("meta_consent", "granted")
                .addPixel(PixelInit.of("123456789012345",
                        AdvancedMatching.builder().put(UserDataField.EMAIL, EM).build()))
                .addTrackCall(TrackCall.of("PageView", null, "pv1"));
    }

    @Test
    void stateJsonCarriesPixelsAdvancedMatchingEventsAndDataLayerModeWithoutConsentRequirement() throws Exception {
        JsonNode state = MAPPER.readTree(renderer.stateJson(page(ConsentState.NOT_REQUIRED)
                .dataLayer(DataLayerMode.ALSO).build()));

        assertThat(state.get("consent").asText()).isEqualTo("not_required");
        assertThat(state.get("loadScript").asBoolean()).isTrue();
        assertThat(state.get("revoke").asBoolean()).isFalse();
        assertThat(state.has("consentPage")).isFalse();
        assertThat(state.get("pixels").get(0).get("id").asText()).isEqualTo("123456789012345");
        assertThat(state.get("pixels").get(0).get("advancedMatching").get("em").asText()).isEqualTo(EM);
        assertThat(state.get("ldu").isNull()).isTrue();
        assertThat(state.get("dataLayer").asText()).isEqualTo("also");
        JsonNode pageView = state.get("metaEvents").get(0);
        assertThat(pageView.get("name").asText()).isEqualTo("PageView");
        assertThat(pageView.get("eventID").asText()).isEqualTo("pv1");
        assertThat(pageView.get("custom").asBoolean()).isFalse();
    }

    @Test
    void stateJsonOmitsAdvancedMatchingWhileConsentIsPending() throws Exception {
        for (ConsentState pending : new ConsentState[] {ConsentState.PENDING_REVOKE, ConsentState.PENDING_STRICT}) {
            String json = renderer.stateJson(page(pending).build());

            assertThat(json).doesNotContain(EM).doesNotContain("advancedMatching");
            JsonNode state = MAPPER.readTree(json);
            assertThat(state.get("consentPage").get("granted").asBoolean()).isFalse();
            assertThat(state.get("consentPage").get("cookie").asText()).isEqualTo("meta_consent");
            assertThat(state.get("consentPage").get("pixels").get(0).asText()).isEqualTo("123456789012345");
        }
        JsonNode revoke = MAPPER.readTree(renderer.stateJson(page(ConsentState.PENDING_REVOKE).build()));
        assertThat(revoke.get("loadScript").asBoolean()).isTrue();
        assertThat(revoke.get("revoke").asBoolean()).isTrue();
        JsonNode strict = MAPPER.readTree(renderer.stateJson(page(ConsentState.PENDING_STRICT).build()));
        assertThat(strict.get("loadScript").asBoolean()).isFalse();
    }

    @Test
    void stateJsonCarriesAdvancedMatchingOnceConsentIsGranted() throws Exception {
        JsonNode state = MAPPER.readTree(renderer.stateJson(page(ConsentState.GRANTED).build()));

        assertThat(state.get("pixels").get(0).get("advancedMatching").get("em").asText()).isEqualTo(EM);
        assertThat(state.get("consentPage").get("granted").asBoolean()).isTrue();
    }

    @Test
    void stateJsonCarriesLimitedDataUseOptions() throws Exception {
        JsonNode state = MAPPER.readTree(renderer.stateJson(page(ConsentState.NOT_REQUIRED)
                .ldu(LduOptions.of(1, 1000)).build()));

        assertThat(state.get("ldu").get("country").asInt()).isEqualTo(1);
        assertThat(state.get("ldu").get("state").asInt()).isEqualTo(1000);
    }

    @Test
    void stateJsonIsScriptSafeAndKeepsHostileParameterValues() throws Exception {
        Map<String, Object> hostile = new LinkedHashMap<String, Object>();
        hostile.put("label", "</script><img src=x onerror=alert(1)>&\u2028");
        TrackCall call = TrackCall.builder().eventName("ViewContent")
                .params(io.github.broadleafmeta.core.event.CustomData.builder().extras(hostile).build())
                .eventId("vc1").build();

        String json = renderer.stateJson(page(ConsentState.NOT_REQUIRED).addTrackCall(call).build());

        assertThat(json).doesNotContain("<").doesNotContain(">").doesNotContain("&").doesNotContain("\u2028");
        assertThat(MAPPER.readTree(json).get("metaEvents").get(1).get("params").get("label").asText())
                .isEqualTo("</script><img src=x onerror=alert(1)>&\u2028");
    }

    @Test
    void stateJsonOfNullModelHasNoPixels() throws Exception {
        assertThat(MAPPER.readTree(renderer.stateJson(null)).get("pixels").size()).isZero();
    }

    @Test
    void headIsTheLoaderTagWithEscapedUrlsAndNonce() {
        assertThat(renderer.head("/shop/meta_pixel/js/meta-pixel-cache-safe.js", "/shop/meta/pixel-state?a=1&b=\"",
                "n\"1")).isEqualTo("<script src=\"/shop/meta_pixel/js/meta-pixel-cache-safe.js\" "
                + "data-meta-state=\"/shop/meta/pixel-state?a=1&amp;b=&quot;\" nonce=\"n&quot;1\" defer></script>");
    }

    @Test
    void pageEventIsScriptSafeJsonOfTheReference() throws Exception {
        Map<String, String> reference = new LinkedHashMap<String, String>();
        reference.put("event", "Search");
        reference.put("query", "</script><b>&");

        String html = renderer.pageEvent(reference);

        String prefix = "<script type=\"application/json\" data-meta-event>";
        assertThat(html).startsWith(prefix).endsWith("</script>");
        String body = html.substring(prefix.length(), html.length() - "</script>".length());
        assertThat(body).doesNotContain("<").doesNotContain(">").doesNotContain("&");
        assertThat(MAPPER.readTree(body).get("query").asText()).isEqualTo("</script><b>&");
    }

    @Test
    void pageCallCarriesNameParamsAndEventId() throws Exception {
        String html = renderer.pageCall(TrackCall.of("Purchase", null, "order.1001"));

        String prefix = "<script type=\"application/json\" data-meta-call>";
        assertThat(html).startsWith(prefix);
        JsonNode call = MAPPER.readTree(html.substring(prefix.length(), html.length() - "</script>".length()));
        assertThat(call.get("name").asText()).isEqualTo("Purchase");
        assertThat(call.get("eventID").asText()).isEqualTo("order.1001");
        assertThat(renderer.pageCall(null)).isEmpty();
    }
}
