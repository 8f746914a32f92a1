package io.github.broadleafmeta.benchmarks;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Wall time, process CPU time, GC work and sampled peak heap of one phase; optionally the CPU of an external
 * database server (the embedded PostgreSQL processes).
 */
public final class Meter implements AutoCloseable {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final LongSupplier externalCpuNanos;
    private final long startNanos;
    private final long startCpu;
    private final long startChildCpu;
    private final long startGcCount;
    private final long startGcMillis;
    private final AtomicLong peakHeap = new AtomicLong();
    private final Thread sampler;
    private volatile boolean running = true;
    private Result result;

    private Meter(LongSupplier externalCpuNanos, long sampleMillis) {
        this.externalCpuNanos = externalCpuNanos;
        settle();
        peakHeap.set(heapUsed());
        startGcCount = gcCount();
        startGcMillis = gcMillis();
        startChildCpu = externalCpuNanos.getAsLong();
        startCpu = OS.getProcessCpuTime();
        startNanos = System.nanoTime();
        sampler = new Thread(() -> {
            while (running) {
                peakHeap.accumulateAndGet(heapUsed(), Math::max);
                try {
                    Thread.sleep(sampleMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Collects garbage first, so every phase starts from a settled heap. */
    public static Meter start(LongSupplier externalCpuNanos) {
        return new Meter(externalCpuNanos, 20);
    }

    /** No external process to charge. */
    public static Meter start() {
        return new Meter(() -> 0L, 20);
    }

    public Result stop() {
        if (result == null) {
            long wall = System.nanoTime() - startNanos;
            long cpu = OS.getProcessCpuTime() - startCpu;
            running = false;
            sampler.interrupt();
            peakHeap.accumulateAndGet(heapUsed(), Math::max);
            result = new Result(wall, cpu, Math.max(0, externalCpuNanos.getAsLong() - startChildCpu), peakHeap.get(),
                    gcCount() - startGcCount, gcMillis() - startGcMillis);
        }
        return result;
    }

    @Override
    public void close() {
        stop();
    }

    /** A System.gc() and a short pause; benchmarks run with explicit GC enabled. */
    public static void settle() {
        System.gc();
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static long heapUsed() {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                used += pool.getUsage().getUsed();
            }
        }
        return used;
    }

    /** Heap still used right after the most recent collection of each heap pool (a live-set estimate). */
    public static long heapAfterLastGc() {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                used += pool.getCollectionUsage().getUsed();
            }
        }
        return used;
    }

    public static long maxHeap() {
        return Runtime.getRuntime().maxMemory();
    }

    static long gcCount() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }

    static long gcMillis() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionTime());
        }
        return n;
    }

    public static long processCpuNanos() {
        return OS.getProcessCpuTime();
    }

    /** One phase's numbers. */
    public record Result(long wallNanos, long cpuNanos, long childCpuNanos, long peakHeapBytes, long gcCount,
            long gcMillis) {

        public double seconds() {
            return wallNanos / 1e9;
        }

        public double cpuSeconds() {
            return cpuNanos / 1e9;
        }

        public double childCpuSeconds() {
            return childCpuNanos / 1e9;
        }

        public double peakHeapMb() {
            return peakHeapBytes / (1024.0 * 1024.0);
        }
    }
}
