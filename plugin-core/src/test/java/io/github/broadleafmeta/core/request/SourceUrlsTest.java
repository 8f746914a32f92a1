package io.github.broadleafmeta.core.request;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.broadleafmeta.core.event.TrackingEvent;
import io.github.broadleafmeta.core.event.UserData;
import io.github.broadleafmeta.core.tracking.ShopperRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SourceUrlsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            // secrets and what the shopper typed leave; campaign parameters stay
            "https://shop.example/reset-password?token=s3cr3t-Reset-Token|https://shop.example/reset-password",
            "https://shop.example/account?email=jane%40example.com&utm_source=mail|https://shop.example/account?utm_source=mail",
            "https://shop.example/search?q=pregnancy+test&page=2|https://shop.example/search",
            "https://shop.example/p/1?utm_source=fb&utm_medium=cpc&fbclid=IwAR0abc&ref=x|https://shop.example/p/1?utm_source=fb&utm_medium=cpc&fbclid=IwAR0abc",
            "https://shop.example/p/1?UTM_Campaign=Spring|https://shop.example/p/1?UTM_Campaign=Spring",
            "https://shop.example/p/1?gclid=abc&utm_term=jane@example.com|https://shop.example/p/1",
            // servlet session ids in path parameters never leave
            "http://localhost:8080/cart;jsessionid=0A1B2C3D4E5F|http://localhost:8080/cart",
            "http://localhost:8080/;jsessionid=0A1B2C3D4E5F?utm_source=x|http://localhost:8080/?utm_source=x",
            "https://shop.example/a;v=1/b;jsessionid=XYZ/c|https://shop.example/a/b/c",
            "https://shop.example;jsessionid=XYZ|https://shop.example",
            // an e-mail in the path ends the path there
            "https://shop.example/unsubscribe/jane@example.com/confirm|https://shop.example/unsubscribe/",
            "https://shop.example/u/jane%40example.com?utm_source=x|https://shop.example/u/?utm_source=x",
            // fragment and user info
            "https://shop.example/checkout#payment|https://shop.example/checkout",
            "https://admin:hunter2@shop.example/x|https://shop.example/x",
            "HTTPS://Shop.Example/P/1|HTTPS://Shop.Example/P/1",
            // not a web page URL
            "javascript:alert(1)|NULL",
            "ftp://shop.example/x|NULL",
            "https://|NULL",
            " |NULL",
            "NULL|NULL",
    })
    void shouldKeepOnlyTheAllowListedPartsOfAPageUrl(String raw, String expected) {
        assertThat(SourceUrls.clean(raw)).isEqualTo(expected);
    }

    @Test
    void shouldCapLengthWhenUrlIsVeryLong() {
        String longPath = "https://shop.example/" + "a".repeat(3000);
        assertThat(SourceUrls.clean(longPath)).hasSize(SourceUrls.MAX_LENGTH).startsWith("https://shop.example/aaa");
        String longQuery = "https://shop.example/p?utm_content=" + "b".repeat(3000);
        assertThat(SourceUrls.clean(longQuery)).isEqualTo("https://shop.example/p");
    }

    @Test
    void shouldNotSplitAPercentEscapeWhenCapping() {
        String url = "https://shop.example/" + "a".repeat(SourceUrls.MAX_LENGTH - 22) + "%C3%A9";
        String cleaned = SourceUrls.clean(url);
        assertThat(cleaned.length()).isLessThanOrEqualTo(SourceUrls.MAX_LENGTH);
        assertThat(cleaned).doesNotEndWith("%").doesNotEndWith("%C").doesNotEndWith("%C3%").doesNotEndWith("%C3%A");
    }

    @Test
    void shouldBeIdempotent() {
        String once = SourceUrls.clean("https://shop.example/a;jsessionid=1?utm_source=x&q=y#f");
        assertThat(SourceUrls.clean(once)).isEqualTo(once);
    }

    @Test
    void shouldCarryTheCleanUrlWhenShopperRequestIsCaptured() {
        ShopperRequest request = new ShopperRequest("203.0.113.5", "Mozilla/5.0", null, null,
                "http://localhost:8080/confirmation;jsessionid=0A1B2C?token=s3cr3t#top", true);
        assertThat(request.sourceUrl()).isEqualTo("http://localhost:8080/confirmation");
    }

    @Test
    void shouldSendTheCleanUrlWhenAnEventIsBuiltFromARawOne() {
        TrackingEvent event = TrackingEvent.builder().eventName("PageView").eventId("e1")
                .eventSourceUrl("https://shop.example/search;jsessionid=1?q=secret+thing&fbclid=Iw1")
                .userData(UserData.builder().clientUserAgent("Mozilla/5.0").clientIpAddress("203.0.113.5").build())
                .build();
        assertThat(event.eventSourceUrl()).isEqualTo("https://shop.example/search?fbclid=Iw1");
    }

    @Test
    void shouldTakeTheSameHostRefererAsThePageOfAFormPost() {
        assertThat(SourceUrls.pageUrl("POST", "http://shop.test/cart/add", null, "https://shop.test/beans/kenya?x=1",
                "shop.test")).isEqualTo("https://shop.test/beans/kenya?x=1");
        assertThat(SourceUrls.pageUrl("POST", "http://shop.test/cart/add", null, "https://evil.test/shop.test/",
                "shop.test")).isEqualTo("http://shop.test/cart/add");
        assertThat(SourceUrls.pageUrl("POST", "http://shop.test/cart/add", "a=1", null, "shop.test"))
                .isEqualTo("http://shop.test/cart/add");
    }

    @Test
    void shouldTakeTheRequestUrlWithItsQueryAsThePageOfAGet() {
        assertThat(SourceUrls.pageUrl("GET", "http://shop.test/search", "q=kenya", "http://shop.test/", "shop.test"))
                .isEqualTo("http://shop.test/search?q=kenya");
        assertThat(SourceUrls.pageUrl("GET", null, "q=kenya", null, "shop.test")).isNull();
    }
}
