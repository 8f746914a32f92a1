package io.github.broadleafmeta.core.concurrent;

import java.util.concurrent.ThreadFactory;

/**
 * Threads of the plugin's background work (dispatch activation, sweeps, scans, alerts, metrics, quality reads):
 * named, so a thread dump says whose they are, and daemon, so none of them keeps a stopping store alive.
 */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /** A factory of daemon threads, each named {@code name}. */
    public static ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
