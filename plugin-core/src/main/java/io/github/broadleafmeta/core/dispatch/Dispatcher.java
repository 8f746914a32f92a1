package io.github.broadleafmeta.core.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.broadleafmeta.core.capi.DeliveryOutcome;
import io.github.broadleafmeta.core.capi.EventSender;
import io.github.broadleafmeta.core.capi.GraphError;
import io.github.broadleafmeta.core.capi.SendRequest;
import io.github.broadleafmeta.core.capi.SendResult;
import io.github.broadleafmeta.core.outbox.OutboxRow;
import io.github.broadleafmeta.core.outbox.OutboxQueue;
import io.github.broadleafmeta.core.outbox.OutboxError;
import io.github.broadleafmeta.core.outbox.WriteResult;

/**
 * Moves events from the outbox to Meta in the background. One cycle: resume pixels whose credentials changed,
 * claim due rows under a lease, expire rows too old for Meta, check confirmations, then per pixel (settings read
 * once per cycle): dry run without a token, wait while disabled or unknown, hold while the same credentials are
 * known to fail, otherwise send batches of up to {@code batchSize} with at most {@code maxInFlightRequests}
 * requests in flight, behind a per-pixel circuit breaker. A rejected batch is halved until its invalid events are
 * isolated. Every outcome write is conditional on the claim's lease.
 *
 * <p>{@link #start()} runs cycles on a named daemon thread; {@link #runOnce()} runs one cycle on the caller's thread
 * (tests, manual triggers) and returns when its requests are answered or the lease ran out.
 */
public final class Dispatcher {

    private static final Log LOG = LogFactory.getLog(Dispatcher.class);

    /** Claims whose requests may be open at once: the next claim overlaps the previous one's HTTP round trips. */
    static final int CLAIMS_IN_FLIGHT = 2;

    private final OutboxQueue outbox;
    private final EventSender sender;
    private final DeliverySettingsProvider settingsProvider;
    private final ConfirmationCheck confirmationCheck;
    private final DispatcherConfig config;
    private final DispatchListener listener;
    private final Clock clock;
    private final DoubleSupplier jitter;
    private final BackoffPolicy backoff;

    private final Semaphore permits;
    private final ExecutorService completions;
    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<String, CircuitBreaker>();
    private final Set<String> warnedOnce = Collections.newSetFromMap(new ConcurrentHashMap<String, Boolean>());

    private final Object lifecycle = new Object();
    private Thread worker;
    private volatile boolean running;
    private volatile boolean stopping;
    private volatile long stopDeadlineNanos;
    private Instant nextPruneAt;

    private Dispatcher(Builder b) {
        this.outbox = b.outbox;
        this.sender = b.sender;
        this.settingsProvider = b.settingsProvider;
        this.confirmationCheck = b.confirmationCheck;
        this.config = b.config;
        this.listener = b.listener;
        this.clock = b.clock;
        this.jitter = b.jitter;
        this.backoff = BackoffPolicy.of(config);
        this.permits = new Semaphore(config.maxInFlightRequests());
        this.completions = Executors.newFixedThreadPool(config.maxInFlightRequests(),
                namedDaemons("meta-capi-dispatch-" + config.nodeId() + "-"));
    }

    public static Builder builder(OutboxQueue outbox, EventSender sender, DeliverySettingsProvider settingsProvider) {
        return new Builder(outbox, sender, settingsProvider);
    }

    public DispatcherConfig config() {
        return config;
    }

    /** The breaker state of a pixel this dispatcher has sent for ({@code CLOSED} for any other). */
    public CircuitBreaker.State circuitState(String pixelId) {
        CircuitBreaker b = breakers.get(pixelId);
        return b == null ? CircuitBreaker.State.CLOSED : b.state();
    }

    // ------------------------------------------------------------------------------------------- lifecycle

    /** Starts the worker thread. */
    public void start() {
        synchronized (lifecycle) {
            if (worker != null) {
                throw new IllegalStateException("dispatcher " + config.nodeId() + " was already started");
            }
            running = true;
            nextPruneAt = clock.instant().plus(config.pruneInterval());
            worker = new Thread(this::loop, "meta-capi-dispatcher-" + config.nodeId());
            worker.setDaemon(true);
            worker.start();
        }
        LOG.info("Meta CAPI dispatcher started (node " + config.nodeId() + ", batch " + config.batchSize()
                + ", " + config.maxInFlightRequests() + " requests in flight)");
    }

    /**
     * Stops claiming, waits up to {@code shutdownMaxWait} for requests in flight and records their outcomes.
     * Rows whose request had not started go back to PENDING; rows still unanswered stay IN_FLIGHT and are reclaimed
     * by any node after their lease.
     */
    public void stop() {
        Thread w;
        synchronized (lifecycle) {
            w = worker;
            stopDeadlineNanos = System.nanoTime() + config.shutdownMaxWait().toNanos();
            stopping = true;
            running = false;
            lifecycle.notifyAll();
        }
        if (w != null) {
            try {
                w.join(Math.max(1, config.shutdownMaxWait().toMillis() + 500));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (w.isAlive()) {
                LOG.warn("Meta CAPI dispatcher " + config.nodeId() + " did not stop within "
                        + config.shutdownMaxWait() + "; unanswered events are reclaimed after their lease");
            }
        }
        completions.shutdown();
        try {
            completions.awaitTermination(Math.max(0, remainingStopMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("Meta CAPI dispatcher stopped (node " + config.nodeId() + ")");
    }

    private long remainingStopMillis() {
        return TimeUnit.NANOSECONDS.toMillis(stopDeadlineNanos - System.nanoTime());
    }

    /**
     * Cycles until stopped. While a full claim's requests are in flight, the next claim runs at once (at most
     * {@link #CLAIMS_IN_FLIGHT} claims open, and only while a request slot is free), so the database round trips
     * of a claim overlap the HTTP round trips of the previous one. After a short claim or a failure every open
     * claim is finished first, then the loop waits (longer after each failure).
     */
    private void loop() {
        int failures = 0;
        Deque<Cycle> open = new ArrayDeque<Cycle>();
        while (running) {
            Cycle cycle = startCycle();
            open.addLast(cycle);
            boolean full = !cycle.failed && cycle.claimed >= config.claimLimit();
            if (full) {
                while (open.size() >= CLAIMS_IN_FLIGHT || (!open.isEmpty() && permits.availablePermits() == 0)) {
                    failures = finished(finishCycle(open.pollFirst()), failures);
                }
                prunePeriodically();
                continue;
            }
            while (!open.isEmpty()) {
                failures = finished(finishCycle(open.pollFirst()), failures);
            }
            prunePeriodically();
            if (running) {
                // After failures (database down) wait longer each time, up to 30 s, instead of spinning.
                long wait = config.pollInterval().toMillis() << Math.min(failures, 6);
                idle(Math.min(wait, Math.max(config.pollInterval().toMillis(), 30_000L)));
            }
        }
        while (!open.isEmpty()) {
            finishCycle(open.pollFirst());
        }
    }

    private static int finished(DispatchSummary s, int failures) {
        return s.failed() ? failures + 1 : 0;
    }

    private void idle(long millis) {
        synchronized (lifecycle) {
            if (running) {
                try {
                    lifecycle.wait(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
        }
    }

    private void prunePeriodically() {
        Instant now = clock.instant();
        if (nextPruneAt == null || now.isBefore(nextPruneAt)) {
            return;
        }
        nextPruneAt = now.plus(config.pruneInterval());
        try {
            // Held rows Meta would no longer accept become final first, so the prune below covers them too.
            int expired = outbox.expireHeld(now.minus(config.maxEventAge()));
            if (expired > 0) {
                LOG.warn("Meta CAPI outbox: " + expired + " events held for credentials expired unsent (older than "
                        + config.maxEventAge() + ")");
            }
            int n = outbox.pruneFinal(now.minus(Duration.ofDays(config.retentionDays())));
            if (n > 0) {
                LOG.info("Meta CAPI outbox: pruned " + n + " final rows recorded more than " + config.retentionDays()
                        + " days ago");
            }
        } catch (RuntimeException e) {
            LOG.warn("Meta CAPI outbox: prune failed, will try again in " + config.pruneInterval(), e);
        }
    }

    // ----------------------------------------------------------------------------------------------- cycle

    /** One cycle on the caller's thread; never throws (failures are logged and reported in the summary). */
    public DispatchSummary runOnce() {
        return finishCycle(startCycle());
    }

    /** A cycle whose requests were started: what it claimed, and the futures of its batches. */
    private static final class Cycle {
        final DispatchSummary.Tally tally = new DispatchSummary.Tally();
        final List<CompletableFuture<Void>> inFlight = new ArrayList<CompletableFuture<Void>>();
        /** Its rows' lease runs from here; waiting for its answers never goes past it. */
        final long leaseDeadlineNanos;
        int claimed;
        boolean failed;

        Cycle(Duration lease) {
            leaseDeadlineNanos = System.nanoTime() + lease.toNanos();
        }
    }

    /** Claims and starts the requests of one cycle; returns without waiting for their answers. */
    private Cycle startCycle() {
        Cycle cycle = new Cycle(config.leaseDuration());
        DispatchSummary.Tally tally = cycle.tally;
        try {
            Map<String, PixelContext> pixels = new HashMap<String, PixelContext>();
            resumeChangedCredentials(pixels);
            if (stopping) {
                return cycle;
            }
            List<OutboxRow> claimed = outbox.claim(config.nodeId(), config.claimLimit(),
                    config.leaseDuration());
            cycle.claimed = claimed.size();
            tally.claimed.set(claimed.size());
            if (claimed.isEmpty()) {
                return cycle;
            }
            notify(() -> listener.claimed(config.nodeId(), claimed.size()));
            Map<String, List<OutboxRow>> byPixel = new LinkedHashMap<String, List<OutboxRow>>();
            for (OutboxRow e : screen(claimed, tally)) {
                group(byPixel, e);
            }
            for (Map.Entry<String, List<OutboxRow>> e : byPixel.entrySet()) {
                dispatchPixel(context(pixels, e.getKey()), e.getValue(), tally, cycle.inFlight);
            }
        } catch (RuntimeException e) {
            cycle.failed = true;
            LOG.error("Meta CAPI dispatch cycle failed on node " + config.nodeId()
                    + "; rows it held are reclaimed after their lease", e);
        }
        return cycle;
    }

    /** Waits for a started cycle's requests (at most the lease) and sums it up. */
    private DispatchSummary finishCycle(Cycle cycle) {
        return cycle.tally.summary(awaitAll(cycle.inFlight, cycle.leaseDeadlineNanos), cycle.failed);
    }

    /** Waits for the cycle's batches, at most the lease (or what is left of the stop budget); returns unfinished. */
    private int awaitAll(List<CompletableFuture<Void>> inFlight, long leaseDeadline) {
        if (inFlight.isEmpty()) {
            return 0;
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(inFlight.toArray(new CompletableFuture<?>[0]));
        while (true) {
            long deadline = stopping ? Math.min(leaseDeadline, stopDeadlineNanos) : leaseDeadline;
            long wait = Math.min(TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()), 100);
            if (wait <= 0) {
                break;
            }
            try {
                all.get(wait, TimeUnit.MILLISECONDS);
                return 0;
            } catch (TimeoutException e) {
                // keep waiting until the deadline; stop() may shorten it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                // Batch futures never complete exceptionally; defensive only.
                break;
            }
        }
        int unfinished = 0;
        for (CompletableFuture<Void> f : inFlight) {
            if (!f.isDone()) {
                unfinished++;
            }
        }
        if (unfinished > 0) {
            LOG.warn("Meta CAPI dispatcher " + config.nodeId() + ": " + unfinished + " batches still unanswered; "
                    + "their rows stay IN_FLIGHT and are reclaimed after the lease");
        }
        return unfinished;
    }

    /** Resumes held pixels whose credentials changed; marks pixels still on failing credentials as paused. */
    private void resumeChangedCredentials(Map<String, PixelContext> pixels) {
        Map<String, Set<String>> held = outbox.heldFingerprints();
        for (Map.Entry<String, Set<String>> e : held.entrySet()) {
            PixelContext ctx = context(pixels, e.getKey());
            if (ctx.settings == null || !ctx.settings.enabled()) {
                continue;
            }
            String current = ctx.settings.credentialsFingerprint();
            if (e.getValue().contains(current)) {
                ctx.paused = true;
            }
            if (!Collections.singleton(current).containsAll(e.getValue())) {
                int n = outbox.releaseHeld(ctx.pixelId, current);
                if (n > 0) {
                    LOG.info("Meta CAPI: credentials of pixel " + ctx.pixelId + " changed; " + n
                            + " held events resume");
                    warnedOnce.remove("held:" + ctx.pixelId);
                    warnedOnce.remove("unreadable:" + ctx.pixelId);
                }
            }
        }
    }

    /** Expires rows too old for Meta and applies confirmations; returns the rows that may be sent. */
    private List<OutboxRow> screen(List<OutboxRow> claimed, DispatchSummary.Tally tally) {
        Instant now = clock.instant();
        long oldestAllowed = now.minus(config.maxEventAge()).getEpochSecond();
        Map<String, Confirmation> confirmations = new HashMap<String, Confirmation>();
        List<OutboxRow> sendable = new ArrayList<OutboxRow>(claimed.size());
        Map<String, List<OutboxRow>> expired = new LinkedHashMap<String, List<OutboxRow>>();
        List<OutboxRow> cancelled = new ArrayList<OutboxRow>();
        List<OutboxRow> timedOut = new ArrayList<OutboxRow>();
        List<OutboxRow> waiting = new ArrayList<OutboxRow>();
        for (OutboxRow e : claimed) {
            if (e.eventTime() < oldestAllowed) {
                group(expired, e);
                continue;
            }
            if (e.confirmationKey() == null) {
                sendable.add(e);
                continue;
            }
            Confirmation c = confirmations.get(e.confirmationKey());
            if (c == null) {
                c = confirm(e.confirmationKey());
                confirmations.put(e.confirmationKey(), c);
            }
            if (c == Confirmation.CONFIRMED) {
                sendable.add(e);
            } else if (c == Confirmation.CANCELLED) {
                cancelled.add(e);
            } else if (!now.isBefore(e.createdAt().plus(config.notConfirmedAfter()))) {
                timedOut.add(e);
            } else {
                waiting.add(e);
            }
        }
        for (Map.Entry<String, List<OutboxRow>> e : expired.entrySet()) {
            expire(e.getKey(), e.getValue(), null, tally);
        }
        notConfirmed(cancelled, "order cancelled before the Purchase was sent", tally);
        notConfirmed(timedOut, "its order was not confirmed within " + config.notConfirmedAfter(), tally);
        if (!waiting.isEmpty()) {
            defer(null, waiting, now.plus(config.confirmationRecheckInterval()), "order not confirmed yet", tally);
        }
        return sendable;
    }

    private Confirmation confirm(String key) {
        try {
            Confirmation c = confirmationCheck.check(key);
            return c == null ? Confirmation.PENDING : c;
        } catch (RuntimeException ex) {
            if (warnedOnce.add("confirm-failed")) {
                LOG.warn("Meta CAPI: the confirmation check failed (" + ex.getClass().getName()
                        + "); such events wait and are checked again", ex);
            }
            return Confirmation.PENDING;
        }
    }

    private void dispatchPixel(PixelContext ctx, List<OutboxRow> rows, DispatchSummary.Tally tally,
            List<CompletableFuture<Void>> inFlight) {
        Instant now = clock.instant();
        PixelDeliverySettings s = ctx.settings;
        if (s == null) {
            if (warnedOnce.add("unknown:" + ctx.pixelId)) {
                LOG.warn("Meta CAPI: no settings for pixel " + ctx.pixelId + "; its events wait in the outbox");
            }
            defer(ctx.pixelId, rows, now.plus(config.pixelRecheckInterval()), "unknown pixel", tally);
            return;
        }
        if (!s.enabled()) {
            defer(ctx.pixelId, rows, now.plus(config.pixelRecheckInterval()), "pixel disabled", tally);
            return;
        }
        if (s.credentialsProblem() != null) {
            // Checked before the dry-run branch: an unreadable token is not a missing one (nothing becomes DRY_RUN).
            holdUnreadable(ctx, rows, tally);
            return;
        }
        if (!s.credentials().hasAccessToken()) {
            if (warnedOnce.add("dryrun:" + ctx.pixelId)) {
                LOG.warn("Meta CAPI: no access token for pixel " + ctx.pixelId + "; events are recorded as "
                        + "DRY_RUN and nothing is sent");
            }
            WriteResult w = outbox.markDryRun(rows);
            tally.dryRun.addAndGet(w.written());
            leaseLost(w, tally);
            notify(() -> listener.dryRun(ctx.pixelId, rows));
            return;
        }
        for (int from = 0; from < rows.size(); from += config.batchSize()) {
            List<OutboxRow> batch = new ArrayList<OutboxRow>(
                    rows.subList(from, Math.min(rows.size(), from + config.batchSize())));
            if (!acquirePermit()) {
                releaseUnsent(ctx.pixelId, batch, tally);
                continue;
            }
            CompletableFuture<Void> done;
            try {
                done = sendBatch(ctx, batch, null, tally);
            } catch (RuntimeException e) {
                permits.release();
                throw e;
            }
            done.whenComplete((v, ex) -> permits.release());
            inFlight.add(done);
        }
    }

    /** Waits for a request slot; gives up when stopping. */
    private boolean acquirePermit() {
        while (!stopping) {
            try {
                if (permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /**
     * Sends one batch and records its outcome; for a rejected batch, recursively its halves. The future always
     * completes normally.
     */
    private CompletableFuture<Void> sendBatch(PixelContext ctx, List<OutboxRow> batch, Isolation isolation,
            DispatchSummary.Tally tally) {
        if (ctx.paused) {
            hold(ctx, batch, ctx.pauseError, false, tally);
            return done();
        }
        if (stopping) {
            releaseUnsent(ctx.pixelId, batch, tally);
            return done();
        }
        CircuitBreaker breaker = breaker(ctx.pixelId);
        if (!breaker.tryAcquirePermission()) {
            defer(ctx.pixelId, batch, breaker.nextProbeAt(), "circuit " + breaker.state(), tally);
            return done();
        }
        SendRequest request;
        try {
            request = request(ctx.settings, batch);
        } catch (IllegalArgumentException e) {
            breaker.onIgnored();
            if (warnedOnce.add("badsettings:" + ctx.pixelId)) {
                LOG.warn("Meta CAPI: settings of pixel " + ctx.pixelId + " are not usable (" + e.getMessage()
                        + "); its events wait");
            }
            defer(ctx.pixelId, batch, clock.instant().plus(config.pixelRecheckInterval()), "settings invalid", tally);
            return done();
        }
        tally.requests.incrementAndGet();
        if (isolation != null) {
            isolation.requests.incrementAndGet();
            tally.isolationRequests.incrementAndGet();
        }
        CompletableFuture<SendResult> response;
        try {
            response = sender.send(request);
            if (response == null) {
                response = CompletableFuture.completedFuture(localFailure("sender returned no future"));
            }
        } catch (RuntimeException e) {
            response = CompletableFuture.completedFuture(localFailure(e.getClass().getName()));
        }
        // Outcomes are written on our own threads, never on the HTTP client's I/O threads.
        return response
                .handle((r, ex) -> r != null ? r : localFailure(ex == null ? "no result" : ex.getClass().getName()))
                .thenComposeAsync(r -> onResult(ctx, breaker, batch, r, isolation, tally), completions)
                .exceptionally(ex -> {
                    LOG.error("Meta CAPI: recording the outcome for pixel " + ctx.pixelId + " failed; "
                            + batch.size() + " rows are reclaimed after their lease", ex);
                    return null;
                });
    }

    private CompletableFuture<Void> onResult(PixelContext ctx, CircuitBreaker breaker, List<OutboxRow> batch,
            SendResult r, Isolation isolation, DispatchSummary.Tally tally) {
        notify(() -> listener.requestFinished(ctx.pixelId, batch.size(), r));
        switch (r.outcome()) {
            case DELIVERED: {
                breaker.onSuccess();
                WriteResult w = outbox.markSent(batch, r.eventsReceived(), r.fbtraceId());
                tally.sent.addAndGet(w.written());
                leaseLost(w, tally);
                if (LOG.isDebugEnabled()) {
                    LOG.debug("Meta CAPI: pixel " + ctx.pixelId + " accepted " + batch.size() + " events, "
                            + "events_received=" + r.eventsReceived() + ", fbtrace_id=" + r.fbtraceId());
                }
                notify(() -> listener.sent(ctx.pixelId, batch, r));
                return done();
            }
            case RETRY:
            case RATE_LIMITED:
                breaker.onFailure();
                retry(ctx, batch, r, tally);
                return done();
            case CREDENTIALS: {
                // Meta answered: the endpoint is healthy, the credentials are not.
                breaker.onSuccess();
                OutboxError error = OutboxError.of(r.error(), r.fbtraceId());
                ctx.pauseError = error;
                ctx.paused = true;
                hold(ctx, batch, error, true, tally);
                return done();
            }
            default:
                breaker.onSuccess();
                return rejected(ctx, batch, r, isolation, tally);
        }
    }

    private CompletableFuture<Void> rejected(PixelContext ctx, List<OutboxRow> batch, SendResult r,
            Isolation isolation, DispatchSummary.Tally tally) {
        if (batch.size() == 1) {
            OutboxRow e = batch.get(0);
            WriteResult w = outbox.markRejected(batch, OutboxError.of(r.error(), r.fbtraceId()));
            tally.rejected.addAndGet(w.written());
            leaseLost(w, tally);
            if (isolation != null) {
                isolation.rejected.incrementAndGet();
            }
            LOG.error("Meta CAPI rejected event " + e.eventName() + " event_id=" + e.eventId() + " (pixel "
                    + ctx.pixelId + ", attempt " + (e.attempts() + 1) + ", fbtrace_id=" + r.fbtraceId() + "): "
                    + (r.error() == null ? "no message" : r.error().summary()));
            notify(() -> listener.rejected(ctx.pixelId, e, r));
            return done();
        }
        // One invalid event rejects the whole request: halve until the invalid ones stand alone.
        final boolean top = isolation == null;
        final Isolation iso = top ? new Isolation() : isolation;
        List<OutboxRow> left = new ArrayList<OutboxRow>(batch.subList(0, batch.size() / 2));
        List<OutboxRow> right = new ArrayList<OutboxRow>(batch.subList(batch.size() / 2, batch.size()));
        CompletableFuture<Void> both = sendBatch(ctx, left, iso, tally)
                .thenCompose(v -> sendBatch(ctx, right, iso, tally));
        if (!top) {
            return both;
        }
        return both.thenRun(() -> {
            LOG.info("Meta CAPI: isolated " + iso.rejected.get() + " invalid events of a batch of " + batch.size()
                    + " for pixel " + ctx.pixelId + " in " + iso.requests.get() + " extra requests");
            notify(() -> listener.isolationRequests(ctx.pixelId, batch.size(), iso.requests.get(),
                    iso.rejected.get()));
        });
    }

    private void retry(PixelContext ctx, List<OutboxRow> batch, SendResult r, DispatchSummary.Tally tally) {
        Instant now = clock.instant();
        int attempt = 1;
        for (OutboxRow e : batch) {
            attempt = Math.max(attempt, e.attempts() + 1);
        }
        Integer code = r.error() == null ? null : r.error().code();
        double draw = jitter.getAsDouble();
        Duration delay = backoff.delay(attempt, r.outcome(), code, r.retryAfterMillis(),
                draw >= 0d && draw < 1d ? draw : 0.5d);
        Instant next = now.plus(delay);
        // Rows that would pass Meta's age limit before the next attempt end EXPIRED with the error as reason.
        long lastAllowed = next.minus(config.maxEventAge()).getEpochSecond();
        List<OutboxRow> again = new ArrayList<OutboxRow>();
        List<OutboxRow> tooOld = new ArrayList<OutboxRow>();
        for (OutboxRow e : batch) {
            (e.eventTime() < lastAllowed ? tooOld : again).add(e);
        }
        OutboxError error = OutboxError.of(r.error(), r.fbtraceId());
        if (!again.isEmpty()) {
            WriteResult w = outbox.markRetry(again, next, error);
            tally.retried.addAndGet(w.written());
            leaseLost(w, tally);
            LOG.info("Meta CAPI: " + r.outcome() + " for " + again.size() + " events of pixel " + ctx.pixelId
                    + " (attempt " + attempt + ", http " + r.httpStatus() + ", fbtrace_id=" + r.fbtraceId()
                    + ", " + (r.error() == null ? "" : r.error().summary()) + "); next attempt in " + delay);
            notify(() -> listener.retried(ctx.pixelId, again, r, next));
        }
        if (!tooOld.isEmpty()) {
            expire(ctx.pixelId, tooOld, error, tally);
        }
    }

    private void expire(String pixelId, List<OutboxRow> rows, OutboxError lastError, DispatchSummary.Tally tally) {
        OutboxRow first = rows.get(0);
        String last = lastError != null ? lastError.message() : first.lastErrorMessage();
        String reason = "older than Meta accepts (" + config.maxEventAge() + ") before it could be delivered"
                + (last == null ? "" : "; last error: " + last);
        Integer code = lastError != null ? lastError.code() : first.lastErrorCode();
        WriteResult w = outbox.markExpired(rows, new OutboxError(code, lastError == null ? null
                : lastError.subcode(), reason, lastError == null ? null : lastError.fbtraceId()));
        tally.expired.addAndGet(w.written());
        leaseLost(w, tally);
        LOG.error("Meta CAPI: " + rows.size() + " events of pixel " + pixelId + " expired (first: "
                + first.eventName() + " event_id=" + first.eventId() + ", attempts " + first.attempts() + "): "
                + reason);
        notify(() -> listener.expired(pixelId, rows, reason));
    }

    private void hold(PixelContext ctx, List<OutboxRow> rows, OutboxError error, boolean attempted,
            DispatchSummary.Tally tally) {
        OutboxError reason = error != null ? error
                : OutboxError.reason("held: these credentials were refused earlier; waiting for new credentials");
        WriteResult w = outbox.markHeld(rows, ctx.settings.credentialsFingerprint(), reason, attempted);
        tally.held.addAndGet(w.written());
        leaseLost(w, tally);
        if (warnedOnce.add("held:" + ctx.pixelId)) {
            LOG.error("Meta CAPI: pixel " + ctx.pixelId + " refused its credentials (fbtrace_id="
                    + reason.fbtraceId() + ": " + reason.message() + "); its events are held until the access "
                    + "token or app secret is changed");
        }
        notify(() -> listener.held(ctx.pixelId, rows));
    }

    /** Holds a pixel's rows because its saved credentials cannot be decrypted; they resume once readable. */
    private void holdUnreadable(PixelContext ctx, List<OutboxRow> rows, DispatchSummary.Tally tally) {
        OutboxError reason = OutboxError.reason("held: " + ctx.settings.credentialsProblem());
        WriteResult w = outbox.markHeld(rows, ctx.settings.credentialsFingerprint(), reason, false);
        tally.held.addAndGet(w.written());
        leaseLost(w, tally);
        if (warnedOnce.add("unreadable:" + ctx.pixelId)) {
            LOG.error("Meta CAPI: pixel " + ctx.pixelId + ": " + ctx.settings.credentialsProblem()
                    + "; its events are held and nothing is sent until the credentials can be read");
        }
        notify(() -> listener.held(ctx.pixelId, rows));
    }

    private void notConfirmed(List<OutboxRow> rows, String reason, DispatchSummary.Tally tally) {
        if (rows.isEmpty()) {
            return;
        }
        WriteResult w = outbox.markNotConfirmed(rows, reason);
        tally.notConfirmed.addAndGet(w.written());
        leaseLost(w, tally);
        if (LOG.isDebugEnabled()) {
            LOG.debug("Meta CAPI: " + rows.size() + " events not confirmed: " + reason);
        }
        notify(() -> listener.notConfirmed(rows, reason));
    }

    private void defer(String pixelId, List<OutboxRow> rows, Instant until, String why,
            DispatchSummary.Tally tally) {
        WriteResult w = outbox.release(rows, until);
        tally.deferred.addAndGet(w.written());
        leaseLost(w, tally);
        notify(() -> listener.deferred(pixelId, rows, until, why));
    }

    private void releaseUnsent(String pixelId, List<OutboxRow> rows, DispatchSummary.Tally tally) {
        WriteResult w = outbox.release(rows, clock.instant());
        tally.released.addAndGet(w.written());
        leaseLost(w, tally);
    }

    private void leaseLost(WriteResult w, DispatchSummary.Tally tally) {
        if (w.leaseLost().isEmpty()) {
            return;
        }
        tally.leaseLost.addAndGet(w.leaseLost().size());
        LOG.warn("Meta CAPI dispatcher " + config.nodeId() + ": lease lost on " + w.leaseLost().size()
                + " rows (another node reclaimed them); their outcome is left to that node");
        notify(() -> listener.leaseLost(w.leaseLost()));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private PixelContext context(Map<String, PixelContext> pixels, String pixelId) {
        PixelContext ctx = pixels.get(pixelId);
        if (ctx == null) {
            PixelDeliverySettings s;
            try {
                s = settingsProvider.forPixel(pixelId);
            } catch (RuntimeException e) {
                if (warnedOnce.add("settings-failed:" + pixelId)) {
                    LOG.warn("Meta CAPI: reading settings of pixel " + pixelId + " failed ("
                            + e.getClass().getName() + "); its events wait", e);
                }
                s = null;
            }
            ctx = new PixelContext(pixelId, s);
            pixels.put(pixelId, ctx);
        }
        return ctx;
    }

    private CircuitBreaker breaker(String pixelId) {
        CircuitBreaker b = breakers.get(pixelId);
        if (b == null) {
            b = CircuitBreaker.of(pixelId, config, clock, listener);
            CircuitBreaker prior = breakers.putIfAbsent(pixelId, b);
            if (prior != null) {
                b = prior;
            }
        }
        return b;
    }

    private static SendRequest request(PixelDeliverySettings s, List<OutboxRow> batch) {
        List<String> jsons = new ArrayList<String>(batch.size());
        for (OutboxRow e : batch) {
            jsons.add(e.payloadJson());
        }
        return SendRequest.builder().pixelId(s.pixelId()).credentials(s.credentials())
                .graphUrl(s.graphUrl()).apiVersion(s.apiVersion()).testEventCode(s.testEventCode())
                .eventJsons(jsons).build();
    }

    /** A sender broke its contract (threw, returned null or failed the future): treat it as a transient failure. */
    private static SendResult localFailure(String what) {
        return SendResult.failed(DeliveryOutcome.RETRY, 0, GraphError.local("sender_failure", what), null, null);
    }

    private void notify(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.debug("Meta CAPI dispatch listener failed", e);
        }
    }

    private static CompletableFuture<Void> done() {
        return CompletableFuture.completedFuture(null);
    }

    /** Adds {@code e} to its pixel's list. */
    private static void group(Map<String, List<OutboxRow>> byPixel, OutboxRow e) {
        List<OutboxRow> rows = byPixel.get(e.pixelId());
        if (rows == null) {
            rows = new ArrayList<OutboxRow>();
            byPixel.put(e.pixelId(), rows);
        }
        rows.add(e);
    }

    private static ThreadFactory namedDaemons(final String prefix) {
        final AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** One pixel's state within one cycle. */
    private static final class PixelContext {
        final String pixelId;
        final PixelDeliverySettings settings;
        volatile boolean paused;
        volatile OutboxError pauseError;

        PixelContext(String pixelId, PixelDeliverySettings settings) {
            this.pixelId = pixelId;
            this.settings = settings;
        }
    }

    /** Requests and rejections of one batch's isolation. */
    private static final class Isolation {
        final AtomicInteger requests = new AtomicInteger();
        final AtomicInteger rejected = new AtomicInteger();
    }

    public static final class Builder {
        private final OutboxQueue outbox;
        private final EventSender sender;
        private final DeliverySettingsProvider settingsProvider;
        private ConfirmationCheck confirmationCheck = ConfirmationCheck.ALWAYS_CONFIRMED;
        private DispatcherConfig config = DispatcherConfig.ofDefaults();
        private DispatchListener listener = DispatchListener.NO_OP;
        private Clock clock = Clock.systemUTC();
        private DoubleSupplier jitter = () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble();

        private Builder(OutboxQueue outbox, EventSender sender, DeliverySettingsProvider settingsProvider) {
            if (outbox == null || sender == null || settingsProvider == null) {
                throw new IllegalArgumentException("outbox, sender and settingsProvider are required");
            }
            this.outbox = outbox;
            this.sender = sender;
            this.settingsProvider = settingsProvider;
        }

        public Builder confirmationCheck(ConfirmationCheck confirmationCheck) {
            this.confirmationCheck = require(confirmationCheck, "confirmationCheck");
            return this;
        }

        public Builder config(DispatcherConfig config) {
            this.config = require(config, "config");
            return this;
        }

        public Builder listener(DispatchListener listener) {
            this.listener = require(listener, "listener");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = require(clock, "clock");
            return this;
        }

        /** Draws in [0, 1) for back-off jitter; tests pass a constant. */
        public Builder jitter(DoubleSupplier jitter) {
            this.jitter = require(jitter, "jitter");
            return this;
        }

        public Dispatcher build() {
            return new Dispatcher(this);
        }

        private static <T> T require(T value, String name) {
            if (value == null) {
                throw new IllegalArgumentException(name + " is required");
            }
            return value;
        }
    }
}
