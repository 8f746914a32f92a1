package io.github.broadleafmeta.admin.settings;

import static io.github.broadleafmeta.core.settings.MetaSettingKeys.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.broadleafmeta.core.settings.MapSettingsSource;
import io.github.broadleafmeta.core.settings.MetaSettings;
import io.github.broadleafmeta.core.settings.SettingsResolver;
import io.github.broadleafmeta.core.settings.SettingsSource;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsFormTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final String TOKEN = "EAAGtokenVALUE123";

    private final Map<String, String> env = new HashMap<>();
    private final Map<String, String> admin = new HashMap<>();
    private final Map<String, List<String>> params = new LinkedHashMap<>();

    private SettingsForm.Result submit() {
        MetaSettings inherited = new SettingsResolver(List.<SettingsSource>of(new MapSettingsSource("env", env)),
                Clock.fixed(NOW, ZoneOffset.UTC)).resolve();
        return SettingsForm.apply(params, admin, inherited, NOW);
    }

    private void put(String name, String... values) {
        params.put(name, new ArrayList<>(List.of(values)));
    }

    @Test
    void shouldExplainWhenPixelIdIsNotDigits() {
        put(PIXEL_ID, "my-pixel");

        SettingsForm.Result r = submit();

        assertThat(r.isValid()).isFalse();
        assertThat(r.errors().get(PIXEL_ID)).contains("digits only");
        assertThat(r.changes()).isEmpty();
        assertThat(r.submitted()).containsEntry(PIXEL_ID, "my-pixel");
    }

    @Test
    void shouldExplainWhenPixelIdIsTooShort() {
        put(PIXEL_ID, "1234");

        assertThat(submit().errors().get(PIXEL_ID)).contains("5 to 20 digits");
    }

    @Test
    void shouldStoreTrimmedPixelIdWhenValid() {
        put(PIXEL_ID, " 1234567890123456 ");

        SettingsForm.Result r = submit();

        assertThat(r.isValid()).isTrue();
        assertThat(r.changes()).containsExactly(Map.entry(PIXEL_ID, "1234567890123456"));
    }

    @Test
    void shouldStoreNothingWhenValueEqualsTheEnvironment() {
        env.put(PIXEL_ID, "1234567890123456");
        put(PIXEL_ID, "1234567890123456");
        put(CAPI_API_VERSION, SettingsResolver.DEFAULT_API_VERSION);

        assertThat(submit().changes()).isEmpty();
    }

    @Test
    void shouldRemoveAdminValueWhenFieldIsBlanked() {
        admin.put(PIXEL_ID, "1234567890123456");
        put(PIXEL_ID, "  ");

        SettingsForm.Result r = submit();

        assertThat(r.changes()).containsEntry(PIXEL_ID, null).hasSize(1);
    }

    @Test
    void shouldRemoveAdminValueWhenUserTypesTheInheritedValue() {
        env.put(PIXEL_ID, "1234567890123456");
        admin.put(PIXEL_ID, "99999999");
        put(PIXEL_ID, "1234567890123456");

        assertThat(submit().changes()).containsEntry(PIXEL_ID, null);
    }

    @Test
    void shouldIgnoreFieldsThatWereNotSubmitted() {
        admin.put(PIXEL_ID, "1234567890123456");

        assertThat(submit().changes()).isEmpty();
    }

    @Test
    void shouldStoreNewTokenButNeverKeepItForRedisplay() {
        put(CAPI_ACCESS_TOKEN, TOKEN);

        SettingsForm.Result r = submit();

        assertThat(r.changes()).containsEntry(CAPI_ACCESS_TOKEN, TOKEN);
        assertThat(r.submitted()).doesNotContainKey(CAPI_ACCESS_TOKEN);
        assertThat(r.submitted().values()).doesNotContain(TOKEN);
    }

    @Test
    void shouldKeepSavedTokenWhenSecretInputIsEmpty() {
        admin.put(CAPI_ACCESS_TOKEN, TOKEN);
        put(CAPI_ACCESS_TOKEN, "");

        assertThat(submit().changes()).isEmpty();
    }

    @Test
    void shouldClearSavedTokenWhenAsked() {
        admin.put(CAPI_ACCESS_TOKEN, TOKEN);
        put(CAPI_ACCESS_TOKEN, "");
        put(SettingsForm.CLEAR_PREFIX + CAPI_ACCESS_TOKEN, "on");

        assertThat(submit().changes()).containsEntry(CAPI_ACCESS_TOKEN, null);
    }

    @Test
    void shouldRefuseReplacingAndClearingATokenAtOnce() {
        admin.put(CAPI_ACCESS_TOKEN, TOKEN);
        put(CAPI_ACCESS_TOKEN, "EAAGother");
        put(SettingsForm.CLEAR_PREFIX + CAPI_ACCESS_TOKEN, "on");

        SettingsForm.Result r = submit();

        assertThat(r.errors().get(CAPI_ACCESS_TOKEN)).contains("not both");
        assertThat(r.changes()).isEmpty();
    }

    @Test
    void shouldRejectTokenWithBlanksWithoutEchoingIt() {
        put(CAPI_ACCESS_TOKEN, "EAAG secretpart");

        SettingsForm.Result r = submit();

        assertThat(r.errors().get(CAPI_ACCESS_TOKEN)).startsWith("Access token").doesNotContain("secretpart");
    }

    @Test
    void shouldRequireAnEndTimeWithATestEventCode() {
        put(CAPI_TEST_EVENT_CODE, "TEST123");
        put(CAPI_TEST_EVENT_CODE_EXPIRES_AT, "");

        SettingsForm.Result r = submit();

        assertThat(r.errors().get(CAPI_TEST_EVENT_CODE_EXPIRES_AT)).contains("required with a test event code");
        assertThat(r.changes()).isEmpty();
    }

    @Test
    void shouldRejectAnEndTimeInThePast() {
        put(CAPI_TEST_EVENT_CODE, "TEST123");
        put(CAPI_TEST_EVENT_CODE_EXPIRES_AT, "2025-05-31T12:00:00Z");

        assertThat(submit().errors().get(CAPI_TEST_EVENT_CODE_EXPIRES_AT)).contains("must be in the future");
    }

    @Test
    void shouldRejectAnEndTimeMoreThan31DaysAhead() {
        put(CAPI_TEST_EVENT_CODE, "TEST123");
        put(CAPI_TEST_EVENT_CODE_EXPIRES_AT, "2025-08-01T12:00:00Z");

        assertThat(submit().errors().get(CAPI_TEST_EVENT_CODE_EXPIRES_AT)).contains("at most 31 days");
    }

    @Test
    void shouldRejectAnEndTimeThatIsNotADate() {
        put(CAPI_TEST_EVENT_CODE, "TEST123");
        put(CAPI_TEST_EVENT_CODE_EXPIRES_AT, "tomorrow");

        assertThat(submit().errors().get(CAPI_TEST_EVENT_CODE_EXPIRES_AT)).contains("is not a date and time");
    }

    @Test
    void shouldReadALocalDateTimeAsUtcAndStoreIso() {
        put(CAPI_TEST_EVENT_CODE, "TEST123");
        put(CAPI_TEST_EVENT_CODE_EXPIRES_AT, "2025-06-02 18:30");

        SettingsForm.Result r = submit();

        assertThat(r.errors()).isEmpty();
        assertThat(r.changes()).containsEntry(CAPI_TEST_EVENT_CODE, "TEST123")
                .containsEntry(CAPI_TEST_EVENT_CODE_EXPIRES_AT, "2025-06-02T18:30:00Z");
    }

    @Test
    void shouldDropTheEndTimeWhenTheTestCodeIsRemoved() {
        admin.put(CAPI_TEST_EVENT_CODE, "TEST123");
        admin.put(CAPI_TEST_EVENT_CODE_EXPIRES_AT, "2025-06-02T18:30:00Z");
        put(CAPI_TEST_EVENT_CODE, "");
        put(CAPI_TEST_EVENT_CODE_EXPIRES_AT, "2025-06-02T18:30:00Z");

        SettingsForm.Result r = submit();

        assertThat(r.changes()).containsEntry(CAPI_TEST_EVENT_CODE, null)
                .containsEntry(CAPI_TEST_EVENT_CODE_EXPIRES_AT, null);
    }

    @Test
    void shouldNotComplainAboutAnExpiredTestModeThatWasNotTouched() {
        admin.put(CAPI_TEST_EVENT_CODE, "TEST123");
        admin.put(CAPI_TEST_EVENT_CODE_EXPIRES_AT, "2025-05-02T18:30:00Z");
        put(CAPI_TEST_EVENT_CODE, "TEST123");
        put(CAPI_TEST_EVENT_CODE_EXPIRES_AT, "2025-05-02T18:30:00Z");
        put(PIXEL_ID, "1234567890123456");

        SettingsForm.Result r = submit();

        assertThat(r.errors()).isEmpty();
        assertThat(r.changes()).containsOnlyKeys(PIXEL_ID);
    }

    @Test
    void shouldExplainABadGraphApiVersion() {
        put(CAPI_API_VERSION, "26");

        assertThat(submit().errors().get(CAPI_API_VERSION)).isEqualTo("Graph API version must look like "
                + SettingsResolver.DEFAULT_API_VERSION);
    }

    @Test
    void shouldExplainABotRuleThatIsNotARegularExpression() {
        put(BOT_RULES, "googlebot\nregex:([a-z");

        assertThat(submit().errors().get(BOT_RULES)).contains("not a valid regular expression");
    }

    @Test
    void shouldKeepDoubleUnderscoresAndNewlinesInBotRules() {
        put(BOT_RULES, "my__bot\nregex:^x__y");

        assertThat(submit().changes()).containsEntry(BOT_RULES, "my__bot\nregex:^x__y");
    }

    @Test
    void shouldExplainRetentionOutsideItsRange() {
        put(OUTBOX_RETENTION_DAYS, "0");

        assertThat(submit().errors().get(OUTBOX_RETENTION_DAYS)).contains("outside 1..3650");
    }

    @Test
    void shouldExplainAConsentCookieNameWithBlanks() {
        put(CONSENT_COOKIE_NAME, "my consent");

        assertThat(submit().errors().get(CONSENT_COOKIE_NAME)).startsWith("Consent cookie name may contain only");
    }

    @Test
    void shouldExplainANonNumericLduState() {
        put(LDU_MODE, "explicit");
        put(LDU_STATE, "CA");

        SettingsForm.Result r = submit();

        assertThat(r.errors().get(LDU_STATE)).contains("whole number");
        assertThat(r.changes()).isEmpty();
    }

    @Test
    void shouldRefuseAConsentModeThatIsNotListed() {
        put(CONSENT_MODE, "never");

        SettingsForm.Result r = submit();

        assertThat(r.errors().get(CONSENT_MODE)).contains("listed choices");
        assertThat(r.changes()).isEmpty();
    }

    @Test
    void shouldSaveStrictConsentMode() {
        put(CONSENT_MODE, "strict");

        assertThat(submit().changes()).containsEntry(CONSENT_MODE, "strict");
    }

    @Test
    void shouldRefuseAChoiceThatIsNotListed() {
        put(LDU_MODE, "sometimes");

        assertThat(submit().errors().get(LDU_MODE)).contains("listed choices");
    }

    @Test
    void shouldSaveNothingWhenOneFieldIsInvalid() {
        put(PIXEL_ID, "1234567890123456");
        put(OUTBOX_RETENTION_DAYS, "-3");

        SettingsForm.Result r = submit();

        assertThat(r.isValid()).isFalse();
        assertThat(r.changes()).isEmpty();
    }

    @Test
    void shouldStoreNoneWhenEveryEventIsUnchecked() {
        put(EVENTS_SERVER + SettingsForm.SHOWN_SUFFIX, "1");

        assertThat(submit().changes()).containsEntry(EVENTS_SERVER, SettingsCatalog.NO_EVENTS);
    }

    @Test
    void shouldStoreNothingWhenCheckedEventsEqualTheDefault() {
        put(EVENTS_SERVER + SettingsForm.SHOWN_SUFFIX, "1");
        params.put(EVENTS_SERVER, new ArrayList<>(List.of(SettingsResolver.DEFAULT_SERVER_EVENTS.split(","))));

        assertThat(submit().changes()).isEmpty();
    }

    @Test
    void shouldStoreCheckedAndExtraEventsInFunnelOrder() {
        put(EVENTS_BROWSER + SettingsForm.SHOWN_SUFFIX, "1");
        put(EVENTS_BROWSER, "Purchase", "PageView");
        put(EVENTS_BROWSER + SettingsForm.EXTRA_SUFFIX, "Subscribe, StartTrial");

        assertThat(submit().changes()).containsEntry(EVENTS_BROWSER, "PageView,Purchase,Subscribe,StartTrial");
    }

    @Test
    void shouldExplainAnInvalidExtraEventName() {
        put(EVENTS_BROWSER + SettingsForm.SHOWN_SUFFIX, "1");
        put(EVENTS_BROWSER + SettingsForm.EXTRA_SUFFIX, "Bad-Name");

        assertThat(submit().errors().get(EVENTS_BROWSER)).contains("invalid event name");
    }
}
