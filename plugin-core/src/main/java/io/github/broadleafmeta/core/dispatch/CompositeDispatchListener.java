package io.github.broadleafmeta.core.dispatch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.github.broadleafmeta.core.capi.SendResult;
import io.github.broadleafmeta.core.outbox.OutboxRow;

/** Fans every callback out to several listeners; see {@link DispatchListener#composite}. */
final class CompositeDispatchListener implements DispatchListener {

    private final List<DispatchListener> listeners;

    CompositeDispatchListener(List<DispatchListener> listeners) {
        this.listeners = new ArrayList<DispatchListener>(listeners);
    }

    @Override
    public void claimed(String nodeId, int count) {
        for (DispatchListener l : listeners) {
            l.claimed(nodeId, count);
        }
    }

    @Override
    public void requestFinished(String pixelId, int events, SendResult result) {
        for (DispatchListener l : listeners) {
            l.requestFinished(pixelId, events, result);
        }
    }

    @Override
    public void sent(String pixelId, List<OutboxRow> events, SendResult result) {
        for (DispatchListener l : listeners) {
            l.sent(pixelId, events, result);
        }
    }

    @Override
    public void retried(String pixelId, List<OutboxRow> events, SendResult result, Instant nextAttemptAt) {
        for (DispatchListener l : listeners) {
            l.retried(pixelId, events, result, nextAttemptAt);
        }
    }

    @Override
    public void rejected(String pixelId, OutboxRow event, SendResult result) {
        for (DispatchListener l : listeners) {
            l.rejected(pixelId, event, result);
        }
    }

    @Override
    public void expired(String pixelId, List<OutboxRow> events, String reason) {
        for (DispatchListener l : listeners) {
            l.expired(pixelId, events, reason);
        }
    }

    @Override
    public void held(String pixelId, List<OutboxRow> events) {
        for (DispatchListener l : listeners) {
            l.held(pixelId, events);
        }
    }

    @Override
    public void dryRun(String pixelId, List<OutboxRow> events) {
        for (DispatchListener l : listeners) {
            l.dryRun(pixelId, events);
        }
    }

    @Override
    public void notConfirmed(List<OutboxRow> events, String reason) {
        for (DispatchListener l : listeners) {
            l.notConfirmed(events, reason);
        }
    }

    @Override
    public void deferred(String pixelId, List<OutboxRow> events, Instant until, String why) {
        for (DispatchListener l : listeners) {
            l.deferred(pixelId, events, until, why);
        }
    }

    @Override
    public void circuitChanged(String pixelId, CircuitBreaker.State from, CircuitBreaker.State to) {
        for (DispatchListener l : listeners) {
            l.circuitChanged(pixelId, from, to);
        }
    }

    @Override
    public void leaseLost(List<Long> rowIds) {
        for (DispatchListener l : listeners) {
            l.leaseLost(rowIds);
        }
    }

    @Override
    public void isolationRequests(String pixelId, int batchSize, int requests, int rejected) {
        for (DispatchListener l : listeners) {
            l.isolationRequests(pixelId, batchSize, requests, rejected);
        }
    }
}
