package io.github.broadleafmeta.store;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The sample store as an operator runs it: {@code ./run.sh} in its own process (SKIP_BUILD=1, the build is the one
 * Maven just made), so a test can {@code kill -9} it, restart it on the same data, or run two nodes side by side.
 */
final class StoreProcess implements AutoCloseable {

    /** Generous: a boot takes 35-40 s on an idle 2-core machine but over 5 minutes when other builds load it. */
    private static final long BOOT_TIMEOUT_SECONDS = 600;

    private final Process process;
    private final File output;
    final int sitePort;
    final int adminPort;

    private StoreProcess(Process process, File output, int sitePort, int adminPort) {
        this.process = process;
        this.output = output;
        this.sitePort = sitePort;
        this.adminPort = adminPort;
    }

    /** A starter for one data directory and pair of ports; {@code env} adds {@code META_*}, {@code STORE_*}... */
    static final class Starter {
        final File dataDir;
        final int sitePort;
        final int adminPort;
        final Map<String, String> env = new HashMap<>();

        Starter(File dataDir) throws IOException {
            this.dataDir = dataDir.getAbsoluteFile();
            this.sitePort = RunningStore.freePort();
            this.adminPort = RunningStore.freePort();
            env.put("STORE_JAVA_OPTS", "-Xmx768m");
        }

        Starter env(String name, String value) {
            env.put(name, value);
            return this;
        }

        /** Starts {@code run.sh} and blocks until it prints that the store is ready; its output goes to run-NAME.log. */
        StoreProcess start(String name) throws IOException, InterruptedException {
            File repo = new File("..").getCanonicalFile();
            dataDir.mkdirs();
            File out = new File(dataDir, "run-" + name + ".log");
            ProcessBuilder pb = new ProcessBuilder("bash", new File(repo, "run.sh").getPath())
                    .directory(repo).redirectErrorStream(true).redirectOutput(out);
            Map<String, String> processEnv = pb.environment();
            processEnv.put("SKIP_BUILD", "1");
            processEnv.put("STORE_DATA_DIR", dataDir.getPath());
            processEnv.put("STORE_PORT", String.valueOf(sitePort));
            processEnv.put("ADMIN_PORT", String.valueOf(adminPort));
            processEnv.putAll(env);
            StoreProcess store = new StoreProcess(pb.start(), out, sitePort, adminPort);
            store.awaitReady();
            return store;
        }
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOOT_TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            String text = output();
            if (text.contains("BrewBeans is ready.")) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("run.sh exited with " + process.exitValue() + ":\n" + tail(text));
            }
            Thread.sleep(250);
        }
        process.destroyForcibly();
        throw new AssertionError("run.sh was not ready within " + BOOT_TIMEOUT_SECONDS + " s:\n" + tail(output()));
    }

    String output() throws IOException {
        return output.exists() ? new String(Files.readAllBytes(output.toPath()), StandardCharsets.ISO_8859_1) : "";
    }

    String siteUrl() {
        return "http://127.0.0.1:" + sitePort + "/";
    }

    String adminUrl() {
        return "http://127.0.0.1:" + adminPort + "/admin/";
    }

    /** SIGKILL: no shutdown hook, no checkpoint, requests and sends cut off mid-flight. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the store did not die on SIGKILL");
        }
    }

    /** Waits for the process to end by itself (a test hook that halts the JVM); true when it did in time. */
    boolean awaitExit(long timeoutSeconds) throws InterruptedException {
        return process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
    }

    /** SIGTERM: the shutdown hook stops both web applications and the database; true when it exited in time. */
    boolean stop(long timeoutSeconds) throws InterruptedException {
        process.destroy();
        return process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static String tail(String text) {
        return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    }
}
