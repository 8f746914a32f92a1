package io.github.broadleafmeta.core.metrics;

/** The JMX bean of one pixel: reads {@link DeliveryMetrics} at every attribute access. */
final class MetaDelivery implements MetaDeliveryMXBean {

    private final String pixelId;
    private final DeliveryMetrics metrics;

    MetaDelivery(String pixelId, DeliveryMetrics metrics) {
        this.pixelId = pixelId;
        this.metrics = metrics;
    }

    private long counter(String name) {
        return metrics.counters().get(pixelId, name);
    }

    @Override
    public String getPixelId() {
        return pixelId;
    }

    @Override
    public long getSent() {
        return counter(PixelDeliveryCounters.SENT);
    }

    @Override
    public long getRetried() {
        return counter(PixelDeliveryCounters.RETRIED);
    }

    @Override
    public long getRateLimited() {
        return counter(PixelDeliveryCounters.RATE_LIMITED);
    }

    @Override
    public long getRejected() {
        return counter(PixelDeliveryCounters.REJECTED);
    }

    @Override
    public long getExpired() {
        return counter(PixelDeliveryCounters.EXPIRED);
    }

    @Override
    public long getHeld() {
        return counter(PixelDeliveryCounters.HELD);
    }

    @Override
    public long getDryRun() {
        return counter(PixelDeliveryCounters.DRY_RUN);
    }

    @Override
    public long getDeferred() {
        return counter(PixelDeliveryCounters.DEFERRED);
    }

    @Override
    public long getRequests() {
        return counter(PixelDeliveryCounters.REQUESTS);
    }

    @Override
    public long getCircuitOpened() {
        return counter(PixelDeliveryCounters.CIRCUIT_OPENED);
    }

    @Override
    public String getCircuitState() {
        return metrics.circuitState(pixelId).name();
    }

    @Override
    public long getBacklog() {
        return metrics.backlog(pixelId).total();
    }

    @Override
    public long getBacklogPending() {
        return metrics.backlog(pixelId).pending();
    }

    @Override
    public long getBacklogInFlight() {
        return metrics.backlog(pixelId).inFlight();
    }

    @Override
    public long getBacklogHeld() {
        return metrics.backlog(pixelId).held();
    }

    @Override
    public long getOldestWaitingAgeSeconds() {
        return metrics.backlog(pixelId).oldestWaitingAge().getSeconds();
    }
}
