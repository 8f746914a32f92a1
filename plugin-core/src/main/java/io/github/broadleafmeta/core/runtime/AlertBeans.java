package io.github.broadleafmeta.core.runtime;

import io.github.broadleafmeta.core.alert.AlertChannel;
import io.github.broadleafmeta.core.alert.AlertEvaluator;
import io.github.broadleafmeta.core.alert.AlertRules;
import io.github.broadleafmeta.core.alert.AlertSettings;
import io.github.broadleafmeta.core.alert.DeliveryHealth;
import io.github.broadleafmeta.core.alert.JdbcAlertIncidents;
import io.github.broadleafmeta.core.alert.LogAlertChannel;
import io.github.broadleafmeta.core.alert.MatchQualitySource;
import io.github.broadleafmeta.core.alert.PurchaseShareSource;
import io.github.broadleafmeta.core.alert.TokenExpirySource;
import io.github.broadleafmeta.core.alert.WebhookAlertChannel;
import io.github.broadleafmeta.core.tracking.SettingsSnapshots;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Factory methods for the alert beans of {@code bl-meta-applicationContext.xml}. */
public final class AlertBeans {

    private AlertBeans() {
    }

    /** "pid@host": which node claimed an incident, in its history row. */
    static String nodeId() {
        String name = ManagementFactory.getRuntimeMXBean().getName();
        return name.length() > 100 ? name.substring(0, 100) : name;
    }

    /** The alert settings of the current settings snapshot (admin edits apply at the next evaluation). */
    public static Supplier<AlertSettings> alertSettings(SettingsSnapshots settings) {
        return () -> settings.current().alerts();
    }

    /**
     * The evaluator with the standard rules and channels: the log always, the webhook, and {@code more} (the
     * e-mail channel). Share, match quality and token expiry are null until their sources are wired: those rules
     * are then left out.
     */
    public static AlertEvaluator evaluator(DeliveryHealth delivery, PurchaseShareSource share,
            MatchQualitySource matchQuality, TokenExpirySource tokenExpiry, JdbcAlertIncidents incidents,
            AlertChannel more, SettingsSnapshots settings, Clock clock) {
        List<AlertChannel> channels = new ArrayList<AlertChannel>();
        channels.add(new LogAlertChannel());
        channels.add(new WebhookAlertChannel());
        if (more != null) {
            channels.add(more);
        }
        return new AlertEvaluator(AlertRules.standard(delivery, share, matchQuality, tokenExpiry), incidents,
                channels, alertSettings(settings), clock, nodeId());
    }
}
