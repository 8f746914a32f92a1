package io.github.broadleafmeta.core.alert;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Computes the health report from the same delivery state the alert rules read: DEGRADED while a pixel's circuit
 * is not closed, its events are held for credentials, or its oldest waiting event is older than the backlog
 * alert's threshold ({@code meta.alert.backlogMinutes}; the default when that alert is off). Unreadable state is
 * DEGRADED too: the plugin cannot deliver without its database.
 */
public final class HealthCheck {

    private static final Log LOG = LogFactory.getLog(HealthCheck.class);

    private final DeliveryHealth delivery;
    private final Supplier<AlertSettings> settings;
    private final Clock clock;

    public HealthCheck(DeliveryHealth delivery, Supplier<AlertSettings> settings, Clock clock) {
        this.delivery = delivery;
        this.settings = settings;
        this.clock = clock;
    }

    public AlertSettings settings() {
        return settings.get();
    }

    public HealthReport report() {
        AlertSettings s = settings.get();
        Instant now = clock.instant();
        Map<String, PixelDelivery> all;
        try {
            all = delivery.read(s.pixelIds());
        } catch (RuntimeException e) {
            LOG.debug("Meta CAPI health: delivery state unreadable", e);
            return new HealthReport(Collections.singletonList("the plugin's delivery state cannot be read"),
                    Collections.<HealthReport.PixelHealth>emptyList(), now);
        }
        int backlogMinutes = s.backlogMinutes() != null ? s.backlogMinutes() : AlertSettings.DEFAULT_BACKLOG_MINUTES;
        List<String> reasons = new ArrayList<String>();
        List<HealthReport.PixelHealth> pixels = new ArrayList<HealthReport.PixelHealth>();
        for (String pixelId : s.pixelIds()) {
            PixelDelivery d = all.get(pixelId);
            if (d == null) {
                d = PixelDelivery.idle(pixelId);
            }
            List<String> own = new ArrayList<String>();
            if (!d.circuitClosed()) {
                own.add("circuit " + d.circuitState() + (d.circuitUnhealthySince() == null ? ""
                        : " since " + d.circuitUnhealthySince()));
            }
            if (d.credentialsHeld()) {
                own.add("events held for credentials");
            }
            Duration age = d.oldestWaitingAge(now);
            if (age.compareTo(Duration.ofMinutes(backlogMinutes)) > 0) {
                own.add("oldest waiting event " + age.toMinutes() + " min old (threshold " + backlogMinutes
                        + " min)");
            }
            for (String r : own) {
                reasons.add("pixel " + pixelId + ": " + r);
            }
            pixels.add(new HealthReport.PixelHealth(pixelId, own, d.circuitState(), d.credentialsHeld(),
                    age.getSeconds()));
        }
        return new HealthReport(reasons, pixels, now);
    }
}
