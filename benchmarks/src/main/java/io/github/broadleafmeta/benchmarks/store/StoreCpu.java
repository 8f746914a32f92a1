package io.github.broadleafmeta.benchmarks.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU time of the store's processes, from Linux's per-thread scheduler statistics ({@code /proc/<pid>/task/<tid>/
 * schedstat}: nanoseconds on a CPU): every thread of the store's JVM, of which the plugin's own background threads
 * (named {@code meta-…} and {@code broadleafmeta-…}), and the database server (the PostgreSQL postmaster and every
 * process it forked). Threads and processes that ended between two readings take their time with them; the store's
 * pooled backends and threads live for the whole run.
 */
final class StoreCpu {

    /**
     * One reading, ns: the store's JVM without its JIT compiler threads, of which the plugin's threads; the JIT
     * compiler threads apart (their work depends on what is still being compiled, not on the request); the
     * database, -1 without a server process (HSQLDB runs inside the store's JVM).
     */
    record Reading(long store, long pluginThreads, long jit, long database) {

        Reading minus(Reading earlier) {
            return new Reading(store - earlier.store, pluginThreads - earlier.pluginThreads, jit - earlier.jit,
                    database < 0 ? -1 : database - earlier.database);
        }
    }

    private static final Path PROC = Paths.get("/proc");

    private StoreCpu() {
    }

    /** Whether this machine has the per-thread statistics (Linux with schedstat). */
    static boolean available() {
        return Files.isReadable(PROC.resolve("self/schedstat"));
    }

    /**
     * @param storePid    the store's process (its descendants count with it)
     * @param databasePid the database server's postmaster, or -1
     */
    static Reading read(long storePid, long databasePid) throws IOException {
        long[] store = new long[3];
        for (long pid : withDescendants(storePid)) {
            addThreads(pid, store);
        }
        long database = -1;
        if (databasePid > 0) {
            long[] db = new long[3];
            for (long pid : withDescendants(databasePid)) {
                addThreads(pid, db);
            }
            database = db[0] + db[2];
        }
        return new Reading(store[0], store[1], store[2], database);
    }

    /**
     * Adds the CPU of {@code pid}'s threads: JIT compiler threads to {@code sums[2]}, the others to {@code sums[0]},
     * and of those the plugin's to {@code sums[1]}.
     */
    private static void addThreads(long pid, long[] sums) throws IOException {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(PROC.resolve(pid + "/task"))) {
            for (Path task : tasks) {
                try {
                    long nanos = Long.parseLong(Files.readString(task.resolve("schedstat")).trim().split(" ")[0]);
                    String name = Files.readString(task.resolve("comm")).trim();
                    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                        sums[2] += nanos;
                        continue;
                    }
                    sums[0] += nanos;
                    if (name.startsWith("meta-") || name.startsWith("broadleafmeta")) {
                        sums[1] += nanos;
                    }
                } catch (NoSuchFileException ended) {
                    // The thread ended while being read.
                }
            }
        } catch (NoSuchFileException ended) {
            // The process ended while being read.
        }
    }

    private static List<Long> withDescendants(long pid) {
        List<Long> all = new ArrayList<>();
        all.add(pid);
        ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(d -> all.add(d.pid())));
        return all;
    }
}
