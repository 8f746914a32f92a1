package io.github.broadleafmeta.benchmarks;

import com.facebook.ads.sdk.serverside.ActionSource;
import com.facebook.ads.sdk.serverside.Content;
import com.facebook.ads.sdk.serverside.CustomData;
import com.facebook.ads.sdk.serverside.Event;
import com.facebook.ads.sdk.serverside.GenderEnum;
import com.facebook.ads.sdk.serverside.UserData;
import io.github.broadleafmeta.core.capi.EventJsonWriter;
import io.github.broadleafmeta.core.event.EventIds;
import io.github.broadleafmeta.core.event.EventNames;
import io.github.broadleafmeta.core.event.TrackingEvent;
import io.github.broadleafmeta.core.outbox.OutboxEntry;
import io.github.broadleafmeta.core.userdata.CustomerInfo;
import io.github.broadleafmeta.core.userdata.NormalizerConfig;
import io.github.broadleafmeta.core.userdata.UserDataNormalizer;

import java.math.BigDecimal;
import java.util.Arrays;

/**
 * One shopper's checkout, as the store hands it over, built twice: for our engine ({@link CustomerInfo},
 * {@link TrackingEvent}) and for Meta's SDK ({@code serverside.UserData}, {@code Event}). Both sides get the same
 * raw values, typed the way each API wants them (the SDK takes floats and a gender enum).
 *
 * <p>The ten hashed user_data fields are em, ph, fn, ln, ge, db, ct, st, zp, country. The full event adds
 * external_id, client_ip_address, client_user_agent, fbc and fbp, and a Purchase custom_data with two contents.
 */
public final class Fixtures {

    public static final String PIXEL_ID = "1234567890";
    /** A dummy credential for the local endpoint; the endpoint ignores it and nothing prints it. */
    public static final String ACCESS_TOKEN = "bench-not-a-real-token";
    public static final String API_VERSION = "v26.0";

    static final String EMAIL = " John_Smith@Gmail.com ";
    static final String PHONE = "+1 (650) 555-1212";
    static final String FIRST_NAME = "Valéry";
    static final String LAST_NAME = "Smith-Jones";
    static final String GENDER = "f";
    static final String DATE_OF_BIRTH = "19970216";
    static final String CITY = "New York";
    static final String STATE = "CA";
    static final String ZIP = "94025-1234";
    static final String COUNTRY = "US";
    static final String EXTERNAL_ID = "customer-1001";
    static final String IP = "203.0.113.7";
    static final String USER_AGENT = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/126.0.0.0 Safari/537.36";
    static final String FBP = "fb.1.1700000000000.1234567890";
    static final String FBC = "fb.1.1700000000000.IwAR2xYzAbCdEfGhIjKlMnOp";
    static final String SOURCE_URL = "https://shop.example.com/checkout/confirmation/";

    private static final UserDataNormalizer NORMALIZER = new UserDataNormalizer(NormalizerConfig.ofDefaults());
    private static final EventJsonWriter WRITER = new EventJsonWriter();

    private Fixtures() {
    }

    public static UserDataNormalizer normalizer() {
        return NORMALIZER;
    }

    /** The ten hashed fields only (the user_data hashing benchmark). */
    public static CustomerInfo customerTenFields() {
        return CustomerInfo.builder().email(EMAIL).phone(PHONE).firstName(FIRST_NAME).lastName(LAST_NAME)
                .gender(GENDER).dateOfBirth(DATE_OF_BIRTH).city(CITY).state(STATE).zip(ZIP).country(COUNTRY)
                .build();
    }

    /** Everything a checkout has: the ten hashed fields plus external id, IP, user agent, fbc, fbp. */
    public static CustomerInfo customerFull(String email, String externalId) {
        return CustomerInfo.builder().email(email).phone(PHONE).firstName(FIRST_NAME).lastName(LAST_NAME)
                .gender(GENDER).dateOfBirth(DATE_OF_BIRTH).city(CITY).state(STATE).zip(ZIP).country(COUNTRY)
                .externalId(externalId).clientIpAddress(IP).clientUserAgent(USER_AGENT).fbc(FBC).fbp(FBP)
                .build();
    }

    /** The SDK's user data with the same ten raw values; the SDK normalizes and hashes when it serializes. */
    public static UserData sdkUserDataTenFields() {
        return new UserData().email(EMAIL).phone(PHONE).firstName(FIRST_NAME).lastName(LAST_NAME)
                .gender(GenderEnum.FEMALE).dateOfBirth(DATE_OF_BIRTH).city(CITY).state(STATE).zipcode(ZIP)
                .countryCode(COUNTRY);
    }

    public static UserData sdkUserDataFull(String email, String externalId) {
        return sdkUserDataTenFields().email(email).externalId(externalId).clientIpAddress(IP)
                .clientUserAgent(USER_AGENT).fbc(FBC).fbp(FBP);
    }

    /** Our Purchase for order {@code orderNumber}: normalize + hash the customer, build and validate the event. */
    public static TrackingEvent ourPurchase(String orderNumber, CustomerInfo customer, long eventTime) {
        return TrackingEvent.builder()
                .eventName(EventNames.PURCHASE)
                .eventId(EventIds.forOrder(orderNumber))
                .eventTime(eventTime)
                .eventSourceUrl(SOURCE_URL + orderNumber)
                .userData(NORMALIZER.normalize(customer).userData())
                .customData(io.github.broadleafmeta.core.event.CustomData.builder()
                        .value(new BigDecimal("142.50"))
                        .currency("USD")
                        .contentIds(Arrays.asList("sku-1", "sku-2"))
                        .addContent(io.github.broadleafmeta.core.event.Content.of("sku-1", 2, new BigDecimal("49.75")))
                        .addContent(io.github.broadleafmeta.core.event.Content.of("sku-2", 1, new BigDecimal("43.00")))
                        .contentType("product")
                        .numItems(3)
                        .orderId(orderNumber)
                        .build())
                .build();
    }

    /** The same Purchase built with the SDK's classes (same event_id, so the endpoint sees the same ids). */
    public static Event sdkPurchase(String orderNumber, UserData userData, long eventTime) {
        CustomData customData = new CustomData()
                .value(142.50f)
                .currency("usd")
                .contentIds(Arrays.asList("sku-1", "sku-2"))
                .addContent(new Content().productId("sku-1").quantity(2L).itemPrice(49.75f))
                .addContent(new Content().productId("sku-2").quantity(1L).itemPrice(43.00f))
                .contentType("product")
                .numItems("3")
                .orderId(orderNumber);
        return new Event()
                .eventName("Purchase")
                .eventId(EventIds.forOrder(orderNumber))
                .eventTime(eventTime)
                .eventSourceUrl(SOURCE_URL + orderNumber)
                .actionSource(ActionSource.website)
                .userData(userData)
                .customData(customData);
    }

    /** The order number of the n-th generated event in a run tagged {@code runTag}. */
    public static String orderNumber(String runTag, int n) {
        return runTag + "-" + n;
    }

    /** The n-th customer of a generated stream: a distinct email and external id per event. */
    public static String email(int n) {
        return "customer" + n + "@example.com";
    }

    /**
     * What the store's request path does for one Purchase: normalize + hash, build, serialize once, wrap as an
     * outbox row (the dispatcher embeds the stored JSON verbatim).
     */
    public static OutboxEntry outboxEntry(String runTag, int n, long eventTime) {
        String order = orderNumber(runTag, n);
        TrackingEvent event = ourPurchase(order, customerFull(email(n), "customer-" + n), eventTime);
        return OutboxEntry.builder()
                .pixelId(PIXEL_ID)
                .eventName(event.eventName())
                .eventId(event.eventId())
                .eventTime(event.eventTime())
                .payloadJson(WRITER.write(event))
                .orderNumber(order)
                .matchKeys("em,ph,fn,ln,ge,db,ct,st,zp,country,external_id,client_ip_address,client_user_agent,fbc,fbp")
                .build();
    }

    public static Event sdkEvent(String runTag, int n, long eventTime) {
        return sdkPurchase(orderNumber(runTag, n), sdkUserDataFull(email(n), "customer-" + n), eventTime);
    }
}
