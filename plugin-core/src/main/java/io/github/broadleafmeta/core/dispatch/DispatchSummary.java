package io.github.broadleafmeta.core.dispatch;

import java.util.concurrent.atomic.AtomicInteger;

/** What one dispatch cycle did (events unless named requests). */
public final class DispatchSummary {

    private final int claimed;
    private final int requests;
    private final int sent;
    private final int retried;
    private final int rejected;
    private final int expired;
    private final int held;
    private final int dryRun;
    private final int notConfirmed;
    private final int deferred;
    private final int leaseLost;
    private final int isolationRequests;
    private final int released;
    private final int unfinishedBatches;
    private final boolean failed;

    private DispatchSummary(Tally t, int unfinishedBatches, boolean failed) {
        this.claimed = t.claimed.get();
        this.requests = t.requests.get();
        this.sent = t.sent.get();
        this.retried = t.retried.get();
        this.rejected = t.rejected.get();
        this.expired = t.expired.get();
        this.held = t.held.get();
        this.dryRun = t.dryRun.get();
        this.notConfirmed = t.notConfirmed.get();
        this.deferred = t.deferred.get();
        this.leaseLost = t.leaseLost.get();
        this.isolationRequests = t.isolationRequests.get();
        this.released = t.released.get();
        this.unfinishedBatches = unfinishedBatches;
        this.failed = failed;
    }

    /** Mutable counters of a cycle in progress; written from completion threads. */
    static final class Tally {
        final AtomicInteger claimed = new AtomicInteger();
        final AtomicInteger requests = new AtomicInteger();
        final AtomicInteger sent = new AtomicInteger();
        final AtomicInteger retried = new AtomicInteger();
        final AtomicInteger rejected = new AtomicInteger();
        final AtomicInteger expired = new AtomicInteger();
        final AtomicInteger held = new AtomicInteger();
        final AtomicInteger dryRun = new AtomicInteger();
        final AtomicInteger notConfirmed = new AtomicInteger();
        final AtomicInteger deferred = new AtomicInteger();
        final AtomicInteger leaseLost = new AtomicInteger();
        final AtomicInteger isolationRequests = new AtomicInteger();
        final AtomicInteger released = new AtomicInteger();

        DispatchSummary summary(int unfinishedBatches, boolean failed) {
            return new DispatchSummary(this, unfinishedBatches, failed);
        }
    }

    public int claimed() {
        return claimed;
    }

    /** Graph API requests sent, isolation requests included. */
    public int requests() {
        return requests;
    }

    public int sent() {
        return sent;
    }

    public int retried() {
        return retried;
    }

    public int rejected() {
        return rejected;
    }

    public int expired() {
        return expired;
    }

    public int held() {
        return held;
    }

    public int dryRun() {
        return dryRun;
    }

    public int notConfirmed() {
        return notConfirmed;
    }

    /** Put back without an attempt: breaker open, pixel unknown or disabled, confirmation pending. */
    public int deferred() {
        return deferred;
    }

    public int leaseLost() {
        return leaseLost;
    }

    public int isolationRequests() {
        return isolationRequests;
    }

    /** Put back to PENDING because the dispatcher was stopping before their request started. */
    public int released() {
        return released;
    }

    /** Batches still waiting for an answer when the cycle stopped waiting. */
    public int unfinishedBatches() {
        return unfinishedBatches;
    }

    /** The cycle hit an unexpected error (logged); rows it held come back after their lease. */
    public boolean failed() {
        return failed;
    }

    @Override
    public String toString() {
        return "DispatchSummary{claimed=" + claimed + ", requests=" + requests + ", sent=" + sent + ", retried="
                + retried + ", rejected=" + rejected + ", expired=" + expired + ", held=" + held + ", dryRun="
                + dryRun + ", notConfirmed=" + notConfirmed + ", deferred=" + deferred + ", released=" + released
                + ", leaseLost=" + leaseLost + ", isolationRequests=" + isolationRequests + ", unfinished="
                + unfinishedBatches + (failed ? ", FAILED" : "") + "}";
    }
}
