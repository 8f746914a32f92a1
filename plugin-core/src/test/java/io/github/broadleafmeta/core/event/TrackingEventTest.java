package io.github.broadleafmeta.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TrackingEventTest {

    static final long NOW = 1_700_000_000L;
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    static final String SHA = "62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f";

    static UserData user() {
        return UserData.builder().addHashed(UserDataField.EMAIL, SHA).clientUserAgent("Mozilla/5.0")
                .clientIpAddress("203.0.113.7").build();
    }

    static TrackingEvent.Builder pageView() {
        return TrackingEvent.builder().eventName(EventNames.PAGE_VIEW).eventId("abc").eventTime(NOW - 10)
                .eventSourceUrl("https://shop.example.com/").userData(user());
    }

    @Test
    void shouldBuildWithDefaultsWhenWebsiteEventIsComplete() {
        TrackingEvent e = pageView().build(CLOCK);
        assertThat(e.actionSource()).isEqualTo(ActionSource.WEBSITE);
        assertThat(e.eventTime()).isEqualTo(NOW - 10);
        assertThat(e.customData().isEmpty()).isTrue();
        assertThat(e.ldu()).isNull();
    }

    @Test
    void shouldClampToNowWhenEventTimeIsInTheFuture() {
        assertThat(pageView().eventTime(NOW + 3600).build(CLOCK).eventTime()).isEqualTo(NOW);
    }

    @Test
    void shouldUseNowWhenEventTimeIsNotSet() {
        assertThat(pageView().eventTime((Instant) null).build(CLOCK).eventTime()).isEqualTo(NOW);
    }

    @Test
    void shouldRefuseWhenEventTimeLooksLikeMilliseconds() {
        assertThatThrownBy(() -> pageView().eventTime(NOW * 1000).build(CLOCK))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("event_time")
                .hasMessageContaining("SECONDS");
    }

    @Test
    void shouldRefuseWhenEventTimeIsNotPositive() {
        assertThatThrownBy(() -> pageView().eventTime(0).build(CLOCK)).hasMessageContaining("event_time");
    }

    @Test
    void shouldNameEventSourceUrlWhenWebsiteEventHasNone() {
        assertThatThrownBy(() -> pageView().eventSourceUrl(null).build(CLOCK))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("event_source_url");
    }

    @Test
    void shouldRefuseWhenEventSourceUrlIsNotHttp() {
        assertThatThrownBy(() -> pageView().eventSourceUrl("javascript:alert(1)").build(CLOCK))
                .hasMessageContaining("event_source_url");
    }

    @Test
    void shouldNameClientUserAgentWhenWebsiteEventHasNone() {
        UserData noUa = user().toBuilder().clientUserAgent(null).build();
        assertThatThrownBy(() -> pageView().userData(noUa).build(CLOCK))
                .hasMessageContaining("user_data.client_user_agent");
    }

    @Test
    void shouldRefuseWhenWebsiteEventHasNoCustomerInformation() {
        UserData onlyUa = UserData.builder().clientUserAgent("Mozilla/5.0").build();
        assertThatThrownBy(() -> pageView().userData(onlyUa).build(CLOCK))
                .hasMessageContaining("customer-information");
    }

    @Test
    void shouldAllowMissingUrlWhenActionSourceIsNotWebsite() {
        TrackingEvent e = pageView().actionSource(ActionSource.SYSTEM_GENERATED).eventSourceUrl(null)
                .userData(UserData.empty()).build(CLOCK);
        assertThat(e.actionSource().wireName()).isEqualTo("system_generated");
    }

    @Test
    void shouldRequireValueWhenEventIsPurchase() {
        CustomData noValue = CustomData.builder().currency("usd").build();
        assertThatThrownBy(() -> pageView().eventName(EventNames.PURCHASE).customData(noValue).build(CLOCK))
                .hasMessageContaining("custom_data.value").hasMessageContaining("Purchase");
    }

    @Test
    void shouldRequireCurrencyWhenEventIsPurchase() {
        assertThatThrownBy(() -> pageView().eventName(EventNames.PURCHASE).customData(CustomData.empty())
                .build(CLOCK)).hasMessageContaining("custom_data.value");
        // value without currency is refused already by CustomData
        assertThatThrownBy(() -> CustomData.builder().value(BigDecimal.TEN).build())
                .hasMessageContaining("custom_data.currency");
    }

    @Test
    void shouldBuildPurchaseWhenValueAndCurrencyPresent() {
        TrackingEvent e = pageView().eventName(EventNames.PURCHASE).eventId(EventIds.forOrder("1001"))
                .customData(CustomData.builder().value(new BigDecimal("12.50")).currency("eur").build())
                .build(CLOCK);
        assertThat(e.customData().currency()).isEqualTo("EUR");
        assertThat(e.eventId()).isEqualTo("order.1001");
    }

    @Test
    void shouldNameEventIdWhenMissingOrUnsafe() {
        assertThatThrownBy(() -> pageView().eventId(null).build(CLOCK)).hasMessageContaining("event_id");
        assertThatThrownBy(() -> pageView().eventId("a\"b").build(CLOCK)).hasMessageContaining("event_id");
    }

    @Test
    void shouldNameEventNameWhenInvalid() {
        assertThatThrownBy(() -> pageView().eventName("bad-name!").build(CLOCK))
                .hasMessageContaining("event_name").hasMessageContaining("bad-name!");
    }

    @Test
    void shouldRoundTripWhenToBuilderIsUsed() {
        TrackingEvent e = pageView().ldu(LduOptions.geolocated()).build(CLOCK);
        TrackingEvent copy = e.toBuilder().build(CLOCK);
        assertThat(copy.eventId()).isEqualTo(e.eventId());
        assertThat(copy.eventTime()).isEqualTo(e.eventTime());
        assertThat(copy.ldu()).isEqualTo(LduOptions.geolocated());
        assertThat(copy.userData().hashed(UserDataField.EMAIL)).containsExactly(SHA);
    }

    @Test
    void shouldKeepUrlAndUserDataOutOfToStringWhenLogged() {
        TrackingEvent e = pageView().eventSourceUrl("https://shop.example.com/?email=a@b.c").build(CLOCK);
        assertThat(e.toString()).doesNotContain("a@b.c").doesNotContain(SHA).contains("abc");
    }
}
