package io.github.broadleafmeta.benchmarks;

import com.facebook.ads.sdk.APIContext;
import com.facebook.ads.sdk.serverside.Event;
import com.facebook.ads.sdk.serverside.EventRequest;
import com.facebook.ads.utils.ServerSideApiConstants;
import com.facebook.ads.utils.ServerSideApiUtil;
import com.google.gson.Gson;
import io.github.broadleafmeta.core.capi.EventJsonWriter;
import io.github.broadleafmeta.core.event.CustomData;
import io.github.broadleafmeta.core.event.TrackingEvent;
import io.github.broadleafmeta.core.event.UserData;
import io.github.broadleafmeta.core.userdata.CustomerInfo;
import io.github.broadleafmeta.core.userdata.NormalizationResult;
import io.github.broadleafmeta.core.userdata.UserDataNormalizer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.Collections;
import java.util.concurrent.TimeUnit;

/**
 * Issue 7, item 2: the cost of customer-data hashing and of one event's JSON, ours next to Meta's SDK, in one JMH
 * run. Method names are {@code <what>_<whose>}; the report pairs them by {@code <what>}.
 *
 * <ul>
 *   <li>{@code userData_*}: normalize + SHA-256 the ten hashed fields. Ours: {@link UserDataNormalizer#normalize}.
 *       SDK: the routine its Gson adapters run per field ({@code isAlreadyHashed ? v : hash(normalize(v))}).</li>
 *   <li>{@code userDataJson_sdk}: the SDK's {@code UserData} through Gson (normalize + hash + JSON): for
 *       reference, the SDK has no way to hash without serializing.</li>
 *   <li>{@code eventJson_*}: one Purchase from raw customer values to its JSON. Ours: normalize, build and
 *       validate a {@link TrackingEvent}, {@link EventJsonWriter#write}. SDK: build {@code Event}/{@code UserData}/
 *       {@code CustomData}, {@link EventRequest#getSerializedPayload()} (the {@code data} JSON it posts; it hashes
 *       there).</li>
 *   <li>{@code eventBuildWrite_ours}: item 2(b) as written: user_data already hashed, build + serialize only.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HashingBenchmark {

    private static final Gson GSON = new Gson();

    private UserDataNormalizer normalizer;
    private EventJsonWriter writer;
    private CustomerInfo tenFields;
    private CustomerInfo fullCustomer;
    private UserData hashedUserData;
    private CustomData purchaseCustomData;
    private com.facebook.ads.sdk.serverside.UserData sdkTenFields;
    private APIContext sdkContext;
    private long eventTime;

    @Setup
    public void setUp() {
        eventTime = System.currentTimeMillis() / 1000 - 60;
        normalizer = Fixtures.normalizer();
        writer = new EventJsonWriter();
        tenFields = Fixtures.customerTenFields();
        fullCustomer = Fixtures.customerFull(Fixtures.EMAIL, Fixtures.EXTERNAL_ID);
        hashedUserData = normalizer.normalize(fullCustomer).userData();
        purchaseCustomData = Fixtures.ourPurchase("1001", fullCustomer, eventTime).customData();
        sdkTenFields = Fixtures.sdkUserDataTenFields();
        // No crash reporter, no debug log; the endpoint is never called here.
        sdkContext = new APIContext("http://127.0.0.1:9", "http://127.0.0.1:9", Fixtures.API_VERSION,
                Fixtures.ACCESS_TOKEN, null, null, false);
    }

    @Benchmark
    public NormalizationResult userData_ours() {
        return normalizer.normalize(tenFields);
    }

    @Benchmark
    public String[] userData_sdk() {
        return new String[] {
            sdkHash(Fixtures.EMAIL, ServerSideApiConstants.EMAIL),
            sdkHash(Fixtures.PHONE, ServerSideApiConstants.PHONE_NUMBER),
            sdkHash(Fixtures.FIRST_NAME, ServerSideApiConstants.FIRST_NAME),
            sdkHash(Fixtures.LAST_NAME, ServerSideApiConstants.LAST_NAME),
            // The SDK's gender adapter hashes the enum's wire value without normalizing.
            ServerSideApiUtil.hash(Fixtures.GENDER),
            sdkHash(Fixtures.DATE_OF_BIRTH, ServerSideApiConstants.DATE_OF_BIRTH),
            sdkHash(Fixtures.CITY, ServerSideApiConstants.CITY),
            sdkHash(Fixtures.STATE, ServerSideApiConstants.STATE),
            sdkHash(Fixtures.ZIP, ServerSideApiConstants.ZIP_CODE),
            sdkHash(Fixtures.COUNTRY, ServerSideApiConstants.COUNTRY),
        };
    }

    /** What {@code Sha256StringListAdaptor.normalizeAndHash} does for one value. */
    static String sdkHash(String value, String field) {
        if (ServerSideApiUtil.isAlreadyHashed(value)) {
            return value;
        }
        String normalized = ServerSideApiUtil.normalize(value, field);
        return normalized == null ? null : ServerSideApiUtil.hash(normalized);
    }

    @Benchmark
    public String userDataJson_sdk() {
        return GSON.toJson(sdkTenFields);
    }

    @Benchmark
    public String eventJson_ours() {
        TrackingEvent event = Fixtures.ourPurchase("1001", fullCustomer, eventTime);
        return writer.write(event);
    }

    @Benchmark
    public String eventJson_sdk() {
        Event event = Fixtures.sdkPurchase("1001", Fixtures.sdkUserDataFull(Fixtures.EMAIL, Fixtures.EXTERNAL_ID),
                eventTime);
        return new EventRequest(Fixtures.PIXEL_ID, sdkContext).data(Collections.singletonList(event))
                .getSerializedPayload();
    }

    @Benchmark
    public String eventBuildWrite_ours() {
        TrackingEvent event = TrackingEvent.builder()
                .eventName("Purchase")
                .eventId("order.1001")
                .eventTime(eventTime)
                .eventSourceUrl(Fixtures.SOURCE_URL + "1001")
                .userData(hashedUserData)
                .customData(purchaseCustomData)
                .build();
        return writer.write(event);
    }
}
