package io.github.broadleafmeta.theme.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.broadleafmeta.core.event.CustomData;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AjaxEventsJsonTest {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** Strings that break a hand-spliced JSON text or the page that inlines it. */
    static final List<String> HOSTILE = List.of("\"},\"metaEvents\":[],\"x\":{\"", "</script><script>alert(1)</script>",
            "back\\slash\\", "\u2028line\u2029sep", "nul\u0000ctl\u001f", "<!--", "]]>", "😀 \uD800 lone surrogate",
            "{\"cartCount\":", "'single'", "");

    static final TrackCall ADD_TO_CART = TrackCall.of("AddToCart",
            CustomData.builder().value(new BigDecimal("37.80")).currency("USD").addContentId("sku</script>1").build(),
            "atc-1");

    @Test
    void shouldPutTheStoreFieldsFirstAndTheEventsLast() {
        Map<String, Object> store = new LinkedHashMap<>();
        store.put("cartCount", 3);
        store.put("ok", true);

        String json = AjaxEventsJson.merge(store, List.of(ADD_TO_CART));

        assertThat(json).isEqualTo("{\"cartCount\":3,\"ok\":true,\"metaEvents\":[{\"name\":\"AddToCart\","
                + "\"custom\":false,\"params\":{\"value\":37.80,\"currency\":\"USD\","
                + "\"content_ids\":[\"sku\\u003c\\u002fscript\\u003e1\"]},\"eventID\":\"atc-1\"}]}");
    }

    @Test
    void shouldKeepEveryHostileStoreKeyAndValueIntactWhenParsedBack() throws Exception {
        Map<String, Object> store = new LinkedHashMap<>();
        for (int i = 0; i < HOSTILE.size(); i++) {
            store.put("value" + i, HOSTILE.get(i));
            store.put(HOSTILE.get(i) + "#key" + i, i);
        }
        store.put("nested", Collections.singletonMap(HOSTILE.get(0), Arrays.asList(HOSTILE.get(1), null, 2.5)));

        String json = AjaxEventsJson.merge(store, List.of(ADD_TO_CART));

        JsonNode parsed = MAPPER.readTree(json);
        for (int i = 0; i < HOSTILE.size(); i++) {
            assertThat(parsed.get("value" + i).asText()).isEqualTo(HOSTILE.get(i));
            assertThat(parsed.get(HOSTILE.get(i) + "#key" + i).asInt()).isEqualTo(i);
        }
        assertThat(parsed.get("nested").get(HOSTILE.get(0)).get(1).isNull()).isTrue();
        assertThat(parsed.get("metaEvents")).hasSize(1);
        assertThat(parsed.get("metaEvents").get(0).get("eventID").asText()).isEqualTo("atc-1");
        assertThat(parsed.size()).isEqualTo(store.size() + 1);
    }

    @Test
    void shouldWriteNoScriptEndCommentOrLineSeparatorWhenValuesContainThem() {
        Map<String, Object> store = new LinkedHashMap<>();
        HOSTILE.forEach(value -> store.put(value, value));

        String json = AjaxEventsJson.merge(store, null);

        assertThat(json).doesNotContain("</", "<!--", "<script", "]]>", "\u2028", "\u2029");
    }

    @Test
    void shouldRefuseAStoreFieldNamedLikeTheEventsWhenMerging() {
        assertThatThrownBy(() -> AjaxEventsJson.merge(Collections.singletonMap("metaEvents", "mine"), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metaEvents");
        assertThatThrownBy(() -> AjaxEventsJson.merge(Collections.singletonMap(null, 1), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseAValueJacksonCannotWriteWithAClearMessage() {
        assertThatThrownBy(() -> AjaxEventsJson.merge(Collections.singletonMap("thing", new Object()), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("store's fields");
    }

    @Test
    void shouldWriteAnEmptyEventArrayAndNoStoreFieldsWhenBothAreMissing() {
        assertThat(AjaxEventsJson.merge(null, Arrays.asList((TrackCall) null))).isEqualTo("{\"metaEvents\":[]}");
    }
}
