package io.github.broadleafmeta.core.dispatch;

/** Whether the business fact behind a confirmation key (an order) is real yet. */
public enum Confirmation {
    /** Send the event. */
    CONFIRMED,
    /** Not yet: ask again later; after {@code notConfirmedAfter} the row ends NOT_CONFIRMED. */
    PENDING,
    /** Never send: the row ends NOT_CONFIRMED now. */
    CANCELLED
}
