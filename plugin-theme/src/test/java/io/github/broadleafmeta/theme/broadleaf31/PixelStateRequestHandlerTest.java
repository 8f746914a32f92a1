package io.github.broadleafmeta.theme.broadleaf31;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.broadleafmeta.core.consent.ConsentState;
import io.github.broadleafmeta.core.event.UserDataField;
import io.github.broadleafmeta.theme.render.AdvancedMatching;
import io.github.broadleafmeta.theme.render.PixelInit;
import io.github.broadleafmeta.theme.render.PixelPageModel;
import io.github.broadleafmeta.theme.render.TrackCall;
import io.github.broadleafmeta.theme.spi.MetaPageDataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class PixelStateRequestHandlerTest {

    static final String EM = "62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f";
    static final ObjectMapper MAPPER = new ObjectMapper();

    /** The SPI as a store adapter answers it: a page model per request, references minted with fresh ids. */
    static final class ScriptedDataSource implements MetaPageDataSource {
        boolean cacheSafe = true;
        ConsentState consent = ConsentState.NOT_REQUIRED;
        int ids;
        final List<String> pageUrls = new ArrayList<>();
        final List<Map<String, String>> resolved = new ArrayList<>();

        @Override
        public boolean cacheSafe(HttpServletRequest request) {
            return cacheSafe;
        }

        @Override
        public PixelPageModel headModel(HttpServletRequest request) {
            pageUrls.add(request.getRequestURL() + (request.getQueryString() == null ? ""
                    : "?" + request.getQueryString()));
            return PixelPageModel.builder().consent(consent).consentCookie("meta_consent", "granted")
                    .addPixel(PixelInit.of("123456789012345",
                            AdvancedMatching.builder().put(UserDataField.EMAIL, EM).build()))
                    .addTrackCall(TrackCall.of("PageView", null, "pv" + ++ids)).build();
        }

        @Override
        public TrackCall resolveCacheSafeEvent(HttpServletRequest request, Map<String, String> reference) {
            resolved.add(reference);
            return "ViewContent".equals(reference.get("event")) ? TrackCall.of("ViewContent", null, "vc" + ++ids)
                    : null;
        }

        @Override
        public TrackCall viewContent(HttpServletRequest request, Object product) {
            return null;
        }

        @Override
        public TrackCall search(HttpServletRequest request, String query, Object results) {
            return null;
        }

        @Override
        public TrackCall initiateCheckout(HttpServletRequest request, Object cart) {
            return null;
        }

        @Override
        public TrackCall purchase(HttpServletRequest request, Object order) {
            return null;
        }

        @Override
        public TrackCall custom(HttpServletRequest request, String name, Map<String, Object> params) {
            return null;
        }
    }

    final ScriptedDataSource dataSource = new ScriptedDataSource();
    final PixelStateRequestHandler handler = new PixelStateRequestHandler(dataSource);

    static MockHttpServletRequest get(String events) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/meta/pixel-state");
        request.setServerName("shop.example");
        request.addHeader("Sec-Fetch-Site", "same-origin");
        if (events != null) {
            request.setParameter("events", events);
        }
        return request;
    }

    @Test
    void answersWithPageViewAndThePageEventsMintedFromReferencesNeverCacheable() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();

        handler.handleRequest(get("[{\"event\":\"ViewContent\",\"product\":\"12\"}]"), response);

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store, private");
        assertThat(response.getContentType()).startsWith("application/json");
        JsonNode state = MAPPER.readTree(response.getContentAsString());
        assertThat(state.get("metaEvents").get(0).get("eventID").asText()).isEqualTo("pv1");
        assertThat(state.get("metaEvents").get(1).get("name").asText()).isEqualTo("ViewContent");
        assertThat(state.get("metaEvents").get(1).get("eventID").asText()).isEqualTo("vc2");
        assertThat(dataSource.resolved).hasSize(1);
        assertThat(dataSource.resolved.get(0)).containsEntry("product", "12");
    }

    @Test
    void answersWithoutAdvancedMatchingWhileConsentIsPending() throws Exception {
        dataSource.consent = ConsentState.PENDING_REVOKE;
        MockHttpServletResponse response = new MockHttpServletResponse();

        handler.handleRequest(get(null), response);

        assertThat(response.getContentAsString()).doesNotContain(EM).contains("\"consent\":\"pending_revoke\"");
    }

    @Test
    void answersNotFoundWhileCacheSafeModeIsOff() throws Exception {
        dataSource.cacheSafe = false;
        MockHttpServletResponse response = new MockHttpServletResponse();

        handler.handleRequest(get(null), response);

        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store, private");
        assertThat(dataSource.pageUrls).isEmpty();
    }

    @Test
    void refusesPost() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();

        handler.handleRequest(new MockHttpServletRequest("POST", "/meta/pixel-state"), response);

        assertThat(response.getStatus()).isEqualTo(405);
    }

    @Test
    void theSameHostRefererIsThePageUrlOfTheEvents() throws Exception {
        MockHttpServletRequest request = get(null);
        request.addHeader("Referer", "https://shop.example/product/mug?color=red");

        handler.handleRequest(request, new MockHttpServletResponse());

        assertThat(dataSource.pageUrls).containsExactly("https://shop.example/product/mug?color=red");
    }

    @Test
    void aRefererOfAnotherHostIsNotThePageUrl() throws Exception {
        MockHttpServletRequest request = get(null);
        request.addHeader("Referer", "https://evil.example/phish");

        handler.handleRequest(request, new MockHttpServletResponse());

        assertThat(dataSource.pageUrls).containsExactly("http://shop.example:80/meta/pixel-state");
    }

    @Test
    void refusesARequestFromAnotherSiteWithoutMintingAnyEvent() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/meta/pixel-state");
        request.setServerName("shop.example");
        request.addHeader("Sec-Fetch-Site", "cross-site");
        request.addHeader("Referer", "https://shop.example/product/mug");
        request.setParameter("events", "[{\"event\":\"ViewContent\",\"product\":\"12\"}]");
        MockHttpServletResponse response = new MockHttpServletResponse();

        handler.handleRequest(request, response);

        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(dataSource.pageUrls).isEmpty();
        assertThat(dataSource.resolved).isEmpty();
    }

    @Test
    void withoutSecFetchSiteOnlyASameHostRefererCountsAsThisSite() throws Exception {
        MockHttpServletRequest foreign = new MockHttpServletRequest("GET", "/meta/pixel-state");
        foreign.setServerName("shop.example");
        foreign.addHeader("Referer", "https://evil.example/phish");
        MockHttpServletRequest own = new MockHttpServletRequest("GET", "/meta/pixel-state");
        own.setServerName("shop.example");
        own.addHeader("Referer", "https://shop.example/product/mug");
        MockHttpServletResponse refused = new MockHttpServletResponse();
        MockHttpServletResponse answered = new MockHttpServletResponse();

        handler.handleRequest(foreign, refused);
        handler.handleRequest(own, answered);

        assertThat(refused.getStatus()).isEqualTo(403);
        assertThat(answered.getStatus()).isEqualTo(200);
        assertThat(dataSource.pageUrls).containsExactly("https://shop.example/product/mug");
    }

    @Test
    void referencesSkipMalformedEntriesAndNonTextValuesAndStopAtTheLimit() {
        assertThat(PixelStateRequestHandler.references("not json")).isEmpty();
        assertThat(PixelStateRequestHandler.references("{\"event\":\"ViewContent\"}")).isEmpty();
        assertThat(PixelStateRequestHandler.references("[1,{\"event\":\"Search\",\"n\":5}]"))
                .containsExactly(java.util.Collections.singletonMap("event", "Search"));
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < 20; i++) {
            many.append(i == 0 ? "" : ",").append("{\"event\":\"ViewContent\",\"product\":\"").append(i)
                    .append("\"}");
        }
        assertThat(PixelStateRequestHandler.references(many.append(']').toString()))
                .hasSize(PixelStateRequestHandler.MAX_EVENTS);
    }
}
