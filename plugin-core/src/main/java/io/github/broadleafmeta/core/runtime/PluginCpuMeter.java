package io.github.broadleafmeta.core.runtime;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The CPU time a request thread spends inside the plugin's own code, for benchmark attribution: the sample store's
 * bench mode reports it per request, so the benchmark can judge the plugin's cost (hundreds of µs) directly instead
 * of as the difference of two whole-request figures (a checkout costs tens of ms of CPU, with ms of noise).
 *
 * <p>It measures only the entry points that call it, the places where the host calls into the plugin on a request
 * thread: the workflow activities ({@code AbstractMetaActivity.execute}), the registration observer, the advice on
 * {@code OrderService.cancelOrder} and the transaction callbacks the plugin registers (browser copies after a cart
 * commit, cancellations), the server-copy writer and its end-of-request hand-off of held checkout rows, {@code BroadleafMetaTracker.track}, {@code OrderRequestAttributes.store}, the public
 * methods of {@code BroadleafPageEvents}, the plugin's handler mappings (consulted on every request the
 * DispatcherServlet serves) and request handlers (health, catalog feed, pixel state), the theme's tags
 * ({@code AbstractMetaScriptProcessor}) and {@code AjaxEventsJson.merge}. Whatever the plugin's code does inside them
 * counts (its JDBC inserts included), and so does host code a tag runs (its attribute expressions); work the plugin
 * leaves to its own threads (background writer, dispatcher) is not the request thread's and does not.
 *
 * <p>Off by default: {@link #enter()} then reads one volatile boolean and returns, with no thread-local access and
 * no allocation. {@link #enable()} (the sample store's bench mode) switches it on for the life of the class loader.
 * Every entry point follows one pattern, so an exit always pairs with its entry:
 * <pre>
 * boolean metered = PluginCpuMeter.enter();
 * try {
 *     ... the plugin's work ...
 * } finally {
 *     PluginCpuMeter.exit(metered);
 * }
 * </pre>
 * Nested entries on one thread count once: only the outermost entry and exit read the clock
 * ({@link ThreadMXBean#getCurrentThreadCpuTime()}), and {@link Reading#entries()} counts outermost entries. Each
 * outermost entry adds about one clock read of its own to the total, so it errs high, never low. Nothing here
 * throws.
 */
public final class PluginCpuMeter {

    private static final ThreadLocal<ThreadTotals> TOTALS = ThreadLocal.withInitial(ThreadTotals::new);

    private static volatile boolean enabled;
    /** Written before {@link #enabled} (whose volatile write publishes them); read only while enabled. */
    private static ThreadMXBean threads;
    private static volatile boolean cpuTimeSupported;

    private PluginCpuMeter() {
    }

    /**
     * Switches metering on for every thread (idempotent). Turns on the JVM's thread CPU time measurement if it is
     * supported but off; without it, entries are still counted and the CPU reads -1.
     */
    public static synchronized void enable() {
        if (enabled) {
            return;
        }
        boolean supported = false;
        try {
            ThreadMXBean bean = ManagementFactory.getThreadMXBean();
            if (bean.isCurrentThreadCpuTimeSupported()) {
                if (!bean.isThreadCpuTimeEnabled()) {
                    bean.setThreadCpuTimeEnabled(true);
                }
                threads = bean;
                supported = true;
            }
        } catch (RuntimeException e) {
            supported = false; // SecurityException, UnsupportedOperationException: count entries only
        }
        cpuTimeSupported = supported;
        enabled = true;
    }

    /** For this class's tests: off again. A section entered before stays entered on its thread until it exits. */
    static synchronized void disable() {
        enabled = false;
    }

    public static boolean isEnabled() {
        return enabled;
    }

    /** Whether the CPU time can be read (once enabled); false before {@link #enable()}. */
    public static boolean isCpuTimeSupported() {
        return enabled && cpuTimeSupported;
    }

    /**
     * Enters a plugin section on this thread.
     *
     * @return whether it was metered: pass it to {@link #exit(boolean)} in a {@code finally}
     */
    public static boolean enter() {
        if (!enabled) {
            return false;
        }
        ThreadTotals totals = TOTALS.get();
        if (totals.depth++ == 0) {
            totals.entries++;
            totals.start = cpuNow();
        }
        return true;
    }

    /** Leaves the section that {@link #enter()} opened; {@code metered} is what that call returned. */
    public static void exit(boolean metered) {
        if (!metered) {
            return;
        }
        ThreadTotals totals = TOTALS.get();
        if (totals.depth == 0) {
            return; // its entry was taken away by a reset on this thread; nothing to close
        }
        if (--totals.depth == 0) {
            totals.addUntil(cpuNow());
        }
    }

    /**
     * This thread's totals since the last call, and resets them (a request's start and end). Inside a section
     * (not the bench filter's case), the section's time so far is included and it goes on counting from now.
     * All zero while metering is off.
     */
    public static Reading takeThreadTotals() {
        if (!enabled) {
            return Reading.NONE;
        }
        ThreadTotals totals = TOTALS.get();
        if (totals.depth > 0) {
            long now = cpuNow();
            totals.addUntil(now);
            totals.start = now;
        }
        Reading reading = new Reading(cpuTimeSupported && !totals.clockFailed ? totals.nanos : -1,
                totals.entries);
        totals.nanos = 0;
        totals.entries = 0;
        totals.clockFailed = false;
        return reading;
    }

    /** Nesting depth of this thread's sections, for tests. */
    static int depth() {
        return TOTALS.get().depth;
    }

    /** The current thread's CPU time, or -1 when it cannot be read. */
    private static long cpuNow() {
        if (!cpuTimeSupported) {
            return -1;
        }
        try {
            return threads.getCurrentThreadCpuTime();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** One thread's running totals; only its own thread touches it. */
    private static final class ThreadTotals {
        int depth;
        long start;
        long nanos;
        long entries;
        boolean clockFailed;

        void addUntil(long end) {
            if (start < 0 || end < 0) {
                clockFailed = true;
            } else {
                nanos += end - start;
            }
        }
    }

    /** A thread's plugin CPU time and outermost entries over one interval (a request). */
    public static final class Reading {

        static final Reading NONE = new Reading(0, 0);

        private final long cpuNanos;
        private final long entries;

        Reading(long cpuNanos, long entries) {
            this.cpuNanos = cpuNanos;
            this.entries = entries;
        }

        /** CPU time inside the plugin's entry points, in ns; -1 when the JVM could not tell. */
        public long cpuNanos() {
            return cpuNanos;
        }

        /** How many outermost entries into the plugin (nested ones are part of their outer one). */
        public long entries() {
            return entries;
        }

        @Override
        public String toString() {
            return "Reading{cpuNanos=" + cpuNanos + ", entries=" + entries + "}";
        }
    }
}
