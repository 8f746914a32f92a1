package io.github.broadleafmeta.theme.render;

import static io.github.broadleafmeta.theme.render.PixelSnippetRendererTest.EM;
import static io.github.broadleafmeta.theme.render.PixelSnippetRendererTest.fbqCalls;
import static io.github.broadleafmeta.theme.render.PixelSnippetRendererTest.typicalPage;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.broadleafmeta.core.consent.ConsentState;
import io.github.broadleafmeta.core.event.LduOptions;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What the head snippet tells Meta depending on consent, and the Limited Data Use flags of the image fallback. */
class ConsentSnippetTest {

    final PixelSnippetRenderer renderer = new PixelSnippetRenderer();

    @Test
    void shouldRenderNoNoscriptImageWhileConsentIsRevoked() {
        String html = renderer.renderHead(typicalPage().consentRevoked(true).build());

        assertThat(html).doesNotContain("<noscript", "facebook.com/tr").endsWith("</script>");
    }

    @Test
    void shouldRenderNoAdvancedMatchingWhileConsentIsRevoked() {
        String html = renderer.renderHead(typicalPage().consentRevoked(true).build());

        assertThat(html).doesNotContain(EM).doesNotContain("\"em\"");
        assertThat(fbqCalls(html).get(1).toString()).isEqualTo("[\"init\",\"123456789012345\"]");
    }

    @Test
    void shouldPutExplicitLduParametersOnTheNoscriptImage() {
        String html = renderer.renderHead(typicalPage().ldu(LduOptions.of(1, 1000)).build());

        assertThat(html).contains("src=\"https://www.facebook.com/tr?id=123456789012345&amp;ev=PageView"
                + "&amp;noscript=1&amp;dpo=LDU&amp;dpoco=1&amp;dpost=1000\"");
    }

    @Test
    void shouldPutGeolocatedLduParametersOnTheNoscriptImage() {
        String html = renderer.renderHead(typicalPage().ldu(LduOptions.geolocated()).build());

        assertThat(html).contains("&amp;noscript=1&amp;dpo=LDU&amp;dpoco=0&amp;dpost=0\"");
    }

    @Test
    void shouldPutNoLduParametersOnTheNoscriptImageWhenLduIsOff() {
        String html = renderer.renderHead(typicalPage().ldu(LduOptions.disabled()).build());

        assertThat(html).contains("&amp;noscript=1\"").doesNotContain("dpo");
    }

    @Test
    void shouldLoadNothingOfMetasWhileStrictConsentIsPending() {
        String html = renderer.renderHead(typicalPage().consent(ConsentState.PENDING_STRICT).ldu(LduOptions.of(1, 1000))
                .consentCookie("meta_consent", "granted").build());

        assertThat(html).doesNotContain("facebook", "fbevents", "<noscript", "fbq(\"init\"", "fbq(\"consent\"",
                "dataProcessingOptions", EM, "window.fbq=");
        assertThat(html).contains("window.metaPixelHold=function(){")
                .contains("fbq(\"track\",\"PageView\",{},{\"eventID\":\"pv1\"});\n})(window.metaPixelHold);");
    }

    @Test
    void shouldGiveTheConsentApiItsPageStateAsJson() throws Exception {
        String html = renderer.renderHead(typicalPage().consent(ConsentState.PENDING_STRICT)
                .ldu(LduOptions.of(1, 1000)).nonce("n\"<").consentCookie("cookie_ok", "</script>").build());

        JsonNode state = pageState(html);
        assertThat(state.toString()).isEqualTo("{\"granted\":false,\"cookie\":\"cookie_ok\","
                + "\"grantedValue\":\"</script>\",\"pixels\":[\"123456789012345\"],"
                + "\"ldu\":{\"country\":1,\"state\":1000},\"nonce\":\"n\\\"<\",\"held\":[]}");
        assertThat(PixelSnippetRendererTest.scriptBody(html)).doesNotContain("<", ">", "&");
    }

    @Test
    void shouldRenderTheRevokeModeStateBeforeTheLoaderAndRevokeBeforeInit() throws Exception {
        String html = renderer.renderHead(typicalPage().consent(ConsentState.PENDING_REVOKE)
                .consentCookie("meta_consent", "granted").build());

        assertThat(pageState(html).get("granted").asBoolean()).isFalse();
        assertThat(html.indexOf("window.metaPixelConsentPage=")).isLessThan(html.indexOf("(function(w,d,src"));
        assertThat(fbqCalls(html)).extracting(c -> c.get(0).asText()).containsExactly("consent", "init", "track");
    }

    @Test
    void shouldRenderEverythingWithConsentGrantedAndKeepTheStateForARevoke() throws Exception {
        String html = renderer.renderHead(typicalPage().consent(ConsentState.GRANTED).ldu(LduOptions.geolocated())
                .consentCookie("meta_consent", "granted").build());

        assertThat(pageState(html).get("granted").asBoolean()).isTrue();
        assertThat(html).contains("{\"em\":\"" + EM + "\"}").contains("<noscript>").doesNotContain("\"revoke\"");
    }

    @Test
    void shouldRenderNoConsentStateWhenConsentIsNotRequired() {
        assertThat(renderer.renderHead(typicalPage().build())).doesNotContain("metaPixelConsentPage");
    }

    @Test
    void shouldSendBelowHeadCallsToFbqOrToTheStrictModeHold() {
        String html = renderer.renderTrackCall(TrackCall.of("ViewContent", null, "vc1"), null);

        assertThat(html).isEqualTo("<script>\n(function(fbq){if(typeof fbq!=='function'){return;}\n"
                + "fbq(\"track\",\"ViewContent\",{},{\"eventID\":\"vc1\"});\n"
                + "})(typeof window.fbq==='function'?window.fbq:window.metaPixelHold);\n</script>");
    }

    static JsonNode pageState(String html) throws Exception {
        Matcher m = Pattern.compile("^window\\.metaPixelConsentPage=(.*);$", Pattern.MULTILINE).matcher(html);
        assertThat(m.find()).as("consent page state in %s", html).isTrue();
        return new ObjectMapper().readTree(m.group(1));
    }
}
