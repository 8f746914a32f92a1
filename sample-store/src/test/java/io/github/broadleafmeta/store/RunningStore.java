package io.github.broadleafmeta.store;

import io.github.broadleafmeta.store.launcher.StoreLauncher;
import io.github.broadleafmeta.store.launcher.StoreSettings;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

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

    /** The pixel every integration test reports to; the Graph API is a local WireMock stub. */
    static final String PIXEL_ID = "123456789012345";
    static final String ACCESS_TOKEN = "it-access-token-do-not-leak";

    private static StoreLauncher launcher;
    private static WireMockServer graphApi;

    private RunningStore() {
    }

    static synchronized StoreLauncher get() {
        if (launcher == null) {
            try {
                graphApi = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
                graphApi.start();
                acceptEvents();
                File dataDir = new File(System.getProperty("store.it.dataDir", "target/it-data"),
                        "shared-" + System.currentTimeMillis());
                launcher = StoreLauncher.start(StoreSettings.builder()
                        .dataDir(dataDir).sitePort(freePort()).adminPort(freePort())
                        .pluginProperty("meta.pixel.id", PIXEL_ID)
                        .pluginProperty("meta.capi.accessToken", ACCESS_TOKEN)
                        .pluginProperty("meta.capi.graphUrl", graphApi.baseUrl())
                        .pluginProperty("meta.dispatch.intervalMillis", "200")
                        .build());
            } catch (Exception e) {
                throw new IllegalStateException("The sample store did not start", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                launcher.close();
                graphApi.stop();
            }, "it-store-shutdown"));
        }
        return launcher;
    }

    /** The stub Graph API: answers every events POST like Meta does, counting the events it got. */
    static WireMockServer graphApi() {
        get();
        return graphApi;
    }

    static void acceptEvents() {
        graphApi.resetAll();
        graphApi.stubFor(WireMock.post(WireMock.urlPathMatching("/v[0-9.]+/[0-9]+/events"))
                .willReturn(WireMock.okJson("{\"events_received\": {{jsonPath request.body '$.data.length()'}},"
                        + " \"messages\": [], \"fbtrace_id\": \"AbCdEfTrace\"}").withTransformers("response-template")));
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
