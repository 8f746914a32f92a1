package io.github.broadleafmeta.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PluginCpuMeterTest {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @BeforeEach
    void startFromNothing() {
        PluginCpuMeter.disable();
    }

    @AfterEach
    void leaveItOff() {
        PluginCpuMeter.enable();
        PluginCpuMeter.takeThreadTotals();
        PluginCpuMeter.disable();
    }

    @Test
    void shouldRecordNothingWhenDisabled() {
        boolean metered = PluginCpuMeter.enter();
        try {
            burnCpu(5_000_000);
        } finally {
            PluginCpuMeter.exit(metered);
        }

        assertThat(metered).isFalse();
        PluginCpuMeter.Reading whileOff = PluginCpuMeter.takeThreadTotals();
        assertThat(whileOff.cpuNanos()).isZero();
        assertThat(whileOff.entries()).isZero();
        // Nothing was kept for this thread either: switched on now, it has nothing to report.
        PluginCpuMeter.enable();
        PluginCpuMeter.Reading afterwards = PluginCpuMeter.takeThreadTotals();
        assertThat(afterwards.entries()).isZero();
        assertThat(afterwards.cpuNanos()).isIn(0L, -1L);
    }

    @Test
    void shouldCountNestedEntriesOnceAndTheirCpuInTheOuterOne() {
        assumeTrue(THREADS.isCurrentThreadCpuTimeSupported(), "thread CPU time not supported by this JVM");
        PluginCpuMeter.enable();
        PluginCpuMeter.takeThreadTotals();

        long inner;
        boolean outer = PluginCpuMeter.enter();
        try {
            burnCpu(2_000_000);
            boolean nested = PluginCpuMeter.enter();
            try {
                long before = THREADS.getCurrentThreadCpuTime();
                burnCpu(20_000_000);
                inner = THREADS.getCurrentThreadCpuTime() - before;
            } finally {
                PluginCpuMeter.exit(nested);
            }
        } finally {
            PluginCpuMeter.exit(outer);
        }
        PluginCpuMeter.Reading reading = PluginCpuMeter.takeThreadTotals();

        assertThat(inner).as("the nested section burnt CPU").isPositive();
        assertThat(reading.entries()).isEqualTo(1);
        assertThat(reading.cpuNanos()).isGreaterThanOrEqualTo(inner);
        assertThat(PluginCpuMeter.depth()).isZero();
    }

    @Test
    void shouldLeaveOutCpuSpentOutsideTheSections() {
        assumeTrue(THREADS.isCurrentThreadCpuTimeSupported(), "thread CPU time not supported by this JVM");
        PluginCpuMeter.enable();
        PluginCpuMeter.takeThreadTotals();

        long outside = THREADS.getCurrentThreadCpuTime();
        burnCpu(50_000_000);
        outside = THREADS.getCurrentThreadCpuTime() - outside;
        boolean first = PluginCpuMeter.enter();
        PluginCpuMeter.exit(first);
        boolean second = PluginCpuMeter.enter();
        PluginCpuMeter.exit(second);
        PluginCpuMeter.Reading reading = PluginCpuMeter.takeThreadTotals();

        assertThat(reading.entries()).isEqualTo(2);
        assertThat(reading.cpuNanos()).isNotNegative().isLessThan(outside);
    }

    @Test
    void shouldStartAgainFromZeroAfterATake() {
        PluginCpuMeter.enable();
        PluginCpuMeter.takeThreadTotals();
        boolean metered = PluginCpuMeter.enter();
        try {
            burnCpu(5_000_000);
        } finally {
            PluginCpuMeter.exit(metered);
        }

        PluginCpuMeter.Reading first = PluginCpuMeter.takeThreadTotals();
        PluginCpuMeter.Reading second = PluginCpuMeter.takeThreadTotals();

        assertThat(first.entries()).isEqualTo(1);
        assertThat(second.entries()).isZero();
        assertThat(second.cpuNanos()).isIn(0L, -1L);
    }

    @Test
    void shouldExitTheSectionWhenItsCodeThrows() {
        PluginCpuMeter.enable();
        PluginCpuMeter.takeThreadTotals();

        assertThatThrownBy(() -> {
            boolean metered = PluginCpuMeter.enter();
            try {
                throw new IllegalStateException("the plugin's code failed");
            } finally {
                PluginCpuMeter.exit(metered);
            }
        }).isInstanceOf(IllegalStateException.class);

        assertThat(PluginCpuMeter.depth()).isZero();
        // The next section is an outermost one again: counted as an entry of its own.
        boolean next = PluginCpuMeter.enter();
        PluginCpuMeter.exit(next);
        assertThat(PluginCpuMeter.takeThreadTotals().entries()).isEqualTo(2);
    }

    @Test
    void shouldIgnoreAnExitWhoseEntryWasNotMetered() {
        boolean whileOff = PluginCpuMeter.enter();
        PluginCpuMeter.enable();

        PluginCpuMeter.exit(whileOff);

        assertThat(PluginCpuMeter.depth()).isZero();
        assertThat(PluginCpuMeter.takeThreadTotals().entries()).isZero();
    }

    /** Keeps this thread busy for about {@code nanos} of its CPU time (wall time where the JVM cannot tell). */
    private static long burnCpu(long nanos) {
        boolean cpu = THREADS.isCurrentThreadCpuTimeSupported();
        long start = cpu ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
        long x = 17;
        do {
            for (int i = 0; i < 1000; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
        } while ((cpu ? THREADS.getCurrentThreadCpuTime() : System.nanoTime()) - start < nanos);
        return x;
    }
}
