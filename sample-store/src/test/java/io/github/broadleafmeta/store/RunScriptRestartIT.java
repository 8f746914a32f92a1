package io.github.broadleafmeta.store;

import io.github.broadleafmeta.store.StoreClient.Page;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's front door, for real: {@code ./run.sh} in its own process. An order placed before a
 * {@code kill -9} is still there after the next start, and SIGTERM stops the store cleanly.
 */
class RunScriptRestartIT {

    private static final long BOOT_TIMEOUT_SECONDS = 240;

    private Process store;

    @AfterEach
    void killStore() throws InterruptedException {
        if (store != null && store.isAlive()) {
            store.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldKeepOrdersWhenStoreIsKilledAndRestarted() throws Exception {
        File dataDir = new File(System.getProperty("store.it.dataDir", "target/it-data"),
                "restart-" + System.currentTimeMillis()).getAbsoluteFile();
        int sitePort = RunningStore.freePort();
        int adminPort = RunningStore.freePort();

        store = start(dataDir, sitePort, adminPort, "first");
        Shopper guest = new Shopper(new StoreClient("http://127.0.0.1:" + sitePort + "/"));
        guest.addToCart("/beans/kenya-aa", 1);
        String orderNumber = guest.checkout(Shopper.address("crash@example.com", "Casey", "Crash"));

        store.destroyForcibly(); // SIGKILL: no shutdown hook, no checkpoint
        assertThat(store.waitFor(30, TimeUnit.SECONDS)).isTrue();

        store = start(dataDir, sitePort, adminPort, "second");
        StoreClient admin = new StoreClient("http://127.0.0.1:" + adminPort + "/admin/");
        Page login = admin.get("/admin/login");
        admin.submit(login.one("form"), Map.of("j_username", "admin", "j_password", "admin"));
        assertThat(admin.browse("/admin/order").body).contains(orderNumber);
        String secondLog = Files.readString(new File(dataDir, "run-second.log").toPath(), StandardCharsets.UTF_8);
        assertThat(secondLog).doesNotContain("Seeding the new database failed");

        store.destroy(); // SIGTERM: the shutdown hook stops both web applications and the database
        assertThat(store.waitFor(60, TimeUnit.SECONDS)).as("the store stops on SIGTERM").isTrue();
    }

    private static Process start(File dataDir, int sitePort, int adminPort, String name)
            throws IOException, InterruptedException {
        File repo = new File("..").getCanonicalFile();
        dataDir.mkdirs();
        File out = new File(dataDir, "run-" + name + ".log");
        ProcessBuilder pb = new ProcessBuilder("bash", new File(repo, "run.sh").getPath())
                .directory(repo).redirectErrorStream(true).redirectOutput(out);
        Map<String, String> env = pb.environment();
        env.put("SKIP_BUILD", "1");
        env.put("STORE_DATA_DIR", dataDir.getPath());
        env.put("STORE_PORT", String.valueOf(sitePort));
        env.put("ADMIN_PORT", String.valueOf(adminPort));
        env.put("STORE_JAVA_OPTS", "-Xmx768m");
        Process process = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOOT_TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            String output = out.exists() ? Files.readString(out.toPath(), StandardCharsets.ISO_8859_1) : "";
            if (output.contains("BrewBeans is ready.")) {
                return process;
            }
            if (!process.isAlive()) {
                throw new AssertionError("run.sh exited with " + process.exitValue() + ":\n" + tail(output));
            }
            Thread.sleep(500);
        }
        process.destroyForcibly();
        throw new AssertionError("run.sh was not ready within " + BOOT_TIMEOUT_SECONDS + " s:\n"
                + tail(Files.readString(out.toPath(), StandardCharsets.ISO_8859_1)));
    }

    private static String tail(String text) {
        return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    }
}
