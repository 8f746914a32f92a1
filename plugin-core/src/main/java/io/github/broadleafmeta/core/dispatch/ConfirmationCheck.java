package io.github.broadleafmeta.core.dispatch;

/**
 * Asked, once per key per dispatch cycle, before a row that carries a confirmation key is sent. A Broadleaf
 * adapter answers "is order N really SUBMITTED?", so a Purchase is never reported for a checkout that rolled back.
 * Called on the dispatcher thread, never on a storefront request; an exception counts as {@link Confirmation#PENDING}.
 */
public interface ConfirmationCheck {

    /** The default when no adapter is wired: every key counts as confirmed. */
    ConfirmationCheck ALWAYS_CONFIRMED = confirmationKey -> Confirmation.CONFIRMED;

    Confirmation check(String confirmationKey);
}
