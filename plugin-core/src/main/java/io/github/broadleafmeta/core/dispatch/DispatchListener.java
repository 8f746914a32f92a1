package io.github.broadleafmeta.core.dispatch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.github.broadleafmeta.core.capi.SendResult;
import io.github.broadleafmeta.core.outbox.OutboxRow;

/**
 * Told what the dispatcher did, for counters, the admin dashboard and tests. Every method has a no-op default.
 * Called on dispatcher threads; implementations must be quick and must not throw (exceptions are logged and
 * ignored). Never hands out tokens; events carry their payload, which listeners must not log.
 */
public interface DispatchListener {

    DispatchListener NO_OP = new DispatchListener() {
    };

    /** Rows this node leased in one cycle. */
    default void claimed(String nodeId, int count) {
    }

    /** One Graph API request finished (isolation requests included). */
    default void requestFinished(String pixelId, int events, SendResult result) {
    }

    default void sent(String pixelId, List<OutboxRow> events, SendResult result) {
    }

    /** Transient failure or throttling; the rows are due again at {@code nextAttemptAt}. */
    default void retried(String pixelId, List<OutboxRow> events, SendResult result, Instant nextAttemptAt) {
    }

    /** One event isolated as invalid; final. */
    default void rejected(String pixelId, OutboxRow event, SendResult result) {
    }

    default void expired(String pixelId, List<OutboxRow> events, String reason) {
    }

    /** Held for credentials (token refused, or the pixel is already paused for the same credentials). */
    default void held(String pixelId, List<OutboxRow> events) {
    }

    default void dryRun(String pixelId, List<OutboxRow> events) {
    }

    default void notConfirmed(List<OutboxRow> events, String reason) {
    }

    /** Put back without an attempt (breaker open, pixel unknown or disabled, confirmation pending, stopping). */
    default void deferred(String pixelId, List<OutboxRow> events, Instant until, String why) {
    }

    default void circuitChanged(String pixelId, CircuitBreaker.State from, CircuitBreaker.State to) {
    }

    /** Outcome writes skipped because another node had reclaimed the rows. */
    default void leaseLost(List<Long> rowIds) {
    }

    /** A rejected batch was split until its invalid events were isolated. */
    default void isolationRequests(String pixelId, int batchSize, int requests, int rejected) {
    }

    /** Calls every listener in order. */
    static DispatchListener composite(DispatchListener... listeners) {
        final List<DispatchListener> all = new ArrayList<DispatchListener>(Arrays.asList(listeners));
        return new CompositeDispatchListener(all);
    }
}
