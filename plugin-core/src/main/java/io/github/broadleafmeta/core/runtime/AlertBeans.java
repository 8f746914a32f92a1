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
import io.github.broadleafmeta.core.quality.QualitySignals;
import io.github.broadleafmeta.core.quality.TokenHealth;
import io.github.broadleafmeta.core.reconcile.Reconciliation;
import io.github.broadleafmeta.core.reconcile.ReconciliationReport;
import io.github.broadleafmeta.core.reconcile.UnmatchedOrder;
import io.github.broadleafmeta.core.reconcile.UnmatchedReason;
import io.github.broadleafmeta.core.tracking.SettingsSnapshots;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

    /** Orders this recent may still be on their way to Meta (delivery takes seconds; retries take minutes). */
    static final Duration IN_FLIGHT_GRACE = Duration.ofMinutes(15);
    /** A day's reconciliation reads the day's orders: evaluated every minute, recomputed at most this often. */
    static final Duration SHARE_CACHE = Duration.ofMinutes(5);

    /**
     * The alert's order-to-Purchase share, from the reconciliation: orders the shopper declined consent for or a
     * bot placed are expected to have no Purchase and leave both sides, as do orders still waiting within
     * {@link #IN_FLIGHT_GRACE} of the window's end. Whatever else is missing counts against the share.
     */
    public static PurchaseShareSource purchaseShare(Reconciliation reconciliation, Clock clock) {
        Map<String, Object[]> cache = new ConcurrentHashMap<String, Object[]>();
        return (pixelId, from, to) -> {
            Object[] cached = cache.get(pixelId);
            Instant now = clock.instant();
            if (cached != null && Duration.between((Instant) cached[0], now).compareTo(SHARE_CACHE) < 0) {
                return (Double) cached[1];
            }
            Double share = expectedShare(reconciliation.report(pixelId, from, to, Reconciliation.Granularity.DAY),
                    to);
            cache.put(pixelId, new Object[] {now, share});
            return share;
        };
    }

    static Double expectedShare(ReconciliationReport report, Instant to) {
        long excused = 0;
        for (UnmatchedOrder o : report.unmatched()) {
            UnmatchedReason reason = o.reason();
            boolean recent = o.submittedAt() != null && o.submittedAt().isAfter(to.minus(IN_FLIGHT_GRACE));
            if (reason == UnmatchedReason.NO_CONSENT || reason == UnmatchedReason.BOT
                    || (reason == UnmatchedReason.WAITING && recent)) {
                excused++;
            }
        }
        long expected = report.total().submitted() - excused;
        return expected <= 0 ? null : (double) report.total().accepted() / expected;
    }

    /** Meta's Purchase match quality, previous and latest reading, from the stored quality readings. */
    public static MatchQualitySource matchQuality(QualitySignals signals) {
        return pixelId -> {
            QualitySignals.PurchaseQuality q = signals.purchaseQuality(pixelId);
            return q == null || q.previousScore() == null ? null
                    : new double[] {q.previousScore(), q.latestScore()};
        };
    }

    /** The earlier of the token's expiry and its data-access expiry, from the last {@code debug_token} read. */
    public static TokenExpirySource tokenExpiry(QualitySignals signals) {
        return pixelId -> {
            TokenHealth health = signals.latestTokenHealth(pixelId);
            return health == null ? null : health.firstExpiry();
        };
    }
}
