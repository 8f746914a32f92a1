package io.github.broadleafmeta.core.dispatch;

import java.time.Duration;

import io.github.broadleafmeta.core.capi.DeliveryOutcome;

/**
 * When a failed batch may be tried again. A pure function: exponential growth from {@code base}, capped, with FULL
 * jitter (a uniform draw between 0 and the ceiling, so many stores recovering from one outage do not retry in
 * step); throttling and "temporarily blocked" (code 368) add floors; a server's Retry-After is honoured.
 */
public final class BackoffPolicy {

    /** Meta's "temporarily blocked for policies violations" code: back off for a long time. */
    public static final int BLOCKED_CODE = 368;

    private final long baseMillis;
    private final long capMillis;
    private final long rateLimitFloorMillis;
    private final long blockedFloorMillis;

    public BackoffPolicy(Duration base, Duration cap, Duration rateLimitFloor, Duration blockedFloor) {
        if (base == null || base.isZero() || base.isNegative() || cap == null || cap.compareTo(base) < 0
                || rateLimitFloor == null || rateLimitFloor.isNegative() || blockedFloor == null
                || blockedFloor.isNegative()) {
            throw new IllegalArgumentException("need 0 < base <= cap and floors >= 0, were: base=" + base + ", cap="
                    + cap + ", rateLimitFloor=" + rateLimitFloor + ", blockedFloor=" + blockedFloor);
        }
        this.baseMillis = base.toMillis();
        this.capMillis = cap.toMillis();
        this.rateLimitFloorMillis = rateLimitFloor.toMillis();
        this.blockedFloorMillis = blockedFloor.toMillis();
    }

    public static BackoffPolicy of(DispatcherConfig config) {
        return new BackoffPolicy(config.backoffBase(), config.backoffCap(), config.rateLimitFloor(),
                config.blockedFloor());
    }

    /**
     * @param attempt the number of failed attempts including this one (1 after the first failure)
     * @param outcome {@link DeliveryOutcome#RETRY} or {@link DeliveryOutcome#RATE_LIMITED}
     * @param errorCode Meta's error code, or {@code null}
     * @param retryAfterMillis the server's Retry-After, or {@code null}
     * @param random a draw in [0, 1) from the injected jitter source
     */
    public Duration delay(int attempt, DeliveryOutcome outcome, Integer errorCode, Long retryAfterMillis,
            double random) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be >= 1, was: " + attempt);
        }
        if (outcome != DeliveryOutcome.RETRY && outcome != DeliveryOutcome.RATE_LIMITED) {
            throw new IllegalArgumentException("only RETRY and RATE_LIMITED are retried, was: " + outcome);
        }
        if (random < 0d || random >= 1d) {
            throw new IllegalArgumentException("random must be in [0, 1), was: " + random);
        }
        long ceiling = ceiling(attempt);
        long delay = (long) (ceiling * random);
        if (outcome == DeliveryOutcome.RATE_LIMITED) {
            delay = Math.max(delay, rateLimitFloorMillis);
        }
        if (errorCode != null && errorCode.intValue() == BLOCKED_CODE) {
            delay = Math.max(delay, blockedFloorMillis);
        }
        if (retryAfterMillis != null && retryAfterMillis.longValue() > 0) {
            // Honour the server, but not beyond our own longest wait: a bogus huge hint must not park events.
            long maxHint = Math.max(capMillis, blockedFloorMillis);
            delay = Math.max(delay, Math.min(retryAfterMillis.longValue(), maxHint));
        }
        return Duration.ofMillis(delay);
    }

    /** base * 2^(attempt-1), capped; shifts stop before overflow. */
    long ceiling(int attempt) {
        int shift = Math.min(attempt - 1, 40);
        long c = baseMillis << shift;
        return c <= 0 || c > capMillis || (c >> shift) != baseMillis ? capMillis : c;
    }
}
