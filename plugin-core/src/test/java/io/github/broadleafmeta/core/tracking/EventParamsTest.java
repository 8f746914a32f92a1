package io.github.broadleafmeta.core.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.broadleafmeta.core.capi.EventJsonWriter;
import io.github.broadleafmeta.core.event.CustomData;
import io.github.broadleafmeta.core.event.UnsupportedCurrencyException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventParamsTest {

    @Test
    void shouldReadMetaKeysWithTheirTypesAndKeepOtherKeysAsExtras() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("value", "12.50");
        params.put("currency", "usd");
        params.put("content_ids", List.of(7, "sku-8"));
        params.put("content_name", "Newsletter");
        params.put("num_items", 2);
        params.put("appointment_type", "cupping");

        CustomData data = EventParams.toCustomData(params);

        assertThat(new EventJsonWriter().writeCustomData(data)).isEqualTo("{\"value\":12.50,\"currency\":\"USD\","
                + "\"content_ids\":[\"7\",\"sku-8\"],\"content_name\":\"Newsletter\",\"num_items\":2,"
                + "\"appointment_type\":\"cupping\"}");
    }

    @Test
    void shouldNameTheKeyWhenAValueHasTheWrongType() {
        assertThatThrownBy(() -> EventParams.toCustomData(Map.of("value", "twelve")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("params.value must be a number, was a String");
        assertThatThrownBy(() -> EventParams.toCustomData(Map.of("content_ids", "7")))
                .hasMessageContaining("params.content_ids must be a collection");
        assertThatThrownBy(() -> EventParams.toCustomData(Map.of("num_items", 1.5)))
                .hasMessage("params.num_items must be a whole number");
        assertThatThrownBy(() -> EventParams.toCustomData(Map.of("value", 1, "currency", "BTC")))
                .isInstanceOf(UnsupportedCurrencyException.class);
    }

    @Test
    void shouldGiveEmptyCustomDataWhenParamsAreNull() {
        assertThat(EventParams.toCustomData(null)).isSameAs(CustomData.empty());
    }
}
