package io.github.broadleafmeta.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collections;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The storefront's JMX beans on the real store (same JVM, platform MBean server): with delivery paused, the backlog
 * and the oldest waiting age of the pixel's bean are what the outbox table holds.
 */
class MetaDeliveryJmxIT {

    @AfterEach
    void resumeDelivery() throws Exception {
        MetaSettingsFixture.clear("meta.dispatch.enabled");
    }

    @Test
    void shouldShowTheOutboxBacklogAndOldestAgeOfThePixelAsJmxAttributes() throws Exception {
        RunningStore.get();
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> names = server.queryNames(new ObjectName("io.github.broadleafmeta:type=MetaDelivery,pixel="
                + RunningStore.PIXEL_ID + ",*"), null);
        assertThat(names).as("one bean for the store's pixel").hasSize(1);
        ObjectName bean = names.iterator().next();
        assertThat(bean.getKeyProperty("app")).isEqualTo("store");

        MetaSettingsFixture.save(Collections.singletonMap("meta.dispatch.enabled", "false"));
        MetaSettingsFixture.awaitSettingsExpiry();
        Thread.sleep(4000); // the dispatcher's activation check (every 3 s) stops it
        Shopper shopper = new Shopper(RunningStore.storefront());
        shopper.addToCart("/beans/kenya-aa", 1);
        shopper.addToCart("/gear/gooseneck-kettle", 1);
        Thread.sleep(6000); // past the beans' backlog cache (5 s)

        long[] table = backlogInTable();
        long backlog = ((Number) server.getAttribute(bean, "Backlog")).longValue();
        long oldestSeconds = ((Number) server.getAttribute(bean, "OldestWaitingAgeSeconds")).longValue();

        assertThat(table[0]).as("events waiting while delivery is paused").isGreaterThanOrEqualTo(2);
        assertThat(backlog).isEqualTo(table[0]);
        // The bean reads at most 5 s before the table query above.
        assertThat(oldestSeconds).isBetween(table[1] - 6, table[1] + 1);
        assertThat(server.getAttribute(bean, "CircuitState")).isEqualTo("CLOSED");
    }

    /** {rows not final, seconds since the oldest waiting row was created} for the store's pixel. */
    private static long[] backlogInTable() throws Exception {
        try (Connection db = RunningStore.database();
                PreparedStatement ps = db.prepareStatement("SELECT COUNT(*), MIN(CASE WHEN status <> "
                        + "'HELD_CREDENTIALS' THEN created_at END) FROM META_EVENT_OUTBOX WHERE pixel_id = ? AND "
                        + "status IN ('PENDING', 'IN_FLIGHT', 'HELD_CREDENTIALS')")) {
            ps.setString(1, RunningStore.PIXEL_ID);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long oldest = rs.getLong(2);
                return new long[] {rs.getLong(1), rs.wasNull() ? 0 : (System.currentTimeMillis() - oldest) / 1000};
            }
        }
    }
}
