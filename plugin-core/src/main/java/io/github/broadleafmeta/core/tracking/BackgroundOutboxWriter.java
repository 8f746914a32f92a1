package io.github.broadleafmeta.core.tracking;

import io.github.broadleafmeta.core.outbox.CommitMode;
import io.github.broadleafmeta.core.outbox.EnqueueResult;
import io.github.broadleafmeta.core.outbox.JdbcOutbox;
import io.github.broadleafmeta.core.outbox.OutboxEntry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * The write path of events raised outside any host transaction (page views, product pages, searches, the
 * confirmation page, the store's own {@code track} calls, the checkout's events): the request thread only offers the
 * action ({@link PendingServerCopy}) to a bounded in-memory queue; one daemon thread ({@code meta-outbox-writer})
 * builds the rows (normalizing and hashing the customer, the event's JSON) and inserts them in batches of up to
 * {@code batchSize} actions with one commit per batch, and batches the "browser copy rendered" marks the same way. So
 * a page adds no statement, commit, disk sync or pooled connection to its request, and none of the server copy's
 * CPU.
 *
 * <p>What this trades: actions still in the queue when the node dies are lost. Only events of this path are at
 * risk: page events whose browser copy was already rendered (Meta still has the event from the Pixel), and the
 * checkout's AddPaymentInfo and Purchase, handed over when the checkout's request ends; a lost Purchase is rebuilt
 * from its order by the Purchase sweep. Cart and registration events are written in the host's transaction instead.
 * For the same reason the batches commit {@linkplain CommitMode#ASYNCHRONOUS asynchronously} on PostgreSQL: a
 * database crash within its log-flush window loses at most what a node's death loses here, and the batch's commit
 * does not wait for the disk beside the store's own commits.
 * A full queue drops the new action and counts it ({@code server.DROPPED.<event>}, {@link #getDropped()}, also over
 * JMX); an action that turns out not to be a valid event when built is logged and counted
 * ({@code server.INVALID.<event>}), as is a failed batch insert ({@code server.FAILED.<event>}). {@link #stop()}
 * writes what is queued before the node shuts down.
 */
public final class BackgroundOutboxWriter implements ServerCopyWriter, BackgroundOutboxWriterMBean {

    private static final Log LOG = LogFactory.getLog(BackgroundOutboxWriter.class);
    public static final int DEFAULT_CAPACITY = 10_000;
    public static final int DEFAULT_BATCH_SIZE = 500;
    /** How long the writer waits for more rows before it writes what it has. */
    static final long LINGER_MILLIS = 50;
    private static final long DROP_LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final JdbcOutbox outbox;
    private final TrackingCounters counters;
    private final int batchSize;
    private final BlockingQueue<PendingServerCopy> copies;
    private final BlockingQueue<String[]> rendered;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicInteger unwritten = new AtomicInteger();
    private final AtomicLong lastDropLog = new AtomicLong(Long.MIN_VALUE);
    private final Object writing = new Object();
    private volatile Thread worker;

    public BackgroundOutboxWriter(JdbcOutbox outbox, TrackingCounters counters, int capacity, int batchSize) {
        if (outbox == null || counters == null || capacity < 1 || batchSize < 1) {
            throw new IllegalArgumentException("outbox, counters, a positive capacity and batchSize are required");
        }
        this.outbox = outbox;
        this.counters = counters;
        this.batchSize = batchSize;
        this.copies = new ArrayBlockingQueue<PendingServerCopy>(capacity);
        this.rendered = new ArrayBlockingQueue<String[]>(capacity);
    }

    public BackgroundOutboxWriter(JdbcOutbox outbox, TrackingCounters counters) {
        this(outbox, counters, DEFAULT_CAPACITY, DEFAULT_BATCH_SIZE);
    }

    /** Offers the rows; never blocks. {@code HANDED_OFF}, or {@code DROPPED} when the queue is full. */
    @Override
    public Recording.ServerCopy write(List<OutboxEntry> batch) {
        return write(PendingServerCopy.of(batch));
    }

    /**
     * Offers one action's server copies, to be built (normalized, hashed, serialized) and inserted on this writer's
     * thread; never blocks. {@code HANDED_OFF}, or {@code DROPPED} when the queue is full.
     */
    @Override
    public Recording.ServerCopy write(PendingServerCopy copy) {
        unwritten.incrementAndGet();
        if (copies.offer(copy)) {
            return Recording.ServerCopy.HANDED_OFF;
        }
        unwritten.decrementAndGet();
        dropped.incrementAndGet();
        logDrop(copy.eventName());
        return Recording.ServerCopy.DROPPED;
    }

    @Override
    public void browserCopiesRendered(List<String[]> events) {
        for (String[] event : events) {
            unwritten.incrementAndGet();
            if (!rendered.offer(event)) {
                unwritten.decrementAndGet();
                // Coverage statistics only: the admin's browser/server coverage undercounts this one.
                dropped.incrementAndGet();
                logDrop("rendered mark of " + event[1]);
            }
        }
    }

    private void logDrop(String what) {
        long now = System.nanoTime();
        long last = lastDropLog.get();
        if ((last == Long.MIN_VALUE || now - last >= DROP_LOG_INTERVAL_NANOS) && lastDropLog.compareAndSet(last, now)) {
            LOG.warn("Meta tracking: the background outbox writer's queue is full; dropped " + what + " ("
                    + dropped.get() + " dropped since start; logged at most once a minute)");
        }
    }

    public synchronized void start() {
        if (worker != null) {
            return;
        }
        Thread thread = new Thread(this::run, "meta-outbox-writer");
        thread.setDaemon(true);
        worker = thread;
        thread.start();
        registerMBean();
    }

    private void registerMBean() {
        try {
            ObjectName name = mbeanName();
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (!server.isRegistered(name)) {
                server.registerMBean(this, name);
            }
        } catch (JMException | RuntimeException e) {
            LOG.info("Meta tracking: the background outbox writer is not visible over JMX (" + e.getClass().getName()
                    + ")");
        }
    }

    private void unregisterMBean() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = mbeanName();
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
        } catch (JMException | RuntimeException e) {
            LOG.debug("Meta tracking: could not unregister the background outbox writer's MBean", e);
        }
    }

    private ObjectName mbeanName() throws MalformedObjectNameException {
        return new ObjectName("io.github.broadleafmeta:type=BackgroundOutboxWriter,id="
                + Integer.toHexString(System.identityHashCode(this)));
    }

    /** Stops the thread (bounded wait), then writes whatever is still queued on the caller's thread. */
    public void stop() {
        Thread thread;
        synchronized (this) {
            thread = worker;
            worker = null;
        }
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        flush();
        unregisterMBean();
    }

    private void run() {
        while (worker == Thread.currentThread()) {
            try {
                PendingServerCopy first = copies.poll(LINGER_MILLIS, TimeUnit.MILLISECONDS);
                if (first != null) {
                    // Linger briefly so one commit carries the rows of several requests.
                    Thread.sleep(LINGER_MILLIS);
                }
                writeQueued(first);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("Meta tracking: the background outbox writer failed (" + e.getClass().getName()
                        + "); it goes on");
            }
        }
    }

    /** Writes everything queued now, on the caller's thread (shutdown, tests). */
    public void flush() {
        while (!copies.isEmpty() || !rendered.isEmpty()) {
            writeQueued(null);
        }
    }

    private void writeQueued(PendingServerCopy first) {
        synchronized (writing) {
            List<PendingServerCopy> taken = new ArrayList<PendingServerCopy>();
            if (first != null) {
                taken.add(first);
            }
            copies.drainTo(taken, batchSize - taken.size());
            if (!taken.isEmpty()) {
                try {
                    List<OutboxEntry> batch = build(taken);
                    List<EnqueueResult> results = batch.isEmpty() ? new ArrayList<EnqueueResult>()
                            : outbox.enqueueAll(batch, CommitMode.ASYNCHRONOUS);
                    for (int i = 0; i < batch.size(); i++) {
                        if (results.get(i).status() == EnqueueResult.Status.FAILED) {
                            // Logged by the outbox (rate-limited); counted per event here.
                            counters.serverCopy(batch.get(i).eventName(), Recording.ServerCopy.FAILED);
                        } else {
                            written.incrementAndGet();
                        }
                    }
                } finally {
                    unwritten.addAndGet(-taken.size());
                }
            }
            // After the rows: a mark may refer to a row of this very batch.
            List<String[]> marks = new ArrayList<String[]>();
            rendered.drainTo(marks, batchSize);
            if (!marks.isEmpty()) {
                try {
                    outbox.markBrowserRenderedAll(marks);
                } finally {
                    unwritten.addAndGet(-marks.size());
                }
            }
        }
    }

    /** Builds the copies' rows here, off the requests' threads; a copy that cannot be built is counted and skipped. */
    private List<OutboxEntry> build(List<PendingServerCopy> taken) {
        List<OutboxEntry> batch = new ArrayList<OutboxEntry>(taken.size());
        for (PendingServerCopy copy : taken) {
            try {
                List<OutboxEntry> rows = copy.build();
                if (rows == null) {
                    counters.serverCopy(copy.eventName(), Recording.ServerCopy.INVALID);
                } else {
                    batch.addAll(rows);
                }
            } catch (RuntimeException e) {
                LOG.warn("Meta tracking: could not build the server copy of a " + copy.eventName() + " ("
                        + e.getClass().getName() + "); counted as failed");
                counters.serverCopy(copy.eventName(), Recording.ServerCopy.FAILED);
            }
        }
        return batch;
    }

    @Override
    public long getDropped() {
        return dropped.get();
    }

    @Override
    public long getWritten() {
        return written.get();
    }

    @Override
    public int getUnwritten() {
        return unwritten.get();
    }
}
