package io.github.broadleafmeta.core.reconcile;

import java.time.Instant;
import java.util.List;

/** The store's side: orders that reached SUBMITTED. A storefront adapter reads its own order table. */
public interface SubmittedOrders {

    /**
     * Orders submitted in {@code [from, to)} (cancelled ones included: they were submitted), oldest first.
     *
     * @throws ReconciliationException when the order table cannot be read
     */
    List<SubmittedOrder> submittedBetween(Instant from, Instant to);
}
