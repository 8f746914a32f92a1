package io.github.broadleafmeta.core.alert;

import java.time.Instant;

/**
 * The share of submitted orders whose Purchase Meta accepted (the reconciliation's figure). Wired to the
 * reconciliation API by the application context; the rule "share below N%" stays silent without it.
 */
@FunctionalInterface
public interface PurchaseShareSource {

    /** A fraction 0..1 of orders submitted in [from, to), or null when there was no order (or it is unknown). */
    Double share(String pixelId, Instant from, Instant to);
}
