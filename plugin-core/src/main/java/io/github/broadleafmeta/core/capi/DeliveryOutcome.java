package io.github.broadleafmeta.core.capi;

/** What one Graph API request's outcome means for the events it carried. */
public enum DeliveryOutcome {
    /** Meta accepted the batch. */
    DELIVERED,
    /** A transient failure (network, timeout, HTTP 5xx, codes 1, 2, 341, {@code is_transient}): retry later. */
    RETRY,
    /** Throttled (HTTP 429, codes 4, 17, 32, 613, 80000-80014) or temporarily blocked (368): back off harder. */
    RATE_LIMITED,
    /** The payload was refused (code 100 and other permanent errors): never resend it unchanged. */
    REJECTED,
    /** Token invalid, expired or revoked (190, 102) or missing permissions (10, 200-299): hold until settings change. */
    CREDENTIALS
}
