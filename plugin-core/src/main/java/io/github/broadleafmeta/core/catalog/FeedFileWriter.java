package io.github.broadleafmeta.core.catalog;

import io.github.broadleafmeta.core.concurrent.DaemonThreads;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Writes the feed to the file of setting {@code meta.catalog.feed.file} every {@code fileIntervalMinutes}, for a
 * web server or Meta's scheduled upload to pick up. Off while the setting is blank. The file is written beside the
 * target and moved over it, so a reader never sees half a feed. One named daemon thread checks once a minute.
 */
public final class FeedFileWriter {

    private static final Log LOG = LogFactory.getLog(FeedFileWriter.class);

    /** Runs a unit of work in the storefront's context (e.g. with a persistence context bound to the thread). */
    public interface Scope {
        <T> T run(Callable<T> work) throws Exception;
    }

    private final CatalogFeed feed;
    private final Supplier<CatalogSettings> settings;
    private final Scope scope;
    private final Clock clock;
    private ScheduledExecutorService executor;
    private volatile Instant lastWrite;
    private volatile boolean warnedNoBaseUrl;

    public FeedFileWriter(CatalogFeed feed, Supplier<CatalogSettings> settings, Scope scope, Clock clock) {
        this.feed = feed;
        this.settings = settings;
        this.scope = scope;
        this.clock = clock;
    }

    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("meta-catalog-feed-file"));
        executor.scheduleWithFixedDelay(this::runOnce, 1, 60, TimeUnit.SECONDS);
    }

    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    /** Writes the file when one is configured and the interval has passed; true when it wrote. Never throws. */
    public boolean runOnce() {
        try {
            CatalogSettings s = settings.get();
            if (s.feedFile() == null) {
                return false;
            }
            if (s.baseUrl() == null) {
                if (!warnedNoBaseUrl) {
                    warnedNoBaseUrl = true;
                    LOG.warn("Meta catalog feed file " + s.feedFile() + " is not written: it needs meta.catalog.baseUrl "
                            + "for absolute product and image links (a background write has no request to take it from)");
                }
                return false;
            }
            Instant now = clock.instant();
            if (lastWrite != null && now.isBefore(lastWrite.plusSeconds(60L * s.feedFileIntervalMinutes()))) {
                return false;
            }
            FeedReport report = writeFile(s, new File(s.feedFile()).toPath());
            lastWrite = now;
            LOG.info("Meta catalog feed file " + s.feedFile() + " written: " + report);
            return true;
        } catch (Exception e) {
            LOG.warn("Meta catalog feed file not written: " + e.getClass().getName() + ": " + e.getMessage());
            return false;
        }
    }

    /** The file's format follows its extension ({@code .tsv}, {@code .xml}), else the feed format setting. */
    FeedReport writeFile(CatalogSettings s, Path target) throws Exception {
        String name = target.getFileName().toString();
        FeedFormat byExtension = FeedFormat.parse(name.substring(name.lastIndexOf('.') + 1));
        FeedFormat format = byExtension != null ? byExtension : s.feedFormat();
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, ".meta-catalog-", ".tmp");
        try {
            FeedReport report = scope.run(() -> {
                try (Writer out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(temp),
                        StandardCharsets.UTF_8))) {
                    return feed.write(s, format, s.baseUrl(), out);
                }
            });
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return report;
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
