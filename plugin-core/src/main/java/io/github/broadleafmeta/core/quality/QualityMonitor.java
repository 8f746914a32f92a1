package io.github.broadleafmeta.core.quality;

import io.github.broadleafmeta.core.concurrent.DaemonThreads;
import io.github.broadleafmeta.core.settings.MetaSettings;
import io.github.broadleafmeta.core.settings.PixelSettings;
import io.github.broadleafmeta.core.tracking.SettingsSnapshots;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Reads Meta's quality figures and the token's health for every configured pixel once per
 * {@link MetaSettings#qualityReadIntervalHours()} (the last reading in the database decides, so several nodes
 * read about once per interval between them), and on demand ({@link #readNow}). Everything runs on one daemon
 * thread of its own with the reader's own HTTP client: a slow, failing or refusing Meta never touches the delivery
 * of events. Readings older than {@link #KEEP_READINGS} are deleted.
 */
public final class QualityMonitor {

    private static final Log LOG = LogFactory.getLog(QualityMonitor.class);
    public static final Duration DEFAULT_CHECK_EVERY = Duration.ofMinutes(15);
    public static final Duration KEEP_READINGS = Duration.ofDays(400);

    private final QualityReader reader;
    private final JdbcQualityStore store;
    private final Supplier<MetaSettings> settings;
    private final Clock clock;
    private final Duration checkEvery;
    private final ScheduledThreadPoolExecutor executor;

    public QualityMonitor(QualityReader reader, JdbcQualityStore store, Supplier<MetaSettings> settings,
            Clock clock, Duration checkEvery) {
        if (reader == null || store == null || settings == null || clock == null || checkEvery == null
                || checkEvery.isZero() || checkEvery.isNegative()) {
            throw new IllegalArgumentException("reader, store, settings, clock and a positive interval are required");
        }
        this.reader = reader;
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.checkEvery = checkEvery;
        this.executor = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("meta-quality"));
        this.executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** For Spring XML: the live settings, a check every {@link #DEFAULT_CHECK_EVERY}. */
    public static QualityMonitor of(QualityReader reader, JdbcQualityStore store, SettingsSnapshots settings,
            Clock clock) {
        return new QualityMonitor(reader, store, settings::current, clock, DEFAULT_CHECK_EVERY);
    }

    /** Starts the periodic check (the first one after a minute, so start-up is not slowed). */
    public void start() {
        executor.scheduleWithFixedDelay(this::readDue, Math.min(60_000L, checkEvery.toMillis()),
                checkEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the thread; a read under way is interrupted. */
    public void stop() {
        executor.shutdownNow();
    }

    /**
     * Reads one configured pixel now, on the monitor's thread, and stores the reading. The future completes with
     * the reading, or exceptionally when {@code pixelId} is not configured or the monitor is stopped.
     */
    public CompletableFuture<QualityReading> readNow(String pixelId) {
        CompletableFuture<QualityReading> result = new CompletableFuture<QualityReading>();
        try {
            executor.execute(() -> {
                try {
                    PixelSettings pixel = settings.get().pixel(pixelId);
                    if (pixel == null) {
                        result.completeExceptionally(new IllegalArgumentException("pixel " + pixelId
                                + " is not configured"));
                        return;
                    }
                    result.complete(readAndStore(pixel));
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new IllegalStateException("the quality monitor is stopped"));
        }
        return result;
    }

    /** One check: reads each pixel whose last reading is older than the interval. Returns what it read. */
    public List<QualityReading> readDue() {
        List<QualityReading> read = new ArrayList<QualityReading>();
        try {
            MetaSettings s = settings.get();
            Instant now = clock.instant();
            Duration interval = Duration.ofHours(s.qualityReadIntervalHours());
            for (PixelSettings pixel : s.pixels()) {
                if (!pixel.credentials().hasAccessToken()) {
                    continue; // nothing to read with; the admin panel says so
                }
                Instant last = store.lastReadAt(pixel.pixelId());
                if (last == null || !last.plus(interval).isAfter(now)) {
                    read.add(readAndStore(pixel));
                }
            }
            store.prune(now.minus(KEEP_READINGS));
        } catch (RuntimeException e) {
            // The next check tries again; nothing else depends on this thread.
            LOG.warn("Meta quality: the scheduled read failed: " + e);
        }
        return read;
    }

    private QualityReading readAndStore(PixelSettings pixel) {
        QualityReading reading = reader.read(pixel);
        store.save(reading);
        LOG.info("Meta quality: pixel " + pixel.pixelId() + " read: dataset " + reading.dataset().state()
                + ", token " + reading.token().state() + ", " + reading.dataset().events().size() + " event names");
        return reading;
    }
}
