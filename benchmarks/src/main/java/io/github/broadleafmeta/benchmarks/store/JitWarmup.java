package io.github.broadleafmeta.benchmarks.store;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * Warms the store under test up until its JIT compilers have died down, so the rounds measure compiled code.
 *
 * <p>Why: the store (Broadleaf, Hibernate, Thymeleaf and the plugin) keeps C2 busy for minutes after boot. With 20
 * warm-up journeys per configuration the compiler threads took about half of the store's one pinned CPU through the
 * measured rounds, and plugin-on rounds paid for compiling the plugin's code on top (seen 2026-12-07 from
 * {@code /proc} thread times and a perf profile). So: at least {@code minJourneys} per configuration, then windows of
 * {@value #WINDOW} journeys, the configurations in turn, until a full turn of windows each spent at most
 * {@value #QUIET_SHARE} of its wall time compiling (the store's {@code CompilationMXBean}), or
 * {@value #MAX_JOURNEYS} journeys per configuration have run.
 */
final class JitWarmup {

    static final int WINDOW = 10;
    static final double QUIET_SHARE = 0.10;
    static final int MAX_JOURNEYS = 400;

    /** Runs {@code count} journeys in the configuration currently applied. */
    interface Journeys {
        void run(int count) throws IOException, InterruptedException;
    }

    /** What the warm-up took; {@code lastShare} is NaN when no window was measured. */
    record Result(int journeysPerConfig, boolean quiet, double lastShare) {
        String describe() {
            String head = journeysPerConfig + " warm-up journeys per configuration";
            if (quiet) {
                return head + " (until the JIT compiled under " + percent(QUIET_SHARE) + " of the time)";
            }
            return head + (Double.isNaN(lastShare) ? " (the JIT's time was not measured)"
                    : " (the cap; the JIT still compiled " + percent(lastShare) + " of the time)");
        }
    }

    private JitWarmup() {
    }

    static Result run(StoreUnderTest store, List<PluginConfig> configs, PluginConfig.Endpoints endpoints,
            long settleMillis, int minJourneys, Journeys journeys) throws IOException, InterruptedException {
        for (PluginConfig c : configs) {
            c.apply(store, endpoints, settleMillis);
            journeys.run(minJourneys);
        }
        int done = minJourneys;
        int quietWindows = 0;
        double share = Double.NaN;
        // A JVM without compilation-time monitoring answers -1: nothing to wait for, and nothing claimed.
        while (done < MAX_JOURNEYS && store.compilationMillis() >= 0) {
            for (PluginConfig c : configs) {
                c.apply(store, endpoints, settleMillis);
                long compiled = store.compilationMillis();
                long start = System.nanoTime();
                journeys.run(WINDOW);
                share = (store.compilationMillis() - compiled) / ((System.nanoTime() - start) / 1e6);
                quietWindows = share <= QUIET_SHARE ? quietWindows + 1 : 0;
            }
            done += WINDOW;
            if (quietWindows >= configs.size()) {
                return new Result(done, true, share);
            }
        }
        return new Result(done, false, share);
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f %%", share * 100);
    }
}
