package io.github.broadleafmeta.core.dispatch;

import java.net.InetAddress;
import java.time.Duration;
import java.util.UUID;

import io.github.broadleafmeta.core.capi.SendRequest;

/**
 * Immutable dispatcher settings. {@link #custom()} and {@link #from(DispatcherConfig)} give a builder whose setters
 * validate and name the bad value; {@link #ofDefaults()} is the shipped tuning.
 */
public final class DispatcherConfig {
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);
    public static final int DEFAULT_CLAIM_LIMIT = 4000;
    public static final int DEFAULT_BATCH_SIZE = SendRequest.MAX_EVENTS_PER_REQUEST;
    public static final int DEFAULT_MAX_IN_FLIGHT_REQUESTS = 4;
    public static final Duration DEFAULT_LEASE_DURATION = Duration.ofMinutes(2);
    public static final Duration DEFAULT_BACKOFF_BASE = Duration.ofSeconds(1);
    public static final Duration DEFAULT_BACKOFF_CAP = Duration.ofMinutes(15);
    public static final Duration DEFAULT_RATE_LIMIT_FLOOR = Duration.ofSeconds(60);
    public static final Duration DEFAULT_BLOCKED_FLOOR = Duration.ofMinutes(30);
    public static final int DEFAULT_BREAKER_FAILURE_THRESHOLD = 5;
    public static final Duration DEFAULT_BREAKER_OPEN_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_BREAKER_MAX_OPEN_INTERVAL = Duration.ofMinutes(10);
    public static final Duration DEFAULT_MAX_EVENT_AGE = Duration.ofDays(7).minusHours(1);
    public static final Duration DEFAULT_NOT_CONFIRMED_AFTER = Duration.ofMinutes(30);
    public static final Duration DEFAULT_CONFIRMATION_RECHECK_INTERVAL = Duration.ofSeconds(15);
    public static final Duration DEFAULT_PIXEL_RECHECK_INTERVAL = Duration.ofSeconds(60);
    public static final int DEFAULT_RETENTION_DAYS = 7;
    public static final Duration DEFAULT_PRUNE_INTERVAL = Duration.ofHours(1);
    public static final Duration DEFAULT_SHUTDOWN_MAX_WAIT = Duration.ofSeconds(10);

    private static final DispatcherConfig DEFAULTS = custom().build();
    private final Duration pollInterval;
    private final int claimLimit;
    private final int batchSize;
    private final int maxInFlightRequests;
    private final Duration leaseDuration;
    private final Duration backoffBase;
    private final Duration backoffCap;
    private final Duration rateLimitFloor;
    private final Duration blockedFloor;
    private final int breakerFailureThreshold;
    private final Duration breakerOpenInterval;
    private final Duration breakerMaxOpenInterval;
    private final Duration maxEventAge;
    private final Duration notConfirmedAfter;
    private final Duration confirmationRecheckInterval;
    private final Duration pixelRecheckInterval;
    private final int retentionDays;
    private final Duration pruneInterval;
    private final Duration shutdownMaxWait;
    private final String nodeId;

    private DispatcherConfig(Builder b) {
        this.pollInterval = b.pollInterval;
        this.claimLimit = b.claimLimit;
        this.batchSize = b.batchSize;
        this.maxInFlightRequests = b.maxInFlightRequests;
        this.leaseDuration = b.leaseDuration;
        this.backoffBase = b.backoffBase;
        this.backoffCap = b.backoffCap;
        this.rateLimitFloor = b.rateLimitFloor;
        this.blockedFloor = b.blockedFloor;
        this.breakerFailureThreshold = b.breakerFailureThreshold;
        this.breakerOpenInterval = b.breakerOpenInterval;
        this.breakerMaxOpenInterval = b.breakerMaxOpenInterval;
        this.maxEventAge = b.maxEventAge;
        this.notConfirmedAfter = b.notConfirmedAfter;
        this.confirmationRecheckInterval = b.confirmationRecheckInterval;
        this.pixelRecheckInterval = b.pixelRecheckInterval;
        this.retentionDays = b.retentionDays;
        this.pruneInterval = b.pruneInterval;
        this.shutdownMaxWait = b.shutdownMaxWait;
        this.nodeId = b.nodeId;
    }

    public static DispatcherConfig ofDefaults() {
        return DEFAULTS;
    }

    public static Builder custom() {
        return new Builder();
    }

    public static Builder from(DispatcherConfig base) {
        Builder b = new Builder();
        b.pollInterval = base.pollInterval;
        b.claimLimit = base.claimLimit;
        b.batchSize = base.batchSize;
        b.maxInFlightRequests = base.maxInFlightRequests;
        b.leaseDuration = base.leaseDuration;
        b.backoffBase = base.backoffBase;
        b.backoffCap = base.backoffCap;
        b.rateLimitFloor = base.rateLimitFloor;
        b.blockedFloor = base.blockedFloor;
        b.breakerFailureThreshold = base.breakerFailureThreshold;
        b.breakerOpenInterval = base.breakerOpenInterval;
        b.breakerMaxOpenInterval = base.breakerMaxOpenInterval;
        b.maxEventAge = base.maxEventAge;
        b.notConfirmedAfter = base.notConfirmedAfter;
        b.confirmationRecheckInterval = base.confirmationRecheckInterval;
        b.pixelRecheckInterval = base.pixelRecheckInterval;
        b.retentionDays = base.retentionDays;
        b.pruneInterval = base.pruneInterval;
        b.shutdownMaxWait = base.shutdownMaxWait;
        b.nodeId = base.nodeId;
        return b;
    }

    /** How long an idle worker waits before claiming again (a full claim goes again at once). */
    public Duration pollInterval() {
        return pollInterval;
    }

    /** Rows claimed per cycle (never more are loaded at once). */
    public int claimLimit() {
        return claimLimit;
    }

    /** Events per Graph API request; Meta's maximum is 1,000. */
    public int batchSize() {
        return batchSize;
    }

    /** Requests in flight at once, over all pixels. */
    public int maxInFlightRequests() {
        return maxInFlightRequests;
    }

    /** How long a claim holds rows; must exceed the client's response timeout, or a slow answer races a reclaim. */
    public Duration leaseDuration() {
        return leaseDuration;
    }

    /** First retry delay ceiling; doubles per attempt (full jitter). */
    public Duration backoffBase() {
        return backoffBase;
    }

    /** Largest exponential retry delay. */
    public Duration backoffCap() {
        return backoffCap;
    }

    /** A throttled batch never retries sooner than this. */
    public Duration rateLimitFloor() {
        return rateLimitFloor;
    }

    /** Error 368 (temporarily blocked) never retries sooner than this. */
    public Duration blockedFloor() {
        return blockedFloor;
    }

    /** Consecutive failed batches (retry or throttled) that open a pixel's breaker. */
    public int breakerFailureThreshold() {
        return breakerFailureThreshold;
    }

    /** First open period; doubles after each failed probe. */
    public Duration breakerOpenInterval() {
        return breakerOpenInterval;
    }

    /** Longest open period. */
    public Duration breakerMaxOpenInterval() {
        return breakerMaxOpenInterval;
    }

    /** Meta rejects events older than 7 days; older rows end EXPIRED, never sent. */
    public Duration maxEventAge() {
        return maxEventAge;
    }

    /** A row whose confirmation is still pending this long after creation ends NOT_CONFIRMED. */
    public Duration notConfirmedAfter() {
        return notConfirmedAfter;
    }

    /** Wait before asking again about a pending confirmation. */
    public Duration confirmationRecheckInterval() {
        return confirmationRecheckInterval;
    }

    /** Wait before retrying rows of an unknown or disabled pixel (no attempt counted). */
    public Duration pixelRecheckInterval() {
        return pixelRecheckInterval;
    }

    /** Final rows (every status that is never sent again) are pruned this many days after they were recorded. */
    public int retentionDays() {
        return retentionDays;
    }

    /** How often the worker prunes. */
    public Duration pruneInterval() {
        return pruneInterval;
    }

    /** How long stop() waits for requests in flight. */
    public Duration shutdownMaxWait() {
        return shutdownMaxWait;
    }

    /** This node's lease owner name (default: host name plus a random suffix). */
    public String nodeId() {
        return nodeId;
    }

    static String defaultNodeId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "node";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    public String toString() {
        return "DispatcherConfig{nodeId=" + nodeId + ", batchSize=" + batchSize + ", claimLimit=" + claimLimit
                + ", maxInFlightRequests=" + maxInFlightRequests + ", lease=" + leaseDuration + "}";
    }

    public static final class Builder {
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private int claimLimit = DEFAULT_CLAIM_LIMIT;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private int maxInFlightRequests = DEFAULT_MAX_IN_FLIGHT_REQUESTS;
        private Duration leaseDuration = DEFAULT_LEASE_DURATION;
        private Duration backoffBase = DEFAULT_BACKOFF_BASE;
        private Duration backoffCap = DEFAULT_BACKOFF_CAP;
        private Duration rateLimitFloor = DEFAULT_RATE_LIMIT_FLOOR;
        private Duration blockedFloor = DEFAULT_BLOCKED_FLOOR;
        private int breakerFailureThreshold = DEFAULT_BREAKER_FAILURE_THRESHOLD;
        private Duration breakerOpenInterval = DEFAULT_BREAKER_OPEN_INTERVAL;
        private Duration breakerMaxOpenInterval = DEFAULT_BREAKER_MAX_OPEN_INTERVAL;
        private Duration maxEventAge = DEFAULT_MAX_EVENT_AGE;
        private Duration notConfirmedAfter = DEFAULT_NOT_CONFIRMED_AFTER;
        private Duration confirmationRecheckInterval = DEFAULT_CONFIRMATION_RECHECK_INTERVAL;
        private Duration pixelRecheckInterval = DEFAULT_PIXEL_RECHECK_INTERVAL;
        private int retentionDays = DEFAULT_RETENTION_DAYS;
        private Duration pruneInterval = DEFAULT_PRUNE_INTERVAL;
        private Duration shutdownMaxWait = DEFAULT_SHUTDOWN_MAX_WAIT;
        private String nodeId = defaultNodeId();

        private Builder() {
        }

        public Builder pollInterval(Duration v) {
            if (!(v != null && positive(v))) {
                throw new IllegalArgumentException("pollInterval is out of range: " + v);
            }
            this.pollInterval = v;
            return this;
        }

        public Builder claimLimit(int v) {
            if (!(v >= 1 && v <= 100_000)) {
                throw new IllegalArgumentException("claimLimit is out of range: " + v);
            }
            this.claimLimit = v;
            return this;
        }

        public Builder batchSize(int v) {
            if (!(v >= 1 && v <= SendRequest.MAX_EVENTS_PER_REQUEST)) {
                throw new IllegalArgumentException("batchSize is out of range: " + v);
            }
            this.batchSize = v;
            return this;
        }

        public Builder maxInFlightRequests(int v) {
            if (!(v >= 1 && v <= 64)) {
                throw new IllegalArgumentException("maxInFlightRequests is out of range: " + v);
            }
            this.maxInFlightRequests = v;
            return this;
        }

        public Builder leaseDuration(Duration v) {
            if (!(v != null && positive(v))) {
                throw new IllegalArgumentException("leaseDuration is out of range: " + v);
            }
            this.leaseDuration = v;
            return this;
        }

        public Builder backoffBase(Duration v) {
            if (!(v != null && positive(v))) {
                throw new IllegalArgumentException("backoffBase is out of range: " + v);
            }
            this.backoffBase = v;
            return this;
        }

        public Builder backoffCap(Duration v) {
            if (!(v != null && positive(v))) {
                throw new IllegalArgumentException("backoffCap is out of range: " + v);
            }
            this.backoffCap = v;
            return this;
        }

        public Builder rateLimitFloor(Duration v) {
            if (!(v != null && !v.isNegative())) {
                throw new IllegalArgumentException("rateLimitFloor is out of range: " + v);
            }
            this.rateLimitFloor = v;
            return this;
        }

        public Builder blockedFloor(Duration v) {
            if (!(v != null && !v.isNegative())) {
                throw new IllegalArgumentException("blockedFloor is out of range: " + v);
            }
            this.blockedFloor = v;
            return this;
        }

        public Builder breakerFailureThreshold(int v) {
            if (!(v >= 1)) {
                throw new IllegalArgumentException("breakerFailureThreshold is out of range: " + v);
            }
            this.breakerFailureThreshold = v;
            return this;
        }

        public Builder breakerOpenInterval(Duration v) {
            if (!(v != null && positive(v))) {
                throw new IllegalArgumentException("breakerOpenInterval is out of range: " + v);
            }
            this.breakerOpenInterval = v;
            return this;
        }

        public Builder breakerMaxOpenInterval(Duration v) {
            if (!(v != null && positive(v))) {
                throw new IllegalArgumentException("breakerMaxOpenInterval is out of range: " + v);
            }
            this.breakerMaxOpenInterval = v;
            return this;
        }

        public Builder maxEventAge(Duration v) {
            if (!(v != null && positive(v) && v.compareTo(Duration.ofDays(7)) <= 0)) {
                throw new IllegalArgumentException("maxEventAge is out of range: " + v);
            }
            this.maxEventAge = v;
            return this;
        }

        public Builder notConfirmedAfter(Duration v) {
            if (!(v != null && positive(v))) {
                throw new IllegalArgumentException("notConfirmedAfter is out of range: " + v);
            }
            this.notConfirmedAfter = v;
            return this;
        }

        public Builder confirmationRecheckInterval(Duration v) {
            if (!(v != null && positive(v))) {
                throw new IllegalArgumentException("confirmationRecheckInterval is out of range: " + v);
            }
            this.confirmationRecheckInterval = v;
            return this;
        }

        public Builder pixelRecheckInterval(Duration v) {
            if (!(v != null && positive(v))) {
                throw new IllegalArgumentException("pixelRecheckInterval is out of range: " + v);
            }
            this.pixelRecheckInterval = v;
            return this;
        }

        public Builder retentionDays(int v) {
            if (!(v >= 1 && v <= 3650)) {
                throw new IllegalArgumentException("retentionDays is out of range: " + v);
            }
            this.retentionDays = v;
            return this;
        }

        public Builder pruneInterval(Duration v) {
            if (!(v != null && positive(v))) {
                throw new IllegalArgumentException("pruneInterval is out of range: " + v);
            }
            this.pruneInterval = v;
            return this;
        }

        public Builder shutdownMaxWait(Duration v) {
            if (!(v != null && !v.isNegative())) {
                throw new IllegalArgumentException("shutdownMaxWait is out of range: " + v);
            }
            this.shutdownMaxWait = v;
            return this;
        }

        public Builder nodeId(String v) {
            if (!(v != null && !v.trim().isEmpty() && v.length() <= 200)) {
                throw new IllegalArgumentException("nodeId is out of range: " + v);
            }
            this.nodeId = v;
            return this;
        }

        /** @throws IllegalArgumentException when settings contradict each other */
        public DispatcherConfig build() {
            if (backoffCap.compareTo(backoffBase) < 0) {
                throw new IllegalArgumentException("backoffCap (" + backoffCap + ") must be >= backoffBase ("
                        + backoffBase + ")");
            }
            if (breakerMaxOpenInterval.compareTo(breakerOpenInterval) < 0) {
                throw new IllegalArgumentException("breakerMaxOpenInterval (" + breakerMaxOpenInterval
                        + ") must be >= breakerOpenInterval (" + breakerOpenInterval + ")");
            }
            return new DispatcherConfig(this);
        }

        private static boolean positive(Duration d) {
            return !d.isNegative() && !d.isZero();
        }
    }
}
