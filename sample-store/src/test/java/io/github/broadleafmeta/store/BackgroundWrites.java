package io.github.broadleafmeta.store;

import java.lang.management.ManagementFactory;
import java.util.Set;

import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Page events reach the outbox through the plugin's background writer (issue 14). Before a test reads the outbox
 * (above all before it asserts that something is NOT there), it waits until every writer of the store's JVM has
 * written what it accepted: the writers count that over JMX.
 */
final class BackgroundWrites {

    private BackgroundWrites() {
    }

    static void settle() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> writers = server.queryNames(
                new ObjectName("io.github.broadleafmeta:type=BackgroundOutboxWriter,*"), null);
        long deadline = System.currentTimeMillis() + 15_000;
        for (ObjectName writer : writers) {
            while (((Number) server.getAttribute(writer, "Unwritten")).intValue() > 0) {
                if (System.currentTimeMillis() > deadline) {
                    throw new AssertionError("the plugin's background writer " + writer + " still has rows after 15 s");
                }
                Thread.sleep(20);
            }
        }
    }
}
