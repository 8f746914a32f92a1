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

/** The alert settings in the admin form: their own group, bad values explained at the field, good ones stored. */
class AlertSettingsFormTest {

    private static final Instant NOW = Instant.parse("2026-12-07T08:00:00Z");

    private final Map<String, String> admin = new HashMap<>();
    private final Map<String, List<String>> params = new LinkedHashMap<>();

    private SettingsForm.Result submit() {
        MetaSettings inherited = new SettingsResolver(List.<SettingsSource>of(new MapSettingsSource("env",
                new HashMap<>())), Clock.fixed(NOW, ZoneOffset.UTC)).resolve();
        return SettingsForm.apply(params, admin, inherited, NOW);
    }

    private void put(String name, String value) {
        params.put(name, new ArrayList<>(List.of(value)));
    }

    @Test
    void shouldShowEveryAlertAndHealthSettingInItsOwnGroupWithTheWebhookAsSecret() {
        List<SettingsField> group = SettingsCatalog.groups().get("Alerts and health");
        assertThat(group).extracting(SettingsField::key).contains(ALERT_ENABLED, ALERT_EMAIL_TO, ALERT_WEBHOOK_URL,
                ALERT_CIRCUIT_OPEN_MINUTES, ALERT_CREDENTIALS_HELD, ALERT_BACKLOG_MINUTES, ALERT_PURCHASE_SHARE_PERCENT,
                ALERT_REJECTION_PERCENT, ALERT_MATCH_QUALITY_DROP, ALERT_TOKEN_EXPIRY_DAYS, HEALTH_ENABLED,
                HEALTH_PATH, HEALTH_DEGRADED_STATUS);
        assertThat(SettingsCatalog.field(ALERT_WEBHOOK_URL).kind()).isEqualTo(SettingsField.Kind.SECRET);
    }

    @Test
    void shouldExplainBadThresholdsRecipientsAndWebhookUrl() {
        put(ALERT_CIRCUIT_OPEN_MINUTES, "ten");
        put(ALERT_EMAIL_TO, "ops@example.com, nobody");
        put(ALERT_WEBHOOK_URL, "javascript:alert(1)");

        SettingsForm.Result r = submit();

        assertThat(r.isValid()).isFalse();
        assertThat(r.errors().get(ALERT_CIRCUIT_OPEN_MINUTES)).contains("or off");
        assertThat(r.errors().get(ALERT_EMAIL_TO)).contains("'nobody'");
        assertThat(r.errors().get(ALERT_WEBHOOK_URL)).contains("http");
    }

    @Test
    void shouldStoreOffAndRecipients() {
        put(ALERT_BACKLOG_MINUTES, "off");
        put(ALERT_EMAIL_TO, "ops@example.com, oncall@example.com");

        SettingsForm.Result r = submit();

        assertThat(r.isValid()).isTrue();
        assertThat(r.changes()).containsEntry(ALERT_BACKLOG_MINUTES, "off")
                .containsEntry(ALERT_EMAIL_TO, "ops@example.com, oncall@example.com");
    }
}
