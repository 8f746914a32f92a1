package io.github.broadleafmeta.core.metrics;

/**
 * One pixel's delivery, as JMX shows it ({@code io.github.broadleafmeta:type=MetaDelivery,app=...,pixel=...}).
 * Counters are this node's since start; the backlog is the shared outbox's (all nodes).
 */
public interface MetaDeliveryMXBean {

    String getPixelId();

    /** Events accepted by Meta. */
    long getSent();

    long getRetried();

    long getRateLimited();

    long getRejected();

    long getExpired();

    /** Events held because the credentials failed. */
    long getHeld();

    long getDryRun();

    /** Events put back while the circuit was open. */
    long getDeferred();

    /** Graph API requests. */
    long getRequests();

    long getCircuitOpened();

    /** CLOSED, OPEN or HALF_OPEN (this node's breaker). */
    String getCircuitState();

    /** Rows not yet final: pending + in flight + held for credentials. */
    long getBacklog();

    long getBacklogPending();

    long getBacklogInFlight();

    long getBacklogHeld();

    /** Age in seconds of the oldest waiting (pending or in-flight) row; 0 when none. */
    long getOldestWaitingAgeSeconds();
}
