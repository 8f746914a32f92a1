package io.github.broadleafmeta.core.metrics;

import java.util.List;

/**
 * One store application's claim on its JMX name ({@code io.github.broadleafmeta:type=MetaDeliveryApp,app=...}):
 * the pixels it publishes. Two store applications in one JVM get different {@code app} names.
 */
public interface MetaDeliveryAppMXBean {

    String getApp();

    List<String> getPixelIds();
}
