package io.github.broadleafmeta.core.reconcile;

import java.util.Collection;
import java.util.Map;

/** The outbox's side: the Purchase row of each order for one pixel. */
public interface PurchaseRecords {

    /**
     * The Purchase rows (event id {@code order.{orderNumber}}) of {@code pixelId} for these orders, by order
     * number; orders without a row are absent.
     *
     * @throws ReconciliationException when the outbox cannot be read
     */
    Map<String, PurchaseRecord> purchasesOf(String pixelId, Collection<String> orderNumbers);
}
