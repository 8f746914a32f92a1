package io.github.broadleafmeta.core.capi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.broadleafmeta.core.event.ActionSource;
import io.github.broadleafmeta.core.event.Content;
import io.github.broadleafmeta.core.event.CustomData;
import io.github.broadleafmeta.core.event.EventNames;
import io.github.broadleafmeta.core.event.LduOptions;
import io.github.broadleafmeta.core.event.TrackingEvent;
import io.github.broadleafmeta.core.event.UserData;
import io.github.broadleafmeta.core.event.UserDataField;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventJsonWriterTest {

    static final long NOW = 1_700_000_000L;
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    static final String EM = "62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f";
    static final String PH = "e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176";
    static final String CT = "79adb2a2fce5c6ba215fe5f27f532d4e7edbac4b6a5e09e1ef3a08084a904621";

    final EventJsonWriter writer = new EventJsonWriter();
    final ObjectMapper mapper = new ObjectMapper();

    static UserData user() {
        return UserData.builder().addHashed(UserDataField.COUNTRY, CT).addHashed(UserDataField.EMAIL, EM)
                .addHashed(UserDataField.PHONE, PH).clientIpAddress("203.0.113.7")
                .clientUserAgent("Mozilla/5.0 (X11)").fbc("fb.1.1700000000000.AbCdEf").fbp("fb.1.1699999999999.42")
                .build();
    }

    static TrackingEvent.Builder minimal() {
        return TrackingEvent.builder().eventName(EventNames.PAGE_VIEW).eventId("ev1").eventTime(NOW)
                .eventSourceUrl("https://shop.example.com/").userData(UserData.builder()
                        .clientUserAgent("UA").clientIpAddress("203.0.113.7").build());
    }

    String purchaseWith(BigDecimal value) {
        return writer.write(minimal().eventName("Purchase")
                .customData(CustomData.builder().value(value).currency("USD").build()).build(CLOCK));
    }

    @Test
    void shouldWriteExactWireFormatWhenPurchaseIsComplete() {
        TrackingEvent event = TrackingEvent.builder().eventName(EventNames.PURCHASE).eventId("order.1001")
                .eventTime(NOW - 60).eventSourceUrl("https://shop.example.com/confirmation/1001").userData(user())
                .customData(CustomData.builder().value(new BigDecimal("59.90")).currency("usd")
                        .contentIds(List.of("sku-1", "sku-2"))
                        .addContent(Content.of("sku-1", 2, new BigDecimal("19.95")))
                        .addContent(Content.of("sku-2", 1, new BigDecimal("20.00")))
                        .contentType("product").contentName("Hot Sauce").contentCategory("Sauces").numItems(3)
                        .orderId("1001").extra("coupon", "SPRING").extra("gift", true).build())
                .ldu(LduOptions.of(1, 1000)).build(CLOCK);

        assertThat(writer.write(event)).isEqualTo("{\"event_name\":\"Purchase\",\"event_time\":1699999940,"
                + "\"event_id\":\"order.1001\",\"action_source\":\"website\","
                + "\"event_source_url\":\"https://shop.example.com/confirmation/1001\","
                + "\"user_data\":{\"em\":[\"" + EM + "\"],\"ph\":[\"" + PH + "\"],\"country\":[\"" + CT + "\"],"
                + "\"client_ip_address\":\"203.0.113.7\",\"client_user_agent\":\"Mozilla/5.0 (X11)\","
                + "\"fbc\":\"fb.1.1700000000000.AbCdEf\",\"fbp\":\"fb.1.1699999999999.42\"},"
                + "\"custom_data\":{\"value\":59.90,\"currency\":\"USD\",\"content_ids\":[\"sku-1\",\"sku-2\"],"
                + "\"contents\":[{\"id\":\"sku-1\",\"quantity\":2,\"item_price\":19.95},"
                + "{\"id\":\"sku-2\",\"quantity\":1,\"item_price\":20.00}],\"content_type\":\"product\","
                + "\"content_name\":\"Hot Sauce\",\"content_category\":\"Sauces\",\"num_items\":3,"
                + "\"order_id\":\"1001\",\"coupon\":\"SPRING\",\"gift\":true},"
                + "\"data_processing_options\":[\"LDU\"],\"data_processing_options_country\":1,"
                + "\"data_processing_options_state\":1000}");
    }

    @Test
    void shouldWritePlainIntegerWhenValueHasPositiveExponent() {
        assertThat(purchaseWith(new BigDecimal("1E+3"))).contains("\"value\":1000,");
    }

    @Test
    void shouldWritePlainFractionWhenValueIsTiny() {
        assertThat(purchaseWith(new BigDecimal("1E-8"))).contains("\"value\":0.00000001,");
    }

    @Test
    void shouldKeepScaleWhenValueComesFromDecimalArithmetic() {
        assertThat(purchaseWith(new BigDecimal("0.1").add(new BigDecimal("0.2")))).contains("\"value\":0.3,");
        assertThat(purchaseWith(BigDecimal.valueOf(0.1 + 0.2))).contains("\"value\":0.30000000000000004,");
        assertThat(purchaseWith(new BigDecimal("1200").setScale(-2))).contains("\"value\":1200,");
    }

    @Test
    void shouldWritePlainItemPriceWhenExponentNotation() {
        String json = writer.write(minimal().customData(CustomData.builder()
                .addContent(Content.of("a", 1, new BigDecimal("2.5E+2"))).build()).build(CLOCK));
        assertThat(json).contains("\"item_price\":250}");
    }

    @Test
    void shouldOmitNullsAndEmptiesWhenOptionalDataAbsent() {
        String json = writer.write(minimal().build(CLOCK));
        assertThat(json).isEqualTo("{\"event_name\":\"PageView\",\"event_time\":1700000000,\"event_id\":\"ev1\","
                + "\"action_source\":\"website\",\"event_source_url\":\"https://shop.example.com/\","
                + "\"user_data\":{\"client_ip_address\":\"203.0.113.7\",\"client_user_agent\":\"UA\"}}");
    }

    @Test
    void shouldOmitUserDataAndUrlWhenSystemGeneratedEventHasNone() {
        String json = writer.write(TrackingEvent.builder().eventName("Refund_Issued").eventId("r1").eventTime(NOW)
                .actionSource(ActionSource.SYSTEM_GENERATED).build(CLOCK));
        assertThat(json).isEqualTo("{\"event_name\":\"Refund_Issued\",\"event_time\":1700000000,"
                + "\"event_id\":\"r1\",\"action_source\":\"system_generated\"}");
    }

    @Test
    void shouldWriteHashedFieldsAsArraysWhenSeveralValues() throws Exception {
        UserData u = UserData.builder().addHashed(UserDataField.EMAIL, EM).addHashed(UserDataField.EMAIL, PH)
                .clientUserAgent("UA").build();
        JsonNode node = mapper.readTree(writer.write(minimal().userData(u).build(CLOCK)));
        assertThat(node.at("/user_data/em").isArray()).isTrue();
        assertThat(node.at("/user_data/em/0").asText()).isEqualTo(EM);
        assertThat(node.at("/user_data/em/1").asText()).isEqualTo(PH);
        assertThat(node.at("/user_data/client_user_agent").isTextual()).isTrue();
    }

    @Test
    void shouldWriteEmptyListWhenLduExplicitlyDisabled() {
        assertThat(writer.write(minimal().ldu(LduOptions.disabled()).build(CLOCK)))
                .endsWith(",\"data_processing_options\":[]}")
                .doesNotContain("data_processing_options_country");
    }

    @Test
    void shouldWriteZeroCodesWhenLduGeolocated() {
        assertThat(writer.write(minimal().ldu(LduOptions.geolocated()).build(CLOCK)))
                .endsWith(",\"data_processing_options\":[\"LDU\"],\"data_processing_options_country\":0,"
                        + "\"data_processing_options_state\":0}");
    }

    @Test
    void shouldOmitDataProcessingOptionsWhenLduNotConfigured() {
        assertThat(writer.write(minimal().build(CLOCK))).doesNotContain("data_processing_options");
    }

    @Test
    void shouldProduceParseableJsonWhenStringsAreHostile() throws Exception {
        String hostile = "a\"b\\c</script><script>alert(1)</script>\u2028\u2029\u0000\n\t\u00e9\uD83D\uDE00";
        TrackingEvent event = minimal()
                .eventSourceUrl("https://shop.example.com/" + hostile)
                .userData(UserData.builder().clientUserAgent(hostile).fbp(hostile).build())
                .customData(CustomData.builder().searchString(hostile).contentName(hostile)
                        .extra("note", hostile).extra("nested", Map.of("k\"ey", List.of(hostile, 1.5e-7))).build())
                .build(CLOCK);
        String json = writer.write(event);

        assertThat(json).doesNotContain("\u0000").doesNotContain("\n");
        JsonNode node = mapper.readTree(json);
        assertThat(node.at("/event_source_url").asText()).isEqualTo("https://shop.example.com/" + hostile);
        assertThat(node.at("/user_data/client_user_agent").asText()).isEqualTo(hostile);
        assertThat(node.at("/user_data/fbp").asText()).isEqualTo(hostile);
        assertThat(node.at("/custom_data/search_string").asText()).isEqualTo(hostile);
        assertThat(node.at("/custom_data/content_name").asText()).isEqualTo(hostile);
        assertThat(node.at("/custom_data/note").asText()).isEqualTo(hostile);
        assertThat(node.get("custom_data").get("nested").get("k\"ey").get(0).asText()).isEqualTo(hostile);
        assertThat(json).contains("0.00000015");
    }

    @Test
    void shouldWriteExtrasSortedWhenInsertedOutOfOrder() {
        String json = writer.write(minimal().customData(CustomData.builder().extra("zeta", 1L).extra("alpha", "x")
                .extra("mid", List.of(1, "two", false)).build()).build(CLOCK));
        assertThat(json).contains("\"custom_data\":{\"alpha\":\"x\",\"mid\":[1,\"two\",false],\"zeta\":1}");
    }

    @Test
    void shouldEmbedEventsVerbatimWhenBuildingRequestBody() throws Exception {
        String e1 = writer.write(minimal().build(CLOCK));
        String e2 = writer.write(minimal().eventId("ev2").build(CLOCK));
        byte[] body = writer.requestBody(List.of(e1, e2), "to\"ken", "proof", "broadleafmeta-1", "TEST123");

        String text = new String(body, StandardCharsets.UTF_8);
        assertThat(text).isEqualTo("{\"data\":[" + e1 + "," + e2 + "],\"partner_agent\":\"broadleafmeta-1\","
                + "\"test_event_code\":\"TEST123\",\"access_token\":\"to\\\"ken\",\"appsecret_proof\":\"proof\"}");
        assertThat(mapper.readTree(body).get("access_token").asText()).isEqualTo("to\"ken");
    }

    @Test
    void shouldOmitOptionalBodyKeysWhenAbsent() {
        String e1 = writer.write(minimal().build(CLOCK));
        String text = new String(writer.requestBody(List.of(e1), "t", null, null, null), StandardCharsets.UTF_8);
        assertThat(text).isEqualTo("{\"data\":[" + e1 + "],\"access_token\":\"t\"}");
    }
}
