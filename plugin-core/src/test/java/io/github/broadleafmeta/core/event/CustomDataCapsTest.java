package io.github.broadleafmeta.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.broadleafmeta.core.capi.EventJsonWriter;
import io.github.broadleafmeta.core.outbox.OutboxEntry;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Free text and contents are capped so that no event is too large to keep or send. */
class CustomDataCapsTest {

    @Test
    void shouldKeepTheFirstContentsAndTheRealValueAndCountWhenCartIsHuge() {
        int lines = 30_000;
        List<Content> contents = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            contents.add(Content.of("sku-" + i, 2, new BigDecimal("1.25")));
            ids.add("sku-" + i);
        }
        CustomData data = CustomData.builder().value(new BigDecimal("75000.00")).currency("EUR")
                .contents(contents).contentIds(ids).numItems(2 * lines).orderId("1001").build();

        assertThat(data.contents()).hasSize(CustomData.MAX_CONTENTS);
        assertThat(data.contentIds()).hasSize(CustomData.MAX_CONTENTS);
        assertThat(data.contents().get(0).id()).isEqualTo("sku-0");
        assertThat(data.contentIds().get(CustomData.MAX_CONTENTS - 1)).isEqualTo("sku-" + (CustomData.MAX_CONTENTS - 1));
        assertThat(data.value()).isEqualByComparingTo("75000.00");
        assertThat(data.numItems()).isEqualTo(60_000);
    }

    @Test
    void shouldFitTheOutboxWhenPurchaseHasThirtyThousandLinesWithLongIds() {
        List<Content> contents = new ArrayList<>();
        for (int i = 0; i < 30_000; i++) {
            contents.add(Content.of("sku-" + "x".repeat(60) + i, 1, new BigDecimal("9.99")));
        }
        TrackingEvent purchase = TrackingEvent.builder().eventName("Purchase").eventId("order.1001")
                .eventSourceUrl("https://shop.example/checkout").userData(UserData.builder()
                        .clientUserAgent("Mozilla/5.0").clientIpAddress("203.0.113.7").build())
                .customData(CustomData.builder().value(new BigDecimal("299700.00")).currency("USD")
                        .contents(contents).numItems(30_000).build())
                .build();
        String json = new EventJsonWriter().write(purchase);

        assertThat(json.length()).isLessThan(OutboxEntry.MAX_PAYLOAD_LENGTH);
        assertThat(OutboxEntry.builder().pixelId("123456789012345").eventName("Purchase").eventId("order.1001")
                .eventTime(purchase.eventTime()).payloadJson(json).build().payloadJson()).isEqualTo(json);
        assertThat(json).contains("\"num_items\":30000", "\"value\":299700.00");
    }

    @Test
    void shouldCapEveryFreeTextFieldWhenLongerThanTheLimit() {
        String longText = "a".repeat(5_000);
        CustomData data = CustomData.builder().searchString(longText).contentName(longText)
                .contentCategory(longText).orderId(longText).addContentId(longText)
                .addContent(Content.of(longText, 1, null)).extra("note", longText).build();

        assertThat(data.searchString()).hasSize(CustomData.MAX_TEXT_LENGTH);
        assertThat(data.contentName()).hasSize(CustomData.MAX_TEXT_LENGTH);
        assertThat(data.contentCategory()).hasSize(CustomData.MAX_TEXT_LENGTH);
        assertThat(data.orderId()).hasSize(CustomData.MAX_TEXT_LENGTH);
        assertThat(data.contentIds().get(0)).hasSize(CustomData.MAX_TEXT_LENGTH);
        assertThat(data.contents().get(0).id()).hasSize(CustomData.MAX_TEXT_LENGTH);
        assertThat((String) data.extras().get("note")).hasSize(CustomData.MAX_TEXT_LENGTH);
    }

    @Test
    void shouldNotSplitASurrogatePairWhenCapping() {
        String text = "a".repeat(CustomData.MAX_TEXT_LENGTH - 1) + "\uD83D\uDE00tail";
        String capped = CustomData.builder().searchString(text).build().searchString();

        assertThat(capped).isEqualTo("a".repeat(CustomData.MAX_TEXT_LENGTH - 1));
    }

    @Test
    void shouldKeepShortTextUnchanged() {
        assertThat(CustomData.builder().searchString("espresso grinder").build().searchString())
                .isEqualTo("espresso grinder");
    }
}
