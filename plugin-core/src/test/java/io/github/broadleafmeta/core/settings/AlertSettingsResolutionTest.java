package io.github.broadleafmeta.core.settings;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.broadleafmeta.core.alert.AlertSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code meta.alert.*} and {@code meta.health.*}: defaults, admin over environment, {@code off}, bad values. */
class AlertSettingsResolutionTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T08:00:00Z"), ZoneOffset.UTC);
    private static final String WEBHOOK = "https://hooks.example.com/services/T0/B0/key-do-not-leak";

    private final Map<String, String> admin = new HashMap<>();
    private final Map<String, String> env = new HashMap<>();

    private MetaSettings resolve() {
        admin.putIfAbsent(MetaSettingKeys.PIXEL_ID, "123456789012345");
        return new SettingsResolver(List.of(new MapSettingsSource("admin", admin),
                SystemEnvironmentSettingsSource.of(new HashMap<>(), env)), CLOCK).resolve();
    }

    @Test
    void shouldUseTheIssueDefaults() {
        AlertSettings a = resolve().alerts();
        assertThat(a.enabled()).isTrue();
        assertThat(a.pixelIds()).containsExactly("123456789012345");
        assertThat(a.interval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(a.circuitOpenMinutes()).isEqualTo(10);
        assertThat(a.credentialsHeld()).isTrue();
        assertThat(a.backlogMinutes()).isEqualTo(30);
        assertThat(a.purchaseSharePercent()).isEqualTo(90);
        assertThat(a.rejectionPercent()).isEqualTo(5);
        assertThat(a.matchQualityDrop()).isEqualTo(1);
        assertThat(a.tokenExpiryDays()).isEqualTo(14);
        assertThat(a.emailTo()).isEmpty();
        assertThat(a.webhookUrl()).isNull();
        assertThat(a.healthEnabled()).isTrue();
        assertThat(a.healthPath()).isEqualTo("/meta/health");
        assertThat(a.healthDegradedStatus()).isEqualTo(200);
    }

    @Test
    void shouldTakeAdminValuesOverEnvironmentAndOffSwitchesARuleOff() {
        env.put("META_ALERT_CIRCUIT_OPEN_MINUTES", "3");
        assertThat(resolve().alerts().circuitOpenMinutes()).isEqualTo(3);
        admin.put(MetaSettingKeys.ALERT_CIRCUIT_OPEN_MINUTES, "off");
        admin.put(MetaSettingKeys.ALERT_EMAIL_TO, "ops@example.com, oncall@example.com");
        admin.put(MetaSettingKeys.ALERT_WEBHOOK_URL, WEBHOOK);
        AlertSettings a = resolve().alerts();
        assertThat(a.circuitOpenMinutes()).isNull();
        assertThat(a.emailTo()).containsExactly("ops@example.com", "oncall@example.com");
        assertThat(a.webhookUrl()).isEqualTo(WEBHOOK);
        assertThat(a.toString()).doesNotContain("key-do-not-leak");
    }

    @Test
    void shouldKeepTheWebhookUrlSecretAndFallBackToDefaultsOnBadValues() {
        assertThat(SettingsResolver.isSecret(MetaSettingKeys.ALERT_WEBHOOK_URL)).isTrue();
        admin.put(MetaSettingKeys.ALERT_BACKLOG_MINUTES, "half an hour");
        admin.put(MetaSettingKeys.ALERT_EMAIL_TO, "not-an-address");
        admin.put(MetaSettingKeys.HEALTH_DEGRADED_STATUS, "500");
        MetaSettings s = resolve();
        assertThat(s.alerts().backlogMinutes()).isEqualTo(30);
        assertThat(s.alerts().emailTo()).isEmpty();
        assertThat(s.alerts().healthDegradedStatus()).isEqualTo(200);
        assertThat(s.problems()).hasSize(3);
        assertThat(SettingsResolver.validate(MetaSettingKeys.ALERT_WEBHOOK_URL, "ftp://example.com/x")).isNotNull();
    }
}
