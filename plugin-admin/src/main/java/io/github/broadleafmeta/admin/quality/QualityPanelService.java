package io.github.broadleafmeta.admin.quality;

import io.github.broadleafmeta.admin.settings.SettingsAdminService;
import io.github.broadleafmeta.core.outbox.JdbcOutbox;
import io.github.broadleafmeta.core.outbox.MatchKeyCoverage;
import io.github.broadleafmeta.core.quality.JdbcQualityStore;
import io.github.broadleafmeta.core.quality.QualityMonitor;
import io.github.broadleafmeta.core.quality.QualityReader;
import io.github.broadleafmeta.core.quality.QualityReading;
import io.github.broadleafmeta.core.settings.MetaSettings;
import io.github.broadleafmeta.core.settings.PixelSettings;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The admin's "Meta quality" tab: a panel per configured pixel from the stored readings (written by the
 * storefront's daily read and by "Read now"), and "Read now" itself, which reads Meta from the admin with the
 * admin's settings on a quality thread of its own.
 */
public class QualityPanelService {

    /** Readings in the trend. */
    static final int TREND_READINGS = 30;
    static final Duration LOCAL_COVERAGE_WINDOW = Duration.ofDays(7);
    static final Duration READ_NOW_WAIT = Duration.ofSeconds(60);

    private final JdbcQualityStore store;
    private final JdbcOutbox outbox;
    private final SettingsAdminService settings;
    private final Clock clock;
    private final QualityMonitor monitor;

    public QualityPanelService(JdbcQualityStore store, JdbcOutbox outbox, SettingsAdminService settings,
            QualityReader reader, Clock clock) {
        this.store = store;
        this.outbox = outbox;
        this.settings = settings;
        this.clock = clock;
        this.monitor = new QualityMonitor(reader, store, settings::current, clock, QualityMonitor.DEFAULT_CHECK_EVERY);
    }

    /** One panel per configured pixel, or only {@code pixelFilter}'s when it names one. */
    public List<QualityPanel> panels(String pixelFilter) {
        MetaSettings s = settings.current();
        Instant now = clock.instant();
        List<MatchKeyCoverage> local = outbox.matchKeyCoverage(now.minus(LOCAL_COVERAGE_WINDOW));
        List<QualityPanel> out = new ArrayList<QualityPanel>();
        for (PixelSettings p : s.pixels()) {
            if (pixelFilter == null || pixelFilter.equals(p.pixelId())) {
                out.add(QualityPanels.build(p.pixelId(), store.history(p.pixelId(), TREND_READINGS), local, now,
                        s.qualityTokenWarnDays()));
            }
        }
        return out;
    }

    /**
     * Reads Meta for one configured pixel now and stores the reading.
     *
     * @throws IllegalArgumentException the pixel is not configured
     * @throws IllegalStateException    the read did not finish within {@link #READ_NOW_WAIT}
     */
    public QualityReading readNow(String pixelId) {
        if (settings.current().pixel(pixelId) == null) {
            throw new IllegalArgumentException("Pixel " + pixelId + " is not configured.");
        }
        try {
            return monitor.readNow(pixelId).get(READ_NOW_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading Meta.");
        } catch (TimeoutException e) {
            throw new IllegalStateException("Meta did not answer within " + READ_NOW_WAIT.getSeconds()
                    + " seconds; the reading is stored when it does.");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IllegalArgumentException ? (IllegalArgumentException) cause
                    : new IllegalStateException("The read failed: " + (cause == null ? e : cause).getClass()
                            .getSimpleName());
        }
    }

    /** Stops the quality thread (the admin context's shutdown). */
    public void close() {
        monitor.stop();
    }
}
