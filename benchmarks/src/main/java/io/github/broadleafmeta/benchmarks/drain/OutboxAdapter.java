package io.github.broadleafmeta.benchmarks.drain;

import io.github.broadleafmeta.benchmarks.Fixtures;
import io.github.broadleafmeta.core.capi.CapiClientConfig;
import io.github.broadleafmeta.core.capi.Credentials;
import io.github.broadleafmeta.core.capi.GraphApiClient;
import io.github.broadleafmeta.core.dispatch.DeliveryCounters;
import io.github.broadleafmeta.core.dispatch.Dispatcher;
import io.github.broadleafmeta.core.dispatch.DispatcherConfig;
import io.github.broadleafmeta.core.dispatch.PixelDeliverySettings;
import io.github.broadleafmeta.core.outbox.JdbcOutbox;
import io.github.broadleafmeta.core.outbox.OutboxConfig;

import java.time.Clock;
import javax.sql.DataSource;

/**
 * The drain suite's only contact with the outbox and the dispatcher (their API as of issue 13's start): enqueue one
 * generated Purchase, run the dispatcher against an endpoint, count what it delivered. When the outbox's API
 * changes, this class is the one to adapt.
 */
final class OutboxAdapter {

    private final JdbcOutbox outbox;
    private final DeliveryCounters counters = new DeliveryCounters();

    OutboxAdapter(DataSource dataSource) {
        outbox = new JdbcOutbox(dataSource, OutboxConfig.ofDefaults(), Clock.systemUTC(), counters);
        outbox.initialize();
    }

    /** The store's request-path write of event {@code n}: normalize + hash, build, serialize, one outbox row. */
    boolean enqueue(String runTag, int n, long eventTime) {
        return outbox.enqueue(Fixtures.outboxEntry(runTag, n, eventTime)).isEnqueued();
    }

    long delivered() {
        return counters.get(DeliveryCounters.SENT);
    }

    /** Rows of this run still waiting (PENDING) and delivered (SENT), by SQL on the outbox's table. */
    String pendingSql(String runTag) {
        return "SELECT COUNT(*) FROM " + OutboxConfig.DEFAULT_TABLE_NAME + " WHERE status = 'PENDING'"
                + " AND event_id LIKE 'order." + runTag + "-%'";
    }

    String sentSql(String runTag) {
        return "SELECT COUNT(*) FROM " + OutboxConfig.DEFAULT_TABLE_NAME + " WHERE status = 'SENT'"
                + " AND event_id LIKE 'order." + runTag + "-%'";
    }

    /** A running dispatcher with the default configuration (batches of 1,000, requests in flight as configured). */
    final class Running implements AutoCloseable {
        private final GraphApiClient client = new GraphApiClient(CapiClientConfig.ofDefaults());
        private final Dispatcher dispatcher;

        Running(String graphUrl, String node) {
            PixelDeliverySettings settings = PixelDeliverySettings.builder(Fixtures.PIXEL_ID)
                    .credentials(Credentials.of(Fixtures.ACCESS_TOKEN, null)).graphUrl(graphUrl)
                    .apiVersion(Fixtures.API_VERSION).build();
            dispatcher = Dispatcher.builder(outbox, client, pixel -> Fixtures.PIXEL_ID.equals(pixel) ? settings : null)
                    .config(DispatcherConfig.custom().nodeId(node).build()).listener(counters).build();
            dispatcher.start();
        }

        @Override
        public void close() throws Exception {
            dispatcher.stop();
            client.close();
        }
    }

    Running startDispatcher(String graphUrl, String node) {
        return new Running(graphUrl, node);
    }
}
