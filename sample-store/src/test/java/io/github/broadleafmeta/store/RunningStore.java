package io.github.broadleafmeta.store;

import io.github.broadleafmeta.store.launcher.StoreLauncher;
import io.github.broadleafmeta.store.launcher.StoreSettings;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * One BrewBeans store (storefront + admin) per test JVM, booted by the same launcher code {@code ./run.sh} runs,
 * on a new HSQLDB database in {@code target/it-data}. Booting Broadleaf twice takes a minute, so every integration
 * test shares it.
 */
final class RunningStore {

    private static StoreLauncher launcher;

    private RunningStore() {
    }

    static synchronized StoreLauncher get() {
        if (launcher == null) {
            try {
                File dataDir = new File(System.getProperty("store.it.dataDir", "target/it-data"),
                        "shared-" + System.currentTimeMillis());
                launcher = StoreLauncher.start(StoreSettings.builder()
                        .dataDir(dataDir).sitePort(freePort()).adminPort(freePort()).build());
            } catch (Exception e) {
                throw new IllegalStateException("The sample store did not start", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(launcher::close, "it-store-shutdown"));
        }
        return launcher;
    }

    static StoreClient storefront() {
        return new StoreClient(get().siteUrl());
    }

    static StoreClient admin() {
        return new StoreClient(get().adminUrl());
    }

    /** The same database the store uses (HSQLDB in-process: one engine per JVM). */
    static Connection database() throws SQLException {
        StoreSettings s = get().settings();
        return DriverManager.getConnection(s.jdbcUrl(), s.jdbcUser(), s.jdbcPassword());
    }

    static String log() throws IOException {
        File log = new File(get().settings().dataDir(), "logs/store.log");
        return new String(Files.readAllBytes(log.toPath()), StandardCharsets.UTF_8);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
