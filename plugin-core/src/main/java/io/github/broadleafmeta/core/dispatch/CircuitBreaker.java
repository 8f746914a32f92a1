package io.github.broadleafmeta.core.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * One pixel's breaker around its batches. CLOSED counts consecutive failed batches (transient or throttled);
 * at the threshold it OPENs for an interval; then HALF_OPEN lets exactly one probe batch through: success closes,
 * failure reopens with the interval doubled (up to a cap). While it is not permitting, the dispatcher puts the
 * pixel's rows back for {@link #nextProbeAt()} without counting an attempt. Clock-driven and thread-safe.
 */
public final class CircuitBreaker {

    private static final Log LOG = LogFactory.getLog(CircuitBreaker.class);

    public enum State {
        CLOSED, OPEN, HALF_OPEN
    }

    private final String pixelId;
    private final int failureThreshold;
    private final Duration baseOpenInterval;
    private final Duration maxOpenInterval;
    private final Clock clock;
    private final DispatchListener listener;

    private State state = State.CLOSED;
    private int consecutiveFailures;
    private Duration openInterval;
    private Instant openUntil;
    private boolean probeInFlight;

    public CircuitBreaker(String pixelId, int failureThreshold, Duration openInterval, Duration maxOpenInterval,
            Clock clock, DispatchListener listener) {
        if (failureThreshold < 1 || openInterval == null || openInterval.isZero() || openInterval.isNegative()
                || maxOpenInterval == null || maxOpenInterval.compareTo(openInterval) < 0) {
            throw new IllegalArgumentException("need threshold >= 1 and 0 < openInterval <= maxOpenInterval, were: "
                    + failureThreshold + ", " + openInterval + ", " + maxOpenInterval);
        }
        this.pixelId = pixelId;
        this.failureThreshold = failureThreshold;
        this.baseOpenInterval = openInterval;
        this.maxOpenInterval = maxOpenInterval;
        this.openInterval = openInterval;
        this.clock = clock;
        this.listener = listener == null ? DispatchListener.NO_OP : listener;
    }

    public static CircuitBreaker of(String pixelId, DispatcherConfig config, Clock clock, DispatchListener listener) {
        return new CircuitBreaker(pixelId, config.breakerFailureThreshold(), config.breakerOpenInterval(),
                config.breakerMaxOpenInterval(), clock, listener);
    }

    /** May a batch be sent now? In HALF_OPEN only the first caller gets the probe. */
    public synchronized boolean tryAcquirePermission() {
        switch (state) {
            case CLOSED:
                return true;
            case OPEN:
                if (clock.instant().isBefore(openUntil)) {
                    return false;
                }
                transition(State.HALF_OPEN);
                probeInFlight = true;
                return true;
            default:
                if (probeInFlight) {
                    return false;
                }
                probeInFlight = true;
                return true;
        }
    }

    /** The batch reached Meta and was answered (delivered, or refused for reasons a retry won't fix). */
    public synchronized void onSuccess() {
        consecutiveFailures = 0;
        if (state == State.HALF_OPEN) {
            probeInFlight = false;
            openInterval = baseOpenInterval;
            transition(State.CLOSED);
        }
    }

    /** The batch failed transiently or was throttled. */
    public synchronized void onFailure() {
        if (state == State.HALF_OPEN) {
            probeInFlight = false;
            long doubled = Math.min(openInterval.toMillis() * 2, maxOpenInterval.toMillis());
            openInterval = Duration.ofMillis(doubled);
            open();
            return;
        }
        if (state == State.CLOSED && ++consecutiveFailures >= failureThreshold) {
            open();
        }
        // OPEN: a late answer from a batch sent before the breaker opened changes nothing.
    }

    /** A permitted batch was not sent after all (dispatcher stopping): give the probe back. */
    public synchronized void onIgnored() {
        if (state == State.HALF_OPEN) {
            probeInFlight = false;
        }
    }

    public synchronized State state() {
        return state;
    }

    /** When deferred rows should be tried again: the end of the open period, or soon while a probe runs. */
    public synchronized Instant nextProbeAt() {
        Instant now = clock.instant();
        if (state == State.OPEN) {
            return openUntil.isAfter(now) ? openUntil : now;
        }
        return state == State.HALF_OPEN ? now.plus(baseOpenInterval) : now;
    }

    private void open() {
        openUntil = clock.instant().plus(openInterval);
        consecutiveFailures = 0;
        transition(State.OPEN);
    }

    private void transition(State to) {
        State from = state;
        state = to;
        if (to == State.OPEN) {
            LOG.warn("Meta CAPI circuit for pixel " + pixelId + " OPEN until " + openUntil + " (" + openInterval
                    + "); its events wait without using attempts");
        } else if (LOG.isInfoEnabled()) {
            LOG.info("Meta CAPI circuit for pixel " + pixelId + " " + from + " -> " + to);
        }
        try {
            listener.circuitChanged(pixelId, from, to);
        } catch (RuntimeException e) {
            LOG.debug("circuit listener failed", e);
        }
    }

    @Override
    public synchronized String toString() {
        return "CircuitBreaker{pixel=" + pixelId + ", state=" + state + "}";
    }
}
