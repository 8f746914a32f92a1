package io.github.broadleafmeta.core.reconcile;

import java.time.Instant;

/**
 * An order that reached SUBMITTED, with what the checkout stored about the shopper's request: consent
 * ({@code granted}, {@code denied}, {@code not_required}) and the bot verdict, each null when the order has none
 * (orders placed before the plugin stored them).
 */
public final class SubmittedOrder {

    private final String orderNumber;
    private final Instant submittedAt;
    private final String consent;
    private final Boolean bot;

    public SubmittedOrder(String orderNumber, Instant submittedAt, String consent, Boolean bot) {
        if (orderNumber == null || submittedAt == null) {
            throw new IllegalArgumentException("orderNumber and submittedAt are required");
        }
        this.orderNumber = orderNumber;
        this.submittedAt = submittedAt;
        this.consent = consent;
        this.bot = bot;
    }

    public String orderNumber() {
        return orderNumber;
    }

    public Instant submittedAt() {
        return submittedAt;
    }

    /** The stored consent state, or null. */
    public String consent() {
        return consent;
    }

    /** The stored bot verdict, or null. */
    public Boolean bot() {
        return bot;
    }

    @Override
    public String toString() {
        return "order " + orderNumber + " submitted " + submittedAt;
    }
}
