package io.github.broadleafmeta.core.tracking;

/**
 * The background outbox writer over JMX ({@code io.github.broadleafmeta:type=BackgroundOutboxWriter,id=...}):
 * what an operator watches for drops, and what tests wait on before they read the outbox.
 */
public interface BackgroundOutboxWriterMBean {

    /** Actions and rendered marks accepted but not yet written (queued, or in the batch being built and written). */
    int getUnwritten();

    /** Actions and marks not accepted because the queue was full, since start. */
    long getDropped();

    /** Rows written (new or duplicate) since start. */
    long getWritten();
}
