package io.github.broadleafmeta.theme.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.broadleafmeta.core.consent.ConsentState;
import io.github.broadleafmeta.core.event.CustomData;
import io.github.broadleafmeta.core.event.LduOptions;
import io.github.broadleafmeta.core.event.UserDataField;
import io.github.broadleafmeta.core.settings.DataLayerMode;
import java.io.File;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the rendered snippets and meta-pixel-events.js in Node (a fake window and document; fails when Node is not
 * installed, so a machine without it cannot pass these checks by skipping them) and reads back {@code fbq.queue} the way a browser test does:
 * {@code window.fbq.queue.map(a => Array.from(a))}.
 */
class BrowserScriptsTest {

    static final String EM = "62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f";
    static final String CONSENT_JS = "/meta_pixel/js/meta-pixel-consent.js";
    static final String QUEUE = "JSON.stringify(window.fbq.queue.map(a => Array.from(a)))";
    static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    final PixelSnippetRenderer renderer = new PixelSnippetRenderer();

    @BeforeAll
    static void requireNode() {
        if (node() == null) {
            throw new IllegalStateException("BrowserScriptsTest runs the page scripts in Node, which is not installed "
                    + "(apt-get install -y nodejs; .ci/run installs it)");
        }
    }

    static String node() {
        for (String candidate : new String[] {"/usr/bin/node", "/usr/local/bin/node", "/usr/bin/nodejs"}) {
            if (new File(candidate).canExecute()) {
                return candidate;
            }
        }
        return null;
    }

    @Test
    void shouldQueueCallsAsArgumentListsInCallOrder() throws Exception {
        String head = renderer.renderHead(PixelPageModel.builder().consentRevoked(true)
                .ldu(LduOptions.of(1, 1000))
                .addPixel(PixelInit.of("123456789012345", AdvancedMatching.builder().put(UserDataField.EMAIL, EM)
                        .build()))
                .addTrackCall(TrackCall.of("PageView", null, "pv1"))
                .nonce("abc").build());
        String track = renderer.renderTrackCall(TrackCall.of("Wish_Listed",
                CustomData.builder().extra("name", "</script>\u2028x").build(), "w1"), null);

        JsonNode out = run(step("script", script(head)), step("eval", QUEUE),
                step("eval", "[window.fbq.loaded, window.fbq.version, window._fbq === window.fbq,"
                        + " window.fbq.push === window.fbq]"),
                step("eval", "window.inserted.map(s => [s.tag, s.src, s.async, s.attrs.nonce || null])"),
                step("script", script(head)),
                step("script", script(track)),
                step("eval", QUEUE), step("eval", "window.inserted.length"));

        assertThat(MAPPER.readTree(out.get(0).asText())).isEqualTo(MAPPER.readTree("["
                + "[\"consent\",\"revoke\"],"
                + "[\"dataProcessingOptions\",[\"LDU\"],1,1000],"
                + "[\"init\",\"123456789012345\"],"
                + "[\"track\",\"PageView\",{},{\"eventID\":\"pv1\"}]]"));
        assertThat(out.get(1).toString()).isEqualTo("[true,\"2.0\",true,true]");
        assertThat(out.get(2).toString())
                .isEqualTo("[[\"script\",\"https://connect.facebook.net/en_US/fbevents.js\",true,\"abc\"]]");
        // The second copy of the loader is a no-op; the second copy of the head re-queues its calls only.
        JsonNode queue = MAPPER.readTree(out.get(3).asText());
        assertThat(queue).hasSize(9);
        assertThat(queue.get(8).toString())
                .isEqualTo("[\"trackCustom\",\"Wish_Listed\",{\"name\":\"</script>\u2028x\"},{\"eventID\":\"w1\"}]");
        assertThat(out.get(4).asInt()).isEqualTo(1);
    }

    @Test
    void shouldSkipTrackOnlySnippetsWhenFbqIsMissing() throws Exception {
        String track = renderer.renderTrackCall(TrackCall.of("Search", null, "s1"), null);
        JsonNode out = run(step("script", script(track)), step("eval", "typeof window.fbq"));
        assertThat(out.get(0).asText()).isEqualTo("undefined");
    }

    @Test
    void shouldReplayAjaxEventsWithTheHelper() throws Exception {
        String helper = resource("/meta_pixel/js/meta-pixel-events.js");
        String head = renderer.renderHead(PixelPageModel.builder().addPixel(PixelInit.of("12345")).build());
        String ajax = renderer.renderAjaxJson(List.of(
                TrackCall.of("AddToCart", CustomData.builder().value(new BigDecimal("9.50")).currency("EUR")
                        .addContentId("sku/1").build(), "a1"),
                TrackCall.of("Compare_Products", null, "c1")));

        JsonNode out = run(step("script", helper),
                step("eval", "MetaPixelEvents.track({metaEvents: []})"),
                step("eval", "MetaPixelEvents.track(" + MAPPER.writeValueAsString(ajax) + ")"),
                step("script", script(head)),
                step("eval", "MetaPixelEvents.track(" + MAPPER.writeValueAsString(ajax) + ")"),
                step("eval", "MetaPixelEvents.track(JSON.parse(" + MAPPER.writeValueAsString(ajax) + "))"),
                step("eval", "[MetaPixelEvents.track(null), MetaPixelEvents.track('not json'),"
                        + " MetaPixelEvents.track({metaEvents: [null, {name: ''}, 5]}), MetaPixelEvents.track(7)]"),
                step("eval", QUEUE));

        assertThat(out.get(0).asInt()).isZero();
        assertThat(out.get(1).asInt()).as("no fbq yet").isZero();
        assertThat(out.get(2).asInt()).isEqualTo(2);
        assertThat(out.get(3).asInt()).isEqualTo(2);
        assertThat(out.get(4).toString()).isEqualTo("[0,0,0,0]");
        JsonNode queue = MAPPER.readTree(out.get(5).asText());
        assertThat(queue).hasSize(5);
        assertThat(queue.get(1).toString()).isEqualTo("[\"track\",\"AddToCart\",{\"value\":9.5,\"currency\":\"EUR\","
                + "\"content_ids\":[\"sku/1\"]},{\"eventID\":\"a1\"}]");
        assertThat(queue.get(2).toString())
                .isEqualTo("[\"trackCustom\",\"Compare_Products\",{},{\"eventID\":\"c1\"}]");
    }

    @Test
    void shouldLoadThePixelAndReplayHeldCallsWithTheirEventIdsOnAStrictModeGrant() throws Exception {
        String head = renderer.renderHead(PixelPageModel.builder().consent(ConsentState.PENDING_STRICT)
                .consentCookie("cookie_ok", "yes").ldu(LduOptions.of(1, 1000)).nonce("abc")
                .addPixel(PixelInit.of("123456789012345", AdvancedMatching.builder().put(UserDataField.EMAIL, EM)
                        .build()))
                .addTrackCall(TrackCall.of("PageView", null, "pv1")).build());
        String viewContent = renderer.renderTrackCall(TrackCall.of("ViewContent", null, "vc1"), null);
        String afterGrant = renderer.renderTrackCall(TrackCall.of("Search", null, "s1"), null);

        JsonNode out = run(step("script", resource(CONSENT_JS)), step("script", script(head)),
                step("script", script(viewContent)),
                step("eval", "[typeof window.fbq, window.inserted.length, metaPixelConsent.granted(),"
                        + " typeof document.cookie]"),
                step("eval", "metaPixelConsent.grant()"),
                step("eval", QUEUE),
                step("eval", "window.inserted.map(s => [s.src, s.attrs.nonce || null])"),
                step("eval", "document.cookie"),
                step("script", script(afterGrant)),
                step("eval", "metaPixelConsent.revoke()"),
                step("eval", QUEUE), step("eval", "document.cookie"));

        assertThat(out.get(0).toString()).as("nothing of Meta's before the grant")
                .isEqualTo("[\"undefined\",0,false,\"undefined\"]");
        assertThat(out.get(1).asBoolean()).isTrue();
        assertThat(MAPPER.readTree(out.get(2).asText())).isEqualTo(MAPPER.readTree("["
                + "[\"dataProcessingOptions\",[\"LDU\"],1,1000],"
                + "[\"init\",\"123456789012345\"],"
                + "[\"track\",\"PageView\",{},{\"eventID\":\"pv1\"}],"
                + "[\"track\",\"ViewContent\",{},{\"eventID\":\"vc1\"}]]"));
        assertThat(out.get(3).toString())
                .isEqualTo("[[\"https://connect.facebook.net/en_US/fbevents.js\",\"abc\"]]");
        assertThat(out.get(4).asText()).isEqualTo("cookie_ok=yes; Path=/; Max-Age=15552000; SameSite=Lax");
        assertThat(out.get(5).asBoolean()).isTrue();
        JsonNode queue = MAPPER.readTree(out.get(6).asText());
        assertThat(queue.get(4).toString()).isEqualTo("[\"track\",\"Search\",{},{\"eventID\":\"s1\"}]");
        assertThat(queue.get(5).toString()).isEqualTo("[\"consent\",\"revoke\"]");
        assertThat(out.get(7).asText()).isEqualTo("cookie_ok=; Path=/; Max-Age=0; SameSite=Lax");
    }

    @Test
    void shouldGrantAfterRevokeInitAndPageViewInRevokeMode() throws Exception {
        String head = renderer.renderHead(PixelPageModel.builder().consent(ConsentState.PENDING_REVOKE)
                .consentCookie("meta_consent", "granted").addPixel(PixelInit.of("12345"))
                .addTrackCall(TrackCall.of("PageView", null, "pv1")).build());

        JsonNode out = run(step("script", resource(CONSENT_JS)), step("script", script(head)),
                step("eval", "[metaPixelConsent.granted(), metaPixelConsent.grant(), metaPixelConsent.granted()]"),
                step("eval", QUEUE), step("eval", "document.cookie"));

        assertThat(out.get(0).toString()).isEqualTo("[false,true,true]");
        assertThat(MAPPER.readTree(out.get(1).asText())).isEqualTo(MAPPER.readTree("["
                + "[\"consent\",\"revoke\"],[\"init\",\"12345\"],"
                + "[\"track\",\"PageView\",{},{\"eventID\":\"pv1\"}],[\"consent\",\"grant\"]]"));
        assertThat(out.get(2).asText()).startsWith("meta_consent=granted; Path=/;");
    }

    @Test
    void shouldIgnoreGrantAndRevokeWhenThePageRequiresNoConsent() throws Exception {
        String head = renderer.renderHead(PixelPageModel.builder().addPixel(PixelInit.of("12345")).build());

        JsonNode out = run(step("script", resource(CONSENT_JS)), step("script", script(head)),
                step("eval", "[metaPixelConsent.grant(), metaPixelConsent.revoke(), metaPixelConsent.granted(),"
                        + " typeof document.cookie, window.fbq.queue.length]"));

        assertThat(out.get(0).toString()).isEqualTo("[false,false,null,\"undefined\",1]");
    }

    @Test
    void shouldPushEachEventToDataLayerBesidesThePixelCallWhenModeIsAlso() throws Exception {
        String head = renderer.renderHead(PixelPageModel.builder().addPixel(PixelInit.of("12345"))
                .addTrackCall(TrackCall.of("PageView", null, "pv1")).dataLayer(DataLayerMode.ALSO).build());
        String tag = renderer.renderTrackCall(TrackCall.of("ViewCategory", CustomData.builder()
                .addContentId("7").contentCategory("Beans </script>").build(), "vc1"), null, DataLayerMode.ALSO);

        JsonNode out = run(step("script", script(head)), step("script", script(tag)), step("eval", QUEUE),
                step("eval", "JSON.stringify(window.dataLayer)"));

        JsonNode queue = MAPPER.readTree(out.get(0).asText());
        assertThat(queue.get(1).toString()).isEqualTo("[\"track\",\"PageView\",{},{\"eventID\":\"pv1\"}]");
        assertThat(queue.get(2).toString()).isEqualTo("[\"trackCustom\",\"ViewCategory\",{\"content_ids\":[\"7\"],"
                + "\"content_category\":\"Beans </script>\"},{\"eventID\":\"vc1\"}]");
        JsonNode dataLayer = MAPPER.readTree(out.get(1).asText());
        assertThat(dataLayer.toString()).isEqualTo("[{\"event\":\"meta.PageView\",\"eventID\":\"pv1\",\"params\":{}},"
                + "{\"event\":\"meta.ViewCategory\",\"eventID\":\"vc1\",\"params\":{\"content_ids\":[\"7\"],"
                + "\"content_category\":\"Beans </script>\"}}]");
    }

    @Test
    void shouldPushToDataLayerInsteadOfTrackWhenModeIsOnly() throws Exception {
        String head = renderer.renderHead(PixelPageModel.builder().addPixel(PixelInit.of("12345"))
                .addTrackCall(TrackCall.of("PageView", null, "pv1")).dataLayer(DataLayerMode.ONLY).build());
        String tag = renderer.renderTrackCall(TrackCall.of("Search", null, "s1"), null, DataLayerMode.ONLY);

        JsonNode out = run(step("script", script(tag)), step("script", script(head)), step("eval", QUEUE),
                step("eval", "JSON.stringify(window.dataLayer.map(e => e.event + ' ' + e.eventID))"));

        JsonNode queue = MAPPER.readTree(out.get(0).asText());
        assertThat(queue).hasSize(1);
        assertThat(queue.get(0).get(0).asText()).isEqualTo("init");
        assertThat(out.get(1).asText()).as("pushed even before the pixel exists")
                .isEqualTo("[\"meta.Search s1\",\"meta.PageView pv1\"]");
    }

    @Test
    void shouldPushAjaxEventsToDataLayerWhenTheResponseSaysSo() throws Exception {
        String helper = resource("/meta_pixel/js/meta-pixel-events.js");
        String head = renderer.renderHead(PixelPageModel.builder().addPixel(PixelInit.of("12345")).build());
        List<TrackCall> calls = List.of(TrackCall.of("Lead", null, "l1"));
        String also = renderer.renderAjaxJson(calls, DataLayerMode.ALSO);
        String only = renderer.renderAjaxJson(List.of(TrackCall.of("Contact", null, "c1")), DataLayerMode.ONLY);

        JsonNode out = run(step("script", helper), step("script", script(head)),
                step("eval", "MetaPixelEvents.track(" + also + ")"),
                step("eval", "MetaPixelEvents.track(" + only + ")"), step("eval", QUEUE),
                step("eval", "JSON.stringify(window.dataLayer)"));

        assertThat(renderer.renderAjaxJson(calls, DataLayerMode.OFF)).doesNotContain("dataLayer");
        JsonNode queue = MAPPER.readTree(out.get(2).asText());
        assertThat(queue).hasSize(2);
        assertThat(queue.get(1).toString()).isEqualTo("[\"track\",\"Lead\",{},{\"eventID\":\"l1\"}]");
        assertThat(out.get(3).asText()).isEqualTo("[{\"event\":\"meta.Lead\",\"eventID\":\"l1\",\"params\":{}},"
                + "{\"event\":\"meta.Contact\",\"eventID\":\"c1\",\"params\":{}}]");
    }

    // --- helpers

    static ObjectNode step(String kind, String code) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put(kind, code);
        return n;
    }

    static String script(String html) {
        Matcher m = Pattern.compile("<script[^>]*>(.*?)</script>", Pattern.DOTALL).matcher(html);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    static String resource(String path) throws Exception {
        try (InputStream in = BrowserScriptsTest.class.getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    JsonNode run(ObjectNode... steps) throws Exception {
        ObjectNode input = MAPPER.createObjectNode();
        ArrayNode array = input.putArray("steps");
        for (ObjectNode s : steps) {
            array.add(s);
        }
        Path in = dir.resolve("input.json");
        Files.writeString(in, MAPPER.writeValueAsString(input));
        Path runner = dir.resolve("run-snippets.js");
        Files.writeString(runner, resource("/js/run-snippets.js"));
        Process p = new ProcessBuilder(node(), runner.toString(), in.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        JsonNode results = MAPPER.readTree(output);
        for (JsonNode r : results) {
            assertThat(r.asText()).as("script error").doesNotStartWith("ERROR");
        }
        return results;
    }
}
