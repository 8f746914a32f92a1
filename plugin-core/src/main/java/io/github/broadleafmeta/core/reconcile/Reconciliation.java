package io.github.broadleafmeta.core.reconcile;

import java.time.Instant;

/**
 * Orders that reached SUBMITTED against the Purchases Meta accepted, for one pixel: the share, per hour or day,
 * and every order without an accepted Purchase with the reason the data gives. The answer for the operator's
 * question "does Meta count every order?", and the figure behind the alert rule "order-to-Purchase share below N%".
 */
public interface Reconciliation {

    /** The longest range one call covers: the admin shows a day or a week; alerts read a day. */
    long MAX_RANGE_DAYS = 31;

    /**
     * Orders submitted in {@code [from, to)} and how many of them have a Purchase Meta accepted for
     * {@code pixelId}.
     *
     * @throws IllegalArgumentException when the range is empty, reversed or longer than {@link #MAX_RANGE_DAYS}
     * @throws ReconciliationException when the order table or the outbox cannot be read
     */
    Share share(String pixelId, Instant from, Instant to);

    /**
     * The full picture for {@code [from, to)}: the share per {@code granularity} bucket (UTC), the unmatched orders
     * newest first, each with its reason, and the count per reason.
     *
     * @throws IllegalArgumentException when the range is empty, reversed or longer than {@link #MAX_RANGE_DAYS}
     * @throws ReconciliationException when the order table or the outbox cannot be read
     */
    ReconciliationReport report(String pixelId, Instant from, Instant to, Granularity granularity);

    /** The bucket size of a report. */
    enum Granularity {
        HOUR, DAY
    }
}
