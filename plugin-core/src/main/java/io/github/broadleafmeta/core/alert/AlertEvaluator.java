package io.github.broadleafmeta.core.alert;

import io.github.broadleafmeta.core.concurrent.DaemonThreads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Evaluates the alert rules per pixel on its own daemon thread (every {@code meta.alert.intervalSeconds}) and turns
 * conditions into incidents: one message when an incident starts, one when it ends.
 *
 * <ul>
 * <li>Start: the condition held for the rule's {@link AlertRule#holdFor} (read from the data where the rule knows
 * it, else from this node's consecutive observations).</li>
 * <li>End: the condition stayed clear for {@link AlertSettings#clearAfter()}: a flapping condition keeps its one
 * incident instead of sending a message per flap.</li>
 * <li>Several nodes: every node evaluates the same shared data; {@link JdbcAlertIncidents} lets exactly one of them
 * claim each start and end, and only that node sends.</li>
 * <li>A rule that is switched off, or a pixel removed from the settings, ends its open incidents.</li>
 * </ul>
 * A rule that throws counts as "unknown" for that cycle; nothing here throws to the scheduler.
 */
public final class AlertEvaluator {

    private static final Log LOG = LogFactory.getLog(AlertEvaluator.class);

    private final List<AlertRule> rules;
    private final JdbcAlertIncidents incidents;
    private final List<AlertChannel> channels;
    private final Supplier<AlertSettings> settings;
    private final Clock clock;
    private final String nodeId;
    private final Map<String, Observation> observations = new HashMap<String, Observation>();
    private final Set<String> failingRules = new HashSet<String>();
    private boolean incidentsUnreadable;
    private ScheduledExecutorService scheduler;

    /** This node's view of one rule and pixel between evaluations. */
    private static final class Observation {
        Instant breachedSince;
        Instant clearSince;
        String lastDetail;
    }

    public AlertEvaluator(List<AlertRule> rules, JdbcAlertIncidents incidents, List<AlertChannel> channels,
            Supplier<AlertSettings> settings, Clock clock, String nodeId) {
        if (rules == null || incidents == null || channels == null || settings == null || clock == null
                || nodeId == null) {
            throw new IllegalArgumentException("rules, incidents, channels, settings, clock and nodeId are required");
        }
        this.rules = Collections.unmodifiableList(new ArrayList<AlertRule>(rules));
        this.incidents = incidents;
        this.channels = Collections.unmodifiableList(new ArrayList<AlertChannel>(channels));
        this.settings = settings;
        this.clock = clock;
        this.nodeId = nodeId;
    }

    public List<AlertRule> rules() {
        return rules;
    }

    /** Starts the alert thread; the first evaluation comes one interval after start. */
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("meta-capi-alerts"));
        s.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        scheduler = s;
        scheduleNext();
    }

    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    private synchronized void scheduleNext() {
        if (scheduler == null) {
            return;
        }
        long delayMillis;
        try {
            delayMillis = settings.get().interval().toMillis();
        } catch (RuntimeException e) {
            delayMillis = AlertSettings.DEFAULT_INTERVAL_SECONDS * 1000L;
        }
        scheduler.schedule(() -> {
            try {
                evaluateOnce();
            } catch (RuntimeException e) {
                LOG.warn("Meta CAPI alerts: evaluation failed: " + e);
            } finally {
                scheduleNext();
            }
        }, delayMillis, TimeUnit.MILLISECONDS);
    }

    /** One evaluation of every rule for every pixel (the scheduler's task; tests call it directly). */
    public synchronized void evaluateOnce() {
        AlertSettings s = settings.get();
        if (!s.enabled()) {
            return;
        }
        Map<String, Incident> active = new LinkedHashMap<String, Incident>();
        try {
            for (Incident i : incidents.active()) {
                active.put(key(i.ruleId(), i.pixelId()), i);
            }
            if (incidentsUnreadable) {
                LOG.info("Meta CAPI alerts: the incident table is readable again");
            }
            incidentsUnreadable = false;
        } catch (RuntimeException e) {
            if (!incidentsUnreadable) {
                LOG.warn("Meta CAPI alerts: incidents cannot be read, so no alert is evaluated until they can: " + e);
            }
            incidentsUnreadable = true;
            return;
        }
        Instant now = clock.instant();
        Set<String> pixels = new HashSet<String>(s.pixelIds());
        for (AlertRule rule : rules) {
            if (!rule.enabled(s)) {
                endAll(rule, active, "the rule was switched off in the settings");
                continue;
            }
            Map<String, AlertCondition> conditions = check(rule, s, now);
            for (String pixelId : s.pixelIds()) {
                AlertCondition c = conditions.get(pixelId);
                step(rule, pixelId, c == null ? AlertCondition.unknown() : c, active.get(key(rule.id(), pixelId)),
                        s, now);
            }
            for (Incident i : new ArrayList<Incident>(active.values())) {
                if (i.ruleId().equals(rule.id()) && !pixels.contains(i.pixelId())) {
                    end(rule, i, "the pixel was removed from the settings");
                }
            }
        }
    }

    private Map<String, AlertCondition> check(AlertRule rule, AlertSettings s, Instant now) {
        try {
            Map<String, AlertCondition> conditions = rule.check(s.pixelIds(), s, now);
            if (failingRules.remove(rule.id())) {
                LOG.info("Meta CAPI alerts: rule " + rule.id() + " can be evaluated again");
            }
            return conditions == null ? Collections.<String, AlertCondition>emptyMap() : conditions;
        } catch (RuntimeException e) {
            if (failingRules.add(rule.id())) {
                LOG.warn("Meta CAPI alerts: rule " + rule.id() + " cannot read its input (treated as unknown "
                        + "until it can): " + e);
            }
            return Collections.emptyMap();
        }
    }

    private void step(AlertRule rule, String pixelId, AlertCondition c, Incident active, AlertSettings s,
            Instant now) {
        String key = key(rule.id(), pixelId);
        Observation o = observations.get(key);
        if (o == null) {
            o = new Observation();
            observations.put(key, o);
        }
        switch (c.state()) {
            case BREACHED:
                o.clearSince = null;
                o.lastDetail = c.detail();
                Instant since = o.breachedSince == null ? now : o.breachedSince;
                if (c.since() != null && c.since().isBefore(since)) {
                    since = c.since();
                }
                o.breachedSince = since;
                if (active == null && !now.isBefore(since.plus(rule.holdFor(s)))) {
                    String detail = since.isBefore(now) ? c.detail() + "; observed for "
                            + AlertMessage.duration(Duration.between(since, now)) : c.detail();
                    Incident started = claim(() -> incidents.tryStart(rule.id(), pixelId, detail, nodeId));
                    if (started != null) {
                        send(new AlertMessage(AlertMessage.Kind.STARTED, rule.id(), rule.title(), pixelId,
                                started.startedAt(), null, detail), s);
                    }
                }
                break;
            case CLEAR:
                o.breachedSince = null;
                if (active == null) {
                    o.clearSince = null;
                    break;
                }
                if (o.clearSince == null) {
                    o.clearSince = now;
                }
                if (!now.isBefore(o.clearSince.plus(s.clearAfter()))) {
                    end(rule, active, c.detail());
                    o.clearSince = null;
                }
                break;
            default:
                break; // unknown: no start, no end
        }
    }

    private void endAll(AlertRule rule, Map<String, Incident> active, String why) {
        for (Incident i : new ArrayList<Incident>(active.values())) {
            if (i.ruleId().equals(rule.id())) {
                end(rule, i, why);
            }
        }
    }

    private void end(AlertRule rule, Incident active, String detail) {
        Incident ended = claim(() -> incidents.tryEnd(active, detail));
        if (ended != null) {
            send(new AlertMessage(AlertMessage.Kind.ENDED, rule.id(), rule.title(), active.pixelId(),
                    ended.startedAt(), ended.endedAt(), detail), settings.get());
        }
    }

    private Incident claim(Supplier<Incident> claim) {
        try {
            return claim.get();
        } catch (RuntimeException e) {
            LOG.warn("Meta CAPI alerts: could not record an incident (tried again next cycle): " + e);
            return null;
        }
    }

    private void send(AlertMessage message, AlertSettings s) {
        for (AlertChannel channel : channels) {
            if (!channel.configured(s)) {
                continue;
            }
            try {
                channel.send(message, s);
            } catch (Exception e) {
                LOG.warn("Meta CAPI alerts: the " + channel.name() + " channel could not deliver \""
                        + message.subject() + "\": " + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
    }

    private static String key(String ruleId, String pixelId) {
        return ruleId + '|' + pixelId;
    }

    @Override
    public String toString() {
        return "AlertEvaluator{rules=" + rules.size() + ", channels=" + channels.size() + ", node=" + nodeId + "}";
    }
}
