package io.github.broadleafmeta.core.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The built-in alert rules. Each reads one input through a small interface, so a rule can be tested with
 * in-memory inputs and wired to the real source in a line of configuration.
 */
public final class AlertRules {

    public static final String CIRCUIT_OPEN = "circuit_open";
    public static final String CREDENTIALS_HELD = "credentials_held";
    public static final String BACKLOG_AGE = "backlog_age";
    public static final String PURCHASE_SHARE = "purchase_share";
    public static final String REJECTION_RATE = "rejection_rate";
    public static final String MATCH_QUALITY_DROP = "match_quality_drop";
    public static final String TOKEN_EXPIRY = "token_expiry";

    private static final Map<String, String> TITLES = titles();

    private AlertRules() {
    }

    private static Map<String, String> titles() {
        Map<String, String> t = new LinkedHashMap<String, String>();
        t.put(CIRCUIT_OPEN, "Conversions API circuit open");
        t.put(CREDENTIALS_HELD, "Events held for credentials");
        t.put(BACKLOG_AGE, "Oldest waiting event too old");
        t.put(PURCHASE_SHARE, "Order-to-Purchase share low");
        t.put(REJECTION_RATE, "Rejection rate high");
        t.put(MATCH_QUALITY_DROP, "Purchase match quality falling");
        t.put(TOKEN_EXPIRY, "Access token expiring");
        return Collections.unmodifiableMap(t);
    }

    /** The title of a built-in rule, or the id itself for another rule. */
    public static String title(String ruleId) {
        String t = TITLES.get(ruleId);
        return t == null ? ruleId : t;
    }

    /**
     * The rules whose inputs exist: the delivery rules always; share, match quality and token expiry only with
     * their source (null leaves the rule out).
     */
    public static List<AlertRule> standard(DeliveryHealth delivery, PurchaseShareSource share,
            MatchQualitySource matchQuality, TokenExpirySource tokenExpiry) {
        List<AlertRule> rules = new ArrayList<AlertRule>();
        rules.add(circuitOpen(delivery));
        rules.add(credentialsHeld(delivery));
        rules.add(backlogAge(delivery));
        rules.add(rejectionRate(delivery));
        if (share != null) {
            rules.add(purchaseShare(share));
        }
        if (matchQuality != null) {
            rules.add(matchQualityDrop(matchQuality));
        }
        if (tokenExpiry != null) {
            rules.add(tokenExpiry(tokenExpiry));
        }
        return Collections.unmodifiableList(rules);
    }

    /** A circuit that some live node reports not CLOSED (open, or probing) for longer than N minutes. */
    public static AlertRule circuitOpen(DeliveryHealth delivery) {
        return new Rule(CIRCUIT_OPEN, title(CIRCUIT_OPEN), s -> s.circuitOpenMinutes() != null,
                s -> Duration.ofMinutes(s.circuitOpenMinutes()), overDelivery(delivery, AlertRules::circuit));
    }

    /** Events held because Meta refused the pixel's access token. */
    public static AlertRule credentialsHeld(DeliveryHealth delivery) {
        return new Rule(CREDENTIALS_HELD, title(CREDENTIALS_HELD), AlertSettings::credentialsHeld,
                s -> Duration.ZERO, overDelivery(delivery, AlertRules::held));
    }

    /** The oldest waiting (pending or in-flight) event is older than N minutes. */
    public static AlertRule backlogAge(DeliveryHealth delivery) {
        return new Rule(BACKLOG_AGE, title(BACKLOG_AGE), s -> s.backlogMinutes() != null,
                s -> Duration.ZERO, overDelivery(delivery, AlertRules::backlog));
    }

    /** More than N% of the last hour's answered events rejected, once the hour holds the minimum volume. */
    public static AlertRule rejectionRate(DeliveryHealth delivery) {
        return new Rule(REJECTION_RATE, title(REJECTION_RATE), s -> s.rejectionPercent() != null,
                s -> Duration.ZERO, overDelivery(delivery, AlertRules::rejections));
    }

    /** Over the last 24 hours, fewer than N% of submitted orders have a Purchase Meta accepted. */
    public static AlertRule purchaseShare(PurchaseShareSource source) {
        return new Rule(PURCHASE_SHARE, title(PURCHASE_SHARE), s -> s.purchaseSharePercent() != null,
                s -> Duration.ZERO, perPixel((pixelId, s, now) -> share(source.share(pixelId,
                        now.minus(Duration.ofDays(1)), now), s)));
    }

    /** Meta's Purchase match quality fell by at least N points from the previous reading. */
    public static AlertRule matchQualityDrop(MatchQualitySource source) {
        return new Rule(MATCH_QUALITY_DROP, title(MATCH_QUALITY_DROP), s -> s.matchQualityDrop() != null,
                s -> Duration.ZERO, perPixel((pixelId, s, now) -> matchQuality(source.purchaseMatchQuality(pixelId),
                        s)));
    }

    /** The access token expires within N days. */
    public static AlertRule tokenExpiry(TokenExpirySource source) {
        return new Rule(TOKEN_EXPIRY, title(TOKEN_EXPIRY), s -> s.tokenExpiryDays() != null,
                s -> Duration.ZERO, perPixel((pixelId, s, now) -> token(source.expiresAt(pixelId), s, now)));
    }

    // ------------------------------------------------------------------------------------------- conditions

    static AlertCondition circuit(PixelDelivery d, AlertSettings s, Instant now) {
        if (d.circuitClosed()) {
            return AlertCondition.clear("circuit closed");
        }
        return AlertCondition.breached("circuit " + d.circuitState() + " (alert after " + s.circuitOpenMinutes()
                + " min): requests to the Graph API fail; events wait and are retried", d.circuitUnhealthySince());
    }

    static AlertCondition held(PixelDelivery d, AlertSettings s, Instant now) {
        return d.credentialsHeld()
                ? AlertCondition.breached("Meta refused the access token; events are held until it is replaced "
                        + "in the settings", null)
                : AlertCondition.clear("no event held for credentials");
    }

    static AlertCondition backlog(PixelDelivery d, AlertSettings s, Instant now) {
        Duration age = d.oldestWaitingAge(now);
        String detail = "oldest waiting event " + age.toMinutes() + " min old (threshold " + s.backlogMinutes()
                + " min)";
        return age.compareTo(Duration.ofMinutes(s.backlogMinutes())) > 0 ? AlertCondition.breached(detail, null)
                : AlertCondition.clear(detail);
    }

    static AlertCondition rejections(PixelDelivery d, AlertSettings s, Instant now) {
        long answered = d.sentLastHour() + d.rejectedLastHour();
        if (answered < s.rejectionMinEvents()) {
            return AlertCondition.unknown();
        }
        double percent = 100.0 * d.rejectedLastHour() / answered;
        String detail = String.format(Locale.ROOT, "%.1f%% of the last hour's %d answered events rejected by Meta "
                + "(threshold %d%%)", percent, answered, s.rejectionPercent());
        return percent > s.rejectionPercent() ? AlertCondition.breached(detail, null) : AlertCondition.clear(detail);
    }

    static AlertCondition share(Double share, AlertSettings s) {
        if (share == null || share.isNaN()) {
            return AlertCondition.unknown();
        }
        String detail = String.format(Locale.ROOT, "%.1f%% of the last day's orders have a Purchase Meta accepted "
                + "(threshold %d%%)", share * 100, s.purchaseSharePercent());
        return share * 100 < s.purchaseSharePercent() ? AlertCondition.breached(detail, null)
                : AlertCondition.clear(detail);
    }

    static AlertCondition matchQuality(double[] readings, AlertSettings s) {
        if (readings == null || readings.length < 2) {
            return AlertCondition.unknown();
        }
        double previous = readings[0];
        double latest = readings[1];
        String detail = String.format(Locale.ROOT, "Meta's Purchase match quality %.1f, previous reading %.1f "
                + "(alert on a drop of %d or more)", latest, previous, s.matchQualityDrop());
        return previous - latest >= s.matchQualityDrop() ? AlertCondition.breached(detail, null)
                : AlertCondition.clear(detail);
    }

    static AlertCondition token(Instant expiresAt, AlertSettings s, Instant now) {
        if (expiresAt == null) {
            return AlertCondition.unknown();
        }
        String detail = expiresAt.isAfter(now)
                ? "the access token expires on " + expiresAt + " (in " + Duration.between(now, expiresAt).toDays()
                        + " days; alert from " + s.tokenExpiryDays() + " days before)"
                : "the access token expired on " + expiresAt;
        return expiresAt.isBefore(now.plus(Duration.ofDays(s.tokenExpiryDays())))
                ? AlertCondition.breached(detail, null) : AlertCondition.clear(detail);
    }

    // ------------------------------------------------------------------------------------------- plumbing

    /** Conditions of every pixel from one evaluation. */
    interface Check {
        Map<String, AlertCondition> check(List<String> pixelIds, AlertSettings s, Instant now);
    }

    interface PixelCheck {
        AlertCondition check(String pixelId, AlertSettings s, Instant now);
    }

    interface DeliveryCheck {
        AlertCondition check(PixelDelivery d, AlertSettings s, Instant now);
    }

    static Check perPixel(PixelCheck check) {
        return (pixelIds, s, now) -> {
            Map<String, AlertCondition> out = new LinkedHashMap<String, AlertCondition>();
            for (String pixelId : pixelIds) {
                out.put(pixelId, check.check(pixelId, s, now));
            }
            return out;
        };
    }

    /** Reads the shared delivery state once for all pixels. */
    static Check overDelivery(DeliveryHealth delivery, DeliveryCheck check) {
        return (pixelIds, s, now) -> {
            Map<String, PixelDelivery> all = delivery.read(pixelIds);
            Map<String, AlertCondition> out = new LinkedHashMap<String, AlertCondition>();
            for (String pixelId : pixelIds) {
                PixelDelivery d = all.get(pixelId);
                out.put(pixelId, check.check(d == null ? PixelDelivery.idle(pixelId) : d, s, now));
            }
            return out;
        };
    }

    private static final class Rule implements AlertRule {
        private final String id;
        private final String title;
        private final Predicate<AlertSettings> enabled;
        private final Function<AlertSettings, Duration> holdFor;
        private final Check check;

        Rule(String id, String title, Predicate<AlertSettings> enabled, Function<AlertSettings, Duration> holdFor,
                Check check) {
            this.id = id;
            this.title = title;
            this.enabled = enabled;
            this.holdFor = holdFor;
            this.check = check;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String title() {
            return title;
        }

        @Override
        public boolean enabled(AlertSettings s) {
            return enabled.test(s);
        }

        @Override
        public Duration holdFor(AlertSettings s) {
            return holdFor.apply(s);
        }

        @Override
        public Map<String, AlertCondition> check(List<String> pixelIds, AlertSettings s, Instant now) {
            return check.check(pixelIds, s, now);
        }

        @Override
        public String toString() {
            return "AlertRule{" + id + "}";
        }
    }
}
