package io.github.broadleafmeta.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventModelTest {

    @Test
    void shouldRecognizeStandardNamesWhenCaseMatches() {
        assertThat(EventNames.isStandard("Purchase")).isTrue();
        assertThat(EventNames.isStandard("purchase")).isFalse();
        assertThat(EventNames.isStandard(null)).isFalse();
        assertThat(EventNames.standard()).contains("PageView", "Subscribe", "CustomizeProduct");
    }

    @Test
    void shouldAcceptCustomNameWhenLettersDigitsUnderscoreSpace() {
        assertThat(EventNames.validate("Gift_Card Redeemed 2")).isEqualTo("Gift_Card Redeemed 2");
    }

    @Test
    void shouldRefuseCustomNameWhenTooLongOrUnsafe() {
        String fiftyOne = "a".repeat(51);
        assertThatThrownBy(() -> EventNames.validate(fiftyOne)).hasMessageContaining("50").hasMessageContaining("51");
        assertThat(EventNames.validate("a".repeat(50))).hasSize(50);
        assertThatThrownBy(() -> EventNames.validate("<script>")).hasMessageContaining("letters");
        assertThatThrownBy(() -> EventNames.validate(" padded")).hasMessageContaining("letters");
        assertThatThrownBy(() -> EventNames.validate("")).hasMessageContaining("required");
    }

    @Test
    void shouldGenerateDistinctSafeIdsWhenRandom() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = EventIds.random();
            assertThat(id).hasSize(22).matches("[A-Za-z0-9_-]+");
            ids.add(id);
        }
        assertThat(ids).hasSize(10_000);
    }

    @Test
    void shouldDeriveSameIdWhenSameOrderNumber() {
        assertThat(EventIds.forOrder("20240101-0042")).isEqualTo("order.20240101-0042")
                .isEqualTo(EventIds.forOrder("20240101-0042"));
    }

    @Test
    void shouldHashOrderNumberWhenItHasUnsafeCharacters() {
        String id = EventIds.forOrder("A/B \"1\"");
        assertThat(id).startsWith("orderh.").hasSize(7 + 32).isEqualTo(EventIds.forOrder("A/B \"1\""));
        assertThat(EventIds.isValid(id)).isTrue();
        assertThat(EventIds.forOrder("x".repeat(200))).startsWith("orderh.");
        assertThat(EventIds.forOrder("A/B \"2\"")).isNotEqualTo(id);
    }

    @Test
    void shouldRefuseOrderIdWhenOrderNumberBlank() {
        assertThatThrownBy(() -> EventIds.forOrder(" ")).hasMessageContaining("orderNumber");
    }

    @Test
    void shouldValidateEventIdLengthAndCharacters() {
        assertThat(EventIds.validate("a".repeat(100))).hasSize(100);
        assertThatThrownBy(() -> EventIds.validate("a".repeat(101))).hasMessageContaining("100");
        assertThatThrownBy(() -> EventIds.validate("a b")).hasMessageContaining("a b");
    }

    @Test
    void shouldMapActionSourceWireNamesBothWays() {
        for (ActionSource s : ActionSource.values()) {
            assertThat(ActionSource.fromWireName(s.wireName())).isSameAs(s);
        }
        assertThat(ActionSource.PHONE_CALL.wireName()).isEqualTo("phone_call");
        assertThatThrownBy(() -> ActionSource.fromWireName("web")).hasMessageContaining("web");
    }

    @Test
    void shouldUppercaseCurrencyWhenGivenLowercase() {
        assertThat(CustomData.builder().currency(" usd ").build().currency()).isEqualTo("USD");
    }

    @Test
    void shouldNameCurrencyWhenNotThreeLetters() {
        assertThatThrownBy(() -> CustomData.builder().currency("US$").build())
                .hasMessageContaining("custom_data.currency").hasMessageContaining("US$");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"XYZ", "BTC", "ABC", "XXX", "XTS", "XAU"})
    void shouldRefuseCurrencyWhenItIsNotAnIso4217MoneyCode(String code) {
        assertThatThrownBy(() -> CustomData.builder().value(BigDecimal.TEN).currency(code).build())
                .isInstanceOf(UnsupportedCurrencyException.class)
                .hasMessageContaining("ISO 4217").hasMessageContaining(code);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"eur,EUR", "JPY,JPY", "xof,XOF", " gbp ,GBP", "CHF,CHF"})
    void shouldAcceptCurrencyWhenItIsIso4217(String code, String expected) {
        assertThat(CustomData.builder().value(BigDecimal.ONE).currency(code).build().currency()).isEqualTo(expected);
    }

    @Test
    void shouldNameContentTypeWhenNotProductOrGroup() {
        assertThatThrownBy(() -> CustomData.builder().contentType("sku").build())
                .hasMessageContaining("content_type").hasMessageContaining("sku");
    }

    @Test
    void shouldRefuseExtraWhenItShadowsStandardKey() {
        assertThatThrownBy(() -> CustomData.builder().extra("value", 3).build()).hasMessageContaining("\"value\"");
    }

    @Test
    void shouldRefuseExtraWhenTypeUnsupportedOrNotFinite() {
        assertThatThrownBy(() -> CustomData.builder().extra("when", new Object()).build())
                .hasMessageContaining("custom_data.when");
        assertThatThrownBy(() -> CustomData.builder().extra("x", Double.NaN).build()).hasMessageContaining("finite");
    }

    @Test
    void shouldCopyExtrasDeeplyAndSortThemWhenBuilt() {
        java.util.ArrayList<Object> list = new java.util.ArrayList<>(List.of("a"));
        CustomData c = CustomData.builder().extra("z", 1).extra("a", list).extra("m", Map.of("k", 2.5)).build();
        list.add("mutated");
        assertThat(c.extras().keySet()).containsExactly("a", "m", "z");
        assertThat(c.extras().get("a")).isEqualTo(List.of("a"));
        assertThat(((Map<?, ?>) c.extras().get("m")).get("k")).isEqualTo(new BigDecimal("2.5"));
        assertThatThrownBy(() -> c.extras().put("b", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shouldRefuseMoneyWhenExponentIsAbsurd() {
        assertThatThrownBy(() -> CustomData.builder().value(new BigDecimal("1E+400")).currency("USD").build())
                .hasMessageContaining("custom_data.value");
    }

    @Test
    void shouldNameContentFieldsWhenInvalid() {
        assertThatThrownBy(() -> Content.of(" ", 1, BigDecimal.ONE)).hasMessageContaining("contents[].id");
        assertThatThrownBy(() -> Content.of("sku", -1, BigDecimal.ONE)).hasMessageContaining("quantity");
    }

    @Test
    void shouldDescribeLduShapesWhenBuilt() {
        assertThat(LduOptions.disabled().isLimitedDataUse()).isFalse();
        assertThat(LduOptions.geolocated().country()).isZero();
        assertThat(LduOptions.of(LduOptions.COUNTRY_US, LduOptions.STATE_CALIFORNIA).state()).isEqualTo(1000);
        assertThatThrownBy(() -> LduOptions.of(-1, 0)).hasMessageContaining("data_processing_options_country");
    }

    @Test
    void shouldTreatSevenDaysAsTooOldWhenCheckingAge() {
        long now = 1_700_000_000L;
        Clock clock = Clock.fixed(Instant.ofEpochSecond(now), ZoneOffset.UTC);
        long sevenDays = EventTimes.MAX_AGE.getSeconds();
        assertThat(EventTimes.isTooOld(now - sevenDays, clock)).isTrue();
        assertThat(EventTimes.isTooOld(now - sevenDays + 1, clock)).isFalse();
        assertThat(EventTimes.clampToNow(now + 5, clock)).isEqualTo(now);
        assertThat(EventTimes.clampToNow(now - 5, clock)).isEqualTo(now - 5);
        assertThat(EventTimes.secondsFromMillis(1_700_000_000_999L)).isEqualTo(now);
        assertThat(EventTimes.secondsFromMillis(-1L)).isEqualTo(-1L);
    }
}
