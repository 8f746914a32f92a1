package io.github.broadleafmeta.core.runtime;

import io.github.broadleafmeta.core.concurrent.DaemonThreads;
import io.github.broadleafmeta.core.capi.EventSender;
import io.github.broadleafmeta.core.dispatch.ConfirmationCheck;
import io.github.broadleafmeta.core.dispatch.DeliverySettingsProvider;
import io.github.broadleafmeta.core.dispatch.DispatchListener;
import io.github.broadleafmeta.core.dispatch.Dispatcher;
import io.github.broadleafmeta.core.dispatch.DispatcherConfig;
import io.github.broadleafmeta.core.outbox.JdbcOutbox;
import io.github.broadleafmeta.core.settings.MetaSettings;
import io.github.broadleafmeta.core.tracking.SettingsSnapshots;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the dispatcher while the plugin is active. Without a pixel id (or with dispatching switched off) there is
 * no dispatcher thread; a light check every few seconds starts it once the admin saves a pixel id, and stops it
 * when the plugin is switched off, without a restart. Started and stopped with the application context.
 */
public class MetaDispatcherLifecycle {

    private static final Log LOG = LogFactory.getLog(MetaDispatcherLifecycle.class);

    private final JdbcOutbox outbox;
    private final EventSender sender;
    private final DeliverySettingsProvider deliverySettings;
    private final ConfirmationCheck confirmationCheck;
    private final DispatchListener listener;
    private final SettingsSnapshots settings;
    private final Clock clock;
    private final Duration activationCheckInterval;
    private ScheduledExecutorService activation;
    private Dispatcher dispatcher;

    public MetaDispatcherLifecycle(JdbcOutbox outbox, EventSender sender, DeliverySettingsProvider deliverySettings,
            ConfirmationCheck confirmationCheck, DispatchListener listener, SettingsSnapshots settings, Clock clock,
            Duration activationCheckInterval) {
        this.outbox = outbox;
        this.sender = sender;
        this.deliverySettings = deliverySettings;
        this.confirmationCheck = confirmationCheck;
        this.listener = listener;
        this.settings = settings;
        this.clock = clock;
        this.activationCheckInterval = activationCheckInterval;
    }

    public synchronized void start() {
        activation = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("meta-capi-activation"));
        activation.scheduleWithFixedDelay(() -> {
            try {
                reconcile();
            } catch (RuntimeException e) {
                LOG.warn("Meta CAPI: could not check whether to run the dispatcher: " + e);
            }
        }, 0, activationCheckInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts or stops the dispatcher to match the settings. */
    synchronized void reconcile() {
        if (activation == null) {
            return;
        }
        MetaSettings s = settings.current();
        boolean wanted = s.isActive() && s.dispatchEnabled();
        if (wanted && dispatcher == null) {
            dispatcher = Dispatcher.builder(outbox, sender, deliverySettings).confirmationCheck(confirmationCheck)
                    .listener(listener).clock(clock).config(config(s)).build();
            dispatcher.start();
        } else if (!wanted && dispatcher != null) {
            LOG.info("Meta CAPI: the plugin was switched off; stopping the dispatcher");
            dispatcher.stop();
            dispatcher = null;
        }
    }

    protected DispatcherConfig config(MetaSettings s) {
        return DispatcherConfig.custom().batchSize(s.dispatchBatchSize())
                .pollInterval(Duration.ofMillis(s.dispatchIntervalMillis()))
                .leaseDuration(Duration.ofSeconds(s.dispatchLeaseSeconds()))
                .retentionDays(s.outboxRetentionDays()).build();
    }

    public synchronized boolean isDispatching() {
        return dispatcher != null;
    }

    public synchronized void stop() {
        if (activation != null) {
            activation.shutdownNow();
            activation = null;
        }
        if (dispatcher != null) {
            dispatcher.stop();
            dispatcher = null;
        }
    }
}
