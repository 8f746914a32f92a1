package io.github.broadleafmeta.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.github.broadleafmeta.core.outbox.MariaDbServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store on a real MariaDB server (Debian's mariadb-server, Hibernate's MySQL dialect): {@code ./run.sh} with
 * {@code STORE_JDBC_URL=jdbc:mariadb://…} creates Broadleaf's schema and loads the seed data on the empty database,
 * and an order placed there has its Purchase delivered to the (stub) Graph API from the outbox on MariaDB.
 */
class MariaDbStoreIT {

    private static String jdbcUrl;
    private static WireMockServer graphApi;
    private static StoreProcess store;
    private static File dataDir;

    @BeforeAll
    static void startStoreOnMariaDb() throws Exception {
        MariaDbServer mariadb = MariaDbServer.shared();
        jdbcUrl = mariadb.jdbcUrl(mariadb.createDatabase());
        graphApi = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        graphApi.start();
        graphApi.stubFor(WireMock.post(WireMock.urlPathMatching("/v[0-9.]+/[0-9]+/events"))
                .willReturn(WireMock.okJson("{\"events_received\": {{jsonPath request.body '$.data.length()'}},"
                        + " \"messages\": [], \"fbtrace_id\": \"AbCdEfTrace\"}")
                        .withTransformers("response-template")));
        dataDir = new File(System.getProperty("store.it.dataDir", "target/it-data"),
                "mariadb-" + System.currentTimeMillis());
        store = new StoreProcess.Starter(dataDir)
                .env("STORE_JDBC_URL", jdbcUrl)
                .env("STORE_JDBC_USER", MariaDbServer.USER)
                .env("STORE_JDBC_PASSWORD", MariaDbServer.PASSWORD)
                .env("STORE_JAVA_OPTS", "-Xmx768m -Dmeta.dispatch.intervalMillis=200")
                .env("META_PIXEL_ID", RunningStore.PIXEL_ID)
                .env("META_CAPI_ACCESS_TOKEN", RunningStore.ACCESS_TOKEN)
                .env("META_CAPI_GRAPH_URL", graphApi.baseUrl())
                .start("mariadb");
    }

    @AfterAll
    static void stopStore() throws Exception {
        if (store != null) {
            store.close();
        }
        if (graphApi != null) {
            graphApi.stop();
        }
    }

    @Test
    void shouldSeedTheCatalogAndDeliverThePurchaseWhenTheStoreRunsOnMariaDb() throws Exception {
        assertThat(store.output()).contains("Database:   new (schema created, catalog seeded)");
        assertThat(queryLong("SELECT COUNT(*) FROM BLC_PRODUCT")).isEqualTo(12);

        Shopper shopper = new Shopper(new StoreClient(store.siteUrl()));
        shopper.addToCart("/beans/kenya-aa", 2);
        String orderNumber = shopper.checkout(Shopper.address("maria.db@example.com", "Maria", "Db"));

        try (Connection c = DriverManager.getConnection(jdbcUrl, MariaDbServer.USER, MariaDbServer.PASSWORD);
                PreparedStatement q = c.prepareStatement("SELECT ORDER_STATUS FROM BLC_ORDER WHERE ORDER_NUMBER = ?")) {
            q.setString(1, orderNumber);
            try (ResultSet rs = q.executeQuery()) {
                assertThat(rs.next()).as("order %s in MariaDB", orderNumber).isTrue();
                assertThat(rs.getString(1)).isEqualTo("SUBMITTED");
            }
        }
        JsonNode purchase = awaitPurchase("order." + orderNumber, TimeUnit.MINUTES.toMillis(2));
        assertThat(purchase.get("event_name").asText()).isEqualTo("Purchase");
        assertThat(purchase.at("/custom_data/value").asDouble()).isGreaterThan(0);
    }

    /** The Purchase with {@code eventId} as the Graph API stub received it; fails when it does not arrive in time. */
    private static JsonNode awaitPurchase(String eventId, long timeoutMillis) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        do {
            for (GraphApiEvents.Request request : GraphApiEvents.journal(graphApi)) {
                for (JsonNode event : request.events) {
                    if (eventId.equals(event.path("event_id").asText())) {
                        return event;
                    }
                }
            }
            Thread.sleep(250);
        } while (System.currentTimeMillis() < deadline);
        throw new AssertionError("the Graph API stub never received " + eventId + " (outbox rows: "
                + queryLong("SELECT COUNT(*) FROM META_EVENT_OUTBOX") + "; store log in " + dataDir + ")");
    }

    private static long queryLong(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, MariaDbServer.USER, MariaDbServer.PASSWORD);
                PreparedStatement q = c.prepareStatement(sql); ResultSet rs = q.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
