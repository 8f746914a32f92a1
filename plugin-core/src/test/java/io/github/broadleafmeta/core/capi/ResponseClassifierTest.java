package io.github.broadleafmeta.core.capi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResponseClassifierTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-01T12:00:00Z"), ZoneOffset.UTC);

    static String error(int code, String extra) {
        return "{\"error\":{\"message\":\"msg " + code + "\",\"type\":\"OAuthException\",\"code\":" + code
                + extra + ",\"fbtrace_id\":\"TRACE" + code + "\"}}";
    }

    static SendResult classify(int status, String body) {
        return ResponseClassifier.classify(status, body, null, null, 2, CLOCK);
    }

    @Test
    void shouldDeliverWhenEventsReceivedEqualsSent() {
        SendResult r = classify(200, "{\"events_received\":2,\"messages\":[\"ok\"],\"fbtrace_id\":\"AbC\"}");
        assertThat(r.outcome()).isEqualTo(DeliveryOutcome.DELIVERED);
        assertThat(r.eventsReceived()).isEqualTo(2);
        assertThat(r.messages()).containsExactly("ok");
        assertThat(r.fbtraceId()).isEqualTo("AbC");
        assertThat(r.error()).isNull();
    }

    @Test
    void shouldUseTraceHeaderWhenBodyHasNoTrace() {
        SendResult r = ResponseClassifier.classify(200, "{\"events_received\":2}", null, "HDR", 2, CLOCK);
        assertThat(r.isDelivered()).isTrue();
        assertThat(r.fbtraceId()).isEqualTo("HDR");
    }

    @Test
    void shouldRetryPartialReceiptWhenFewerEventsReceived() {
        SendResult r = classify(200, "{\"events_received\":1,\"fbtrace_id\":\"T\"}");
        assertThat(r.outcome()).isEqualTo(DeliveryOutcome.RETRY);
        assertThat(r.error().type()).isEqualTo("partial_receipt");
        assertThat(r.error().message()).isEqualTo("Meta received 1 of 2 events");
        assertThat(r.fbtraceId()).isEqualTo("T");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "<html>ok</html>", "{\"events_received\":", "{}",
            "{\"events_received\":\"2\"}", "{\"events_received\":2.5}", "[1,2]", "null"})
    void shouldRetryInvalidResponseWhenSuccessBodyIsUnusable(String body) {
        SendResult r = classify(200, body);
        assertThat(r.outcome()).isEqualTo(DeliveryOutcome.RETRY);
        assertThat(r.error().type()).isEqualTo("invalid_response");
        assertThat(r.httpStatus()).isEqualTo(200);
    }

    @Test
    void shouldRetryInvalidResponseWhenSuccessBodyIsNull() {
        assertThat(classify(204, null).error().type()).isEqualTo("invalid_response");
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 17, 32, 613, 80000, 80004, 80014})
    void shouldRateLimitWhenCodeIsThrottling(int code) {
        SendResult r = classify(400, error(code, ""));
        assertThat(r.outcome()).isEqualTo(DeliveryOutcome.RATE_LIMITED);
        assertThat(r.error().code()).isEqualTo(code);
        assertThat(r.fbtraceId()).isEqualTo("TRACE" + code);
    }

    @Test
    void shouldNotRateLimitWhenCodeIsJustOutsideThrottlingRange() {
        assertThat(classify(400, error(80015, "")).outcome()).isEqualTo(DeliveryOutcome.REJECTED);
    }

    @Test
    void shouldRateLimitWhenHttpIs429WithAnyCode() {
        assertThat(classify(429, error(100, "")).outcome()).isEqualTo(DeliveryOutcome.RATE_LIMITED);
    }

    @Test
    void shouldRateLimitAndKeepCodeWhenTemporarilyBlocked() {
        SendResult r = classify(400, error(368, ",\"error_subcode\":1390008"));
        assertThat(r.outcome()).isEqualTo(DeliveryOutcome.RATE_LIMITED);
        assertThat(r.error().code()).isEqualTo(368);
        assertThat(r.error().subcode()).isEqualTo(1390008);
    }

    @ParameterizedTest
    @ValueSource(ints = {190, 102})
    void shouldReportCredentialsWhenTokenInvalid(int code) {
        SendResult r = classify(400, error(code, ",\"error_subcode\":463"));
        assertThat(r.outcome()).isEqualTo(DeliveryOutcome.CREDENTIALS);
        assertThat(r.error().message()).isEqualTo("msg " + code);
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 200, 250, 299})
    void shouldReportCredentialsWhenPermissionMissing(int code) {
        assertThat(classify(403, error(code, "")).outcome()).isEqualTo(DeliveryOutcome.CREDENTIALS);
    }

    @Test
    void shouldRetryWhenMetaSaysTransient() {
        SendResult r = classify(400, error(100, ",\"is_transient\":true"));
        assertThat(r.outcome()).isEqualTo(DeliveryOutcome.RETRY);
        assertThat(r.error().isTransient()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 341})
    void shouldRetryWhenCodeIsTransient(int code) {
        assertThat(classify(400, error(code, "")).outcome()).isEqualTo(DeliveryOutcome.RETRY);
    }

    @Test
    void shouldRejectWithMetaMessagesWhenInvalidParameter() {
        SendResult r = classify(400, "{\"error\":{\"message\":\"Invalid parameter\",\"type\":\"OAuthException\","
                + "\"code\":100,\"error_subcode\":2804003,\"is_transient\":false,"
                + "\"error_user_title\":\"Event Timestamp Too Old\",\"error_user_msg\":\"older than 7 days\","
                + "\"fbtrace_id\":\"A1b2\"}}");
        assertThat(r.outcome()).isEqualTo(DeliveryOutcome.REJECTED);
        assertThat(r.error().code()).isEqualTo(100);
        assertThat(r.error().subcode()).isEqualTo(2804003);
        assertThat(r.error().userTitle()).isEqualTo("Event Timestamp Too Old");
        assertThat(r.error().userMessage()).isEqualTo("older than 7 days");
        assertThat(r.error().isTransient()).isFalse();
        assertThat(r.fbtraceId()).isEqualTo("A1b2");
        assertThat(r.error().summary()).contains("code 100/2804003").contains("Invalid parameter");
    }

    @Test
    void shouldRejectWhenOtherPermanentCodeOn4xx() {
        assertThat(classify(400, error(803, "")).outcome()).isEqualTo(DeliveryOutcome.REJECTED);
    }

    @Test
    void shouldRetryWhen5xxCarriesNonPermanentCode() {
        assertThat(classify(500, error(999, "")).outcome()).isEqualTo(DeliveryOutcome.RETRY);
    }

    @Test
    void shouldRejectWhen5xxCarriesInvalidParameterCode() {
        assertThat(classify(500, error(100, "")).outcome()).isEqualTo(DeliveryOutcome.REJECTED);
    }

    @Test
    void shouldReadCodeWhenMetaSendsItAsString() {
        assertThat(classify(400, "{\"error\":{\"code\":\"190\"}}").outcome()).isEqualTo(DeliveryOutcome.CREDENTIALS);
    }

    @Test
    void shouldRateLimitWhen429BodyIsUnparseable() {
        SendResult r = classify(429, "<html>slow down</html>");
        assertThat(r.outcome()).isEqualTo(DeliveryOutcome.RATE_LIMITED);
        assertThat(r.error().code()).isNull();
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504})
    void shouldRetryWhen5xxBodyIsUnparseable(int status) {
        SendResult r = classify(status, "<html>Bad gateway</html>");
        assertThat(r.outcome()).isEqualTo(DeliveryOutcome.RETRY);
        assertThat(r.error().type()).isEqualTo("server_error");
        assertThat(r.httpStatus()).isEqualTo(status);
        assertThat(r.error().message()).doesNotContain("Bad gateway");
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403})
    void shouldReportCredentialsWhenAuthStatusBodyIsUnparseable(int status) {
        assertThat(classify(status, "Forbidden").outcome()).isEqualTo(DeliveryOutcome.CREDENTIALS);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 404, 408, 413})
    void shouldRetryInvalidResponseWhenOther4xxBodyIsUnparseable(int status) {
        SendResult r = classify(status, "<html>proxy</html>");
        assertThat(r.outcome()).isEqualTo(DeliveryOutcome.RETRY);
        assertThat(r.error().type()).isEqualTo("invalid_response");
    }

    @Test
    void shouldRetryWhenErrorObjectHasNoCode() {
        SendResult r = classify(400, "{\"error\":{\"message\":\"odd\"}}");
        assertThat(r.outcome()).isEqualTo(DeliveryOutcome.RETRY);
        assertThat(r.error().message()).isEqualTo("odd");
    }

    @Test
    void shouldRetryWhenStatusIsRedirect() {
        assertThat(classify(302, "").outcome()).isEqualTo(DeliveryOutcome.RETRY);
    }

    @Test
    void shouldClassifyErrorWhenStatusIs200ButBodyIsError() {
        assertThat(classify(200, error(190, "")).outcome()).isEqualTo(DeliveryOutcome.CREDENTIALS);
    }

    @Test
    void shouldParseRetryAfterWhenSeconds() {
        SendResult r = ResponseClassifier.classify(429, "", "120", null, 1, CLOCK);
        assertThat(r.retryAfterMillis()).isEqualTo(120_000L);
    }

    @Test
    void shouldParseRetryAfterWhenHttpDate() {
        assertThat(ResponseClassifier.parseRetryAfter("Wed, 01 May 2024 12:01:30 GMT", CLOCK)).isEqualTo(90_000L);
        assertThat(ResponseClassifier.parseRetryAfter("Wed, 01 May 2024 11:00:00 GMT", CLOCK)).isZero();
    }

    @Test
    void shouldIgnoreRetryAfterWhenUnreadable() {
        assertThat(ResponseClassifier.parseRetryAfter("soon", CLOCK)).isNull();
        assertThat(ResponseClassifier.parseRetryAfter("-5", CLOCK)).isNull();
        assertThat(ResponseClassifier.parseRetryAfter(null, CLOCK)).isNull();
    }

    @Test
    void shouldCapRetryAfterWhenHintIsHuge() {
        assertThat(ResponseClassifier.parseRetryAfter("999999999", CLOCK))
                .isEqualTo(ResponseClassifier.MAX_RETRY_AFTER_MILLIS);
    }

    @Test
    void shouldDeliverWhenMetaCountsMoreThanSent() {
        assertThat(classify(200, "{\"events_received\":3}").isDelivered()).isTrue();
    }
}
