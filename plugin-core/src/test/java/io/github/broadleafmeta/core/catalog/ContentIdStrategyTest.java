package io.github.broadleafmeta.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ContentIdStrategyTest {

    private static final CatalogKey SINGLE = CatalogKey.of("3001", "4001", "MPN-77", false);
    private static final CatalogKey VARIANT = CatalogKey.of("3002", "4102", null, true);

    @Test
    void shouldUseSkuIdWhenSettingIsBlank() {
        ContentIdStrategy s = ContentIdStrategy.parse(" ");
        assertThat(s.contentId(SINGLE)).isEqualTo("4001");
        assertThat(s.contentType(SINGLE, true)).isEqualTo("product");
        assertThat(s.skuLevel()).isTrue();
    }

    @Test
    void shouldUseProductIdAndProductGroupWhenProductSellsSeveralSkus() {
        ContentIdStrategy s = ContentIdStrategy.parse("product");
        assertThat(s.contentId(SINGLE)).isEqualTo("3001");
        assertThat(s.contentType(SINGLE, false)).isEqualTo("product");
        assertThat(s.contentId(VARIANT)).isEqualTo("3002");
        assertThat(s.contentType(VARIANT, false)).isEqualTo("product_group");
        assertThat(s.feedItemId(VARIANT)).isEqualTo("3002_4102");
        assertThat(s.groupId(VARIANT)).isEqualTo("3002");
    }

    @Test
    void shouldUseExternalIdAndFallBackToProductIdWhenItemHasNone() {
        ContentIdStrategy s = ContentIdStrategy.parse("EXTERNAL");
        assertThat(s.contentId(SINGLE)).isEqualTo("MPN-77");
        assertThat(s.contentId(VARIANT)).isEqualTo("3002");
        assertThat(s.skuLevel()).isFalse();
    }

    @Test
    void shouldExpandPatternPlaceholdersWhenSettingIsAPattern() {
        assertThat(ContentIdStrategy.parse("brewbeans_{skuId}").contentId(SINGLE)).isEqualTo("brewbeans_4001");
        assertThat(ContentIdStrategy.parse("{productId}-{skuId}").contentId(SINGLE)).isEqualTo("3001-4001");
        assertThat(ContentIdStrategy.parse("shop:{externalId}").contentId(SINGLE)).isEqualTo("shop:MPN-77");
    }

    @Test
    void shouldReportWholeProductWithSeveralSkusAsGroupWhenStrategyIsSkuLevel() {
        ContentIdStrategy s = ContentIdStrategy.parse("bb_{skuId}");
        assertThat(s.productContentId(VARIANT)).isEqualTo("bb_p3002");
        assertThat(s.contentType(VARIANT, true)).isEqualTo("product_group");
        assertThat(s.contentType(VARIANT, false)).isEqualTo("product");
        assertThat(s.feedItemId(VARIANT)).isEqualTo("bb_4102");
        assertThat(s.productContentId(SINGLE)).isEqualTo("bb_4001");
    }

    @Test
    void shouldRejectPatternWhenItHasNoPlaceholder() {
        assertThat(ContentIdStrategy.problem("brewbeans_")).contains("{skuId}");
    }

    @Test
    void shouldRejectPatternWhenPlaceholderIsUnknown() {
        assertThat(ContentIdStrategy.problem("x_{sku}")).contains("unknown placeholder {sku}");
        assertThat(ContentIdStrategy.problem("x_{skuId")).contains("unknown placeholder {skuId");
    }

    @Test
    void shouldRejectPatternWhenLiteralTextHoldsMarkupOrBlanks() {
        assertThat(ContentIdStrategy.problem("<b>{skuId}")).contains("letters, digits");
        assertThat(ContentIdStrategy.problem("a b{skuId}")).contains("letters, digits");
        assertThatThrownBy(() -> ContentIdStrategy.parse("\"{skuId}")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldAcceptNamedStrategiesWhenValidated() {
        assertThat(ContentIdStrategy.problem("sku")).isNull();
        assertThat(ContentIdStrategy.problem("product")).isNull();
        assertThat(ContentIdStrategy.problem("external")).isNull();
        assertThat(ContentIdStrategy.problem("brewbeans_{skuId}")).isNull();
    }
}
