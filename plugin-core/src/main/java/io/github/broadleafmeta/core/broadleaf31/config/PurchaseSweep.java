package io.github.broadleafmeta.core.broadleaf31.config;

import io.github.broadleafmeta.core.concurrent.DaemonThreads;
import io.github.broadleafmeta.core.broadleaf31.PurchaseRebuilder;
import io.github.broadleafmeta.core.broadleaf31.catalog.PersistenceContextScope;
import io.github.broadleafmeta.core.event.EventNames;
import io.github.broadleafmeta.core.event.EventTimes;
import io.github.broadleafmeta.core.settings.MetaSettings;
import io.github.broadleafmeta.core.settings.PixelSettings;
import io.github.broadleafmeta.core.tracking.OrderRequestFields;
import io.github.broadleafmeta.core.tracking.PurchaseRecoveryStore;
import io.github.broadleafmeta.core.tracking.SettingsSnapshots;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.broadleafcommerce.core.order.domain.Order;
import org.broadleafcommerce.core.order.service.OrderService;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The order is the source of truth for Purchase: every {@code meta.purchase.sweepSeconds} this finds, per enabled
 * pixel, the orders SUBMITTED within Meta's 7-day window (and after the pixel was first configured) that have no
 * Purchase row, and rebuilds each from the order ({@link PurchaseRebuilder}): a checkout whose plugin write failed,
 * a node killed between the order's commit and that write, or orders placed while the plugin was switched off.
 * It also runs the backfills an admin asked for (orders placed before the pixel was first configured; never
 * automatic).
 *
 * <p>Runs only while the plugin is active, so with {@code meta.pixel.enabled=false} nothing happens; switched on
 * again, the next run catches up the off period's orders (those still within 7 days). Every node may run it: the
 * outbox's unique key makes a second rebuild of the same Purchase a no-op. Each run is an indexed range on the
 * order's submit date, at most {@link #BATCH} orders loaded per pixel; the next run goes on with the rest.
 *
 * <p>The window also stays inside the outbox retention ({@code meta.outbox.retentionDays}): a Purchase row that
 * retention removed must not look missing.
 */
public class PurchaseSweep {

    private static final Log LOG = LogFactory.getLog(PurchaseSweep.class);
    /** Orders rebuilt per pixel and run. */
    public static final int BATCH = 100;
    /** Kept clear of the retention horizon, so a just-pruned row never looks missing. */
    static final Duration RETENTION_MARGIN = Duration.ofHours(1);
    /**
     * Orders submitted this recently are left to the checkout's own write, so a Purchase the request is still
     * writing is not labelled as rebuilt.
     */
    static final Duration GRACE = Duration.ofSeconds(10);
    /** Raw request values stay on an order this long after its submission: Meta's 7 days and one day's margin. */
    public static final Duration RAW_VALUES_KEPT = Duration.ofDays(8);
    static final Duration RETENTION_LOOKBACK = Duration.ofDays(30);
    /** Retention runs once per this many sweep intervals (hourly by default). */
    static final int RETENTION_RUNS = 60;

    private final OrderPurchaseQueries queries;
    private final PurchaseRecoveryStore store;
    private final PurchaseRebuilder rebuilder;
    private final OrderService orderService;
    private final PersistenceContextScope scope;
    private final SettingsSnapshots settings;
    private final Clock clock;
    private ScheduledExecutorService scheduler;
    private long lastRunMillis = Long.MIN_VALUE;
    private long lastRetentionMillis = Long.MIN_VALUE;
    private boolean warned;

    public PurchaseSweep(OrderPurchaseQueries queries, PurchaseRecoveryStore store, PurchaseRebuilder rebuilder,
            OrderService orderService, PersistenceContextScope scope, SettingsSnapshots settings, Clock clock) {
        this.queries = queries;
        this.store = store;
        this.rebuilder = rebuilder;
        this.orderService = orderService;
        this.scope = scope;
        this.settings = settings;
        this.clock = clock;
    }

    public synchronized void start() {
        try {
            store.initialize();
        } catch (RuntimeException e) {
            LOG.warn("Meta tracking: the Purchase sweep could not prepare its tables (" + e + "); it retries");
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("meta-purchase-sweep"));
        // On the sweep's thread, not the store's startup: on a large order history an index build takes a while.
        scheduler.execute(this::ensureIndexes);
        // A light tick: records the first-configured moment within a second, and runs the sweep when due.
        scheduler.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    private void ensureIndexes() {
        try {
            queries.ensureIndexes();
        } catch (RuntimeException e) {
            LOG.warn("Meta tracking: could not check the indexes the Purchase sweep reads through (" + e + ")");
        }
    }

    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    private void tick() {
        try {
            MetaSettings s = settings.current();
            long startedAt = clock.millis();
            // Retention runs whether or not the plugin is on: the values are stored either way.
            if (lastRetentionMillis == Long.MIN_VALUE
                    || startedAt - lastRetentionMillis >= RETENTION_RUNS * s.purchaseSweepSeconds() * 1000L) {
                lastRetentionMillis = startedAt;
                removeRawRequestValues();
                // A rebuilt Purchase's note outlives its outbox row by a day at most.
                store.removeOriginsBefore(clock.instant().minus(Duration.ofDays(s.outboxRetentionDays() + 1L)));
            }
            if (!s.isActive()) {
                return;
            }
            for (PixelSettings pixel : s.enabledPixels()) {
                store.recordConfigured(pixel.pixelId(), clock.instant());
            }
            long now = clock.millis();
            boolean backfillWaiting = !store.pendingBackfills().isEmpty();
            if (!backfillWaiting && lastRunMillis != Long.MIN_VALUE
                    && now - lastRunMillis < s.purchaseSweepSeconds() * 1000L) {
                return;
            }
            lastRunMillis = now;
            sweepOnce();
            warned = false;
        } catch (RuntimeException e) {
            if (!warned) {
                warned = true;
                LOG.warn("Meta tracking: the Purchase sweep failed (" + e + "); it runs again later");
            }
        }
    }

    /** One run: the automatic sweep of every enabled pixel, then the waiting backfills. Returns Purchases rebuilt. */
    public int sweepOnce() {
        MetaSettings s = settings.current();
        // Without a server-side Purchase nothing would be rebuilt: every order would be loaded for nothing.
        if (!s.isActive() || !s.serverEvents().contains(EventNames.PURCHASE)) {
            return 0;
        }
        Instant now = clock.instant();
        int rebuilt = 0;
        for (PixelSettings pixel : s.enabledPixels()) {
            store.recordConfigured(pixel.pixelId(), now);
            // Read each run (one key lookup), not from the recorder's cache: the stored moment is the truth.
            Instant configured = store.firstConfigured(pixel.pixelId());
            if (configured == null) {
                continue;
            }
            Instant from = latest(windowStart(s, now), configured);
            rebuilt += rebuild(pixel.pixelId(), from, now.minus(GRACE), PurchaseRecoveryStore.Origin.SWEEP);
        }
        for (PurchaseRecoveryStore.BackfillRequest request : store.pendingBackfills()) {
            int count = 0;
            if (isEnabled(s, request.pixelId)) {
                // Still within 7 days when it runs, and never past the first-configured moment (the sweep's part).
                Instant from = latest(request.from, windowStart(s, now));
                count = rebuildAll(request.pixelId, from, request.to, PurchaseRecoveryStore.Origin.BACKFILL);
            }
            store.completeBackfill(request, count, clock.instant());
            LOG.info("Meta tracking: backfill for pixel " + request.pixelId + " requested by " + request.requestedBy
                    + " rebuilt " + count + " Purchases");
            rebuilt += count;
        }
        return rebuilt;
    }

    /**
     * Retention of the raw request values kept on orders (IP, user agent, fbp, fbc, page URL): removed from orders
     * submitted {@link #RAW_VALUES_KEPT} ago and more (no Purchase can be rebuilt from them any more), through
     * Broadleaf's own order service so its caches stay right; every 60 sweep intervals (hourly by default).
     * Consent, LDU, bot verdict and event time stay: they identify nobody. Looks back {@link #RETENTION_LOOKBACK} past that point (a store down that long keeps older
     * ones until the admin removes them). Returns how many orders were cleaned.
     */
    public int removeRawRequestValues() {
        Instant before = clock.instant().minus(RAW_VALUES_KEPT);
        int cleaned = 0;
        for (int round = 0; round < 10; round++) {
            final List<String> orderNumbers = queries.ordersWithRawRequestValues(before.minus(RETENTION_LOOKBACK),
                    before, BATCH);
            if (orderNumbers.isEmpty()) {
                break;
            }
            try {
                cleaned += scope.run(() -> {
                    int count = 0;
                    for (String orderNumber : orderNumbers) {
                        Order order = orderService.findOrderByOrderNumber(orderNumber);
                        if (order != null) {
                            for (String name : OrderRequestFields.RAW_REQUEST_VALUES) {
                                order.getOrderAttributes().remove(name);
                            }
                            orderService.save(order, false);
                            count++;
                        }
                    }
                    return count;
                });
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("could not remove request values from orders: " + e.getMessage(), e);
            }
        }
        if (cleaned > 0) {
            LOG.info("Meta tracking: removed the checkout request values (IP, user agent, fbp, fbc, URL) of " + cleaned
                    + " orders submitted more than " + RAW_VALUES_KEPT.toDays() + " days ago");
        }
        return cleaned;
    }

    /** The oldest submit date a run looks at: 7 days, or less when the outbox keeps its rows for less. */
    static Instant windowStart(MetaSettings s, Instant now) {
        Duration window = EventTimes.MAX_AGE;
        Duration retention = Duration.ofDays(s.outboxRetentionDays()).minus(RETENTION_MARGIN);
        if (retention.compareTo(window) < 0) {
            window = retention;
        }
        return now.minus(window);
    }

    private int rebuildAll(String pixelId, Instant from, Instant to, PurchaseRecoveryStore.Origin origin) {
        int total = 0;
        // A backfill goes on until its window is done (each batch leaves the rebuilt orders behind).
        for (int round = 0; round < 1000; round++) {
            int batch = rebuild(pixelId, from, to, origin);
            total += batch;
            if (batch == 0) {
                return total;
            }
        }
        return total;
    }

    private int rebuild(final String pixelId, Instant from, Instant to, final PurchaseRecoveryStore.Origin origin) {
        if (!from.isBefore(to)) {
            return 0;
        }
        final List<String> orderNumbers = queries.ordersWithoutPurchase(pixelId, from, to, BATCH);
        if (orderNumbers.isEmpty()) {
            return 0;
        }
        try {
            int rebuilt = scope.run(() -> {
                int count = 0;
                for (String orderNumber : orderNumbers) {
                    Order order = orderService.findOrderByOrderNumber(orderNumber);
                    if (order != null && rebuilder.rebuild(order, pixelId, origin)
                            == PurchaseRebuilder.Outcome.REBUILT) {
                        count++;
                    }
                }
                return count;
            });
            if (rebuilt > 0) {
                LOG.info("Meta tracking: rebuilt " + rebuilt + " missing Purchases for pixel " + pixelId + " from"
                        + " their orders (" + origin + ")");
            }
            return rebuilt;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("could not load orders: " + e.getMessage(), e);
        }
    }

    private static boolean isEnabled(MetaSettings s, String pixelId) {
        for (PixelSettings p : s.enabledPixels()) {
            if (p.pixelId().equals(pixelId)) {
                return true;
            }
        }
        return false;
    }

    private static Instant latest(Instant a, Instant b) {
        return b == null || a.isAfter(b) ? a : b;
    }
}
