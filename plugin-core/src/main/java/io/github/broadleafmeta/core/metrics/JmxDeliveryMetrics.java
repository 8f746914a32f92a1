package io.github.broadleafmeta.core.metrics;

import io.github.broadleafmeta.core.concurrent.DaemonThreads;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Publishes one {@link MetaDeliveryMXBean} per configured pixel in the platform MBean server (JDK only), named
 * {@code io.github.broadleafmeta:type=MetaDelivery,app=<app>,pixel=<id>}. The {@code app} key keeps several store
 * applications in one JVM apart: each claims its name by registering
 * {@code io.github.broadleafmeta:type=MetaDeliveryApp,app=<app>} first, and takes {@code <app>-2}, {@code <app>-3},
 * ... when the name is taken. Pixels added or removed in the admin appear or go at the next refresh. {@link #stop()}
 * unregisters everything (the host's context shutdown). Failures are logged, never thrown: metrics never stop a
 * store.
 */
public final class JmxDeliveryMetrics {

    private static final Log LOG = LogFactory.getLog(JmxDeliveryMetrics.class);
    public static final String DOMAIN = "io.github.broadleafmeta";
    public static final Duration DEFAULT_REFRESH = Duration.ofMinutes(1);
    private static final int MAX_APPS = 100;

    private final DeliveryMetrics metrics;
    private final String requestedApp;
    private final Duration refreshEvery;
    private final MBeanServer server;
    private final Map<String, ObjectName> registered = new ConcurrentHashMap<String, ObjectName>();
    private final List<Runnable> refreshHooks = new CopyOnWriteArrayList<Runnable>();
    private volatile String app;
    private volatile ObjectName claim;
    private ScheduledThreadPoolExecutor refresher;

    public JmxDeliveryMetrics(DeliveryMetrics metrics, String app, Duration refreshEvery) {
        this(metrics, app, refreshEvery, ManagementFactory.getPlatformMBeanServer());
    }

    JmxDeliveryMetrics(DeliveryMetrics metrics, String app, Duration refreshEvery, MBeanServer server) {
        if (metrics == null || refreshEvery == null || refreshEvery.isZero() || refreshEvery.isNegative()
                || server == null) {
            throw new IllegalArgumentException("metrics, a positive refresh interval and a server are required");
        }
        this.metrics = metrics;
        this.requestedApp = sanitize(app);
        this.refreshEvery = refreshEvery;
        this.server = server;
    }

    /** For Spring XML: app name {@code store}, refreshed every minute. */
    public JmxDeliveryMetrics(DeliveryMetrics metrics) {
        this(metrics, "store", DEFAULT_REFRESH);
    }

    public DeliveryMetrics metrics() {
        return metrics;
    }

    /** The {@code app} value this instance claimed (null before {@link #start()}). */
    public String app() {
        return app;
    }

    /** Runs after every refresh (e.g. a Micrometer binder picking up new pixels). */
    public void addRefreshHook(Runnable hook) {
        refreshHooks.add(hook);
    }

    public synchronized void start() {
        if (claim != null) {
            return;
        }
        try {
            claimAppName();
        } catch (JMException | RuntimeException e) {
            LOG.warn("Meta metrics: JMX beans not published: " + e);
            return;
        }
        refresh();
        refresher = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("meta-metrics"));
        refresher.scheduleWithFixedDelay(this::refresh, refreshEvery.toMillis(), refreshEvery.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void claimAppName() throws JMException {
        for (int n = 1; n <= MAX_APPS; n++) {
            String candidate = n == 1 ? requestedApp : requestedApp + "-" + n;
            ObjectName name = new ObjectName(DOMAIN + ":type=MetaDeliveryApp,app=" + candidate);
            try {
                server.registerMBean(new App(candidate), name);
                app = candidate;
                claim = name;
                return;
            } catch (InstanceAlreadyExistsException e) {
                // another store application in this JVM: try the next name
            }
        }
        throw new IllegalStateException("more than " + MAX_APPS + " store applications named " + requestedApp);
    }

    /** Registers beans for new pixels and unregisters those of removed pixels. */
    public synchronized void refresh() {
        if (claim == null) {
            return;
        }
        try {
            Set<String> wanted = new LinkedHashSet<String>();
            for (String id : metrics.pixelIds()) {
                if (id != null && id.matches("[0-9]{1,32}")) {
                    wanted.add(id);
                }
            }
            for (String id : new ArrayList<String>(registered.keySet())) {
                if (!wanted.contains(id)) {
                    unregister(registered.remove(id));
                }
            }
            for (String id : wanted) {
                if (!registered.containsKey(id)) {
                    ObjectName name = objectName(app, id);
                    server.registerMBean(new MetaDelivery(id, metrics), name);
                    registered.put(id, name);
                }
            }
        } catch (JMException | RuntimeException e) {
            LOG.warn("Meta metrics: JMX refresh failed: " + e);
        }
        for (Runnable hook : refreshHooks) {
            try {
                hook.run();
            } catch (RuntimeException e) {
                LOG.warn("Meta metrics: refresh hook failed: " + e);
            }
        }
    }

    public synchronized void stop() {
        if (refresher != null) {
            refresher.shutdownNow();
            refresher = null;
        }
        for (ObjectName name : registered.values()) {
            unregister(name);
        }
        registered.clear();
        if (claim != null) {
            unregister(claim);
            claim = null;
        }
    }

    public static ObjectName objectName(String app, String pixelId) throws JMException {
        return new ObjectName(DOMAIN + ":type=MetaDelivery,app=" + app + ",pixel=" + pixelId);
    }

    private void unregister(ObjectName name) {
        try {
            server.unregisterMBean(name);
        } catch (InstanceNotFoundException e) {
            // already gone
        } catch (JMException | RuntimeException e) {
            LOG.warn("Meta metrics: could not unregister " + name + ": " + e);
        }
    }

    private static String sanitize(String app) {
        String a = app == null || app.trim().isEmpty() ? "store" : app.trim();
        return a.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    private final class App implements MetaDeliveryAppMXBean {
        private final String name;

        App(String name) {
            this.name = name;
        }

        @Override
        public String getApp() {
            return name;
        }

        @Override
        public List<String> getPixelIds() {
            return Collections.unmodifiableList(new ArrayList<String>(registered.keySet()));
        }
    }

    Collection<ObjectName> registeredNames() {
        return Collections.unmodifiableCollection(registered.values());
    }
}
