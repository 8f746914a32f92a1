package io.github.broadleafmeta.admin.web;

import io.github.broadleafmeta.core.outbox.OutboxStatus;

/** One sentence per outbox status for the event page, incl. why some rows are never resent. */
final class StatusExplanations {

    private StatusExplanations() {
    }

    static String explain(OutboxStatus status) {
        switch (status) {
            case PENDING:
                return "Waiting for its next delivery attempt (retry now makes it due at once).";
            case IN_FLIGHT:
                return "Being sent by a store node right now.";
            case SENT:
                return "Meta accepted it.";
            case REJECTED:
                return "Meta refused this event itself. It is not resent: unchanged it would be refused again. "
                        + "Fix the cause shown in the error so that new events are valid.";
            case EXPIRED:
                return "It could not be delivered within 7 days, the oldest event time Meta accepts. Resending it "
                        + "would make Meta refuse the whole request.";
            case HELD_CREDENTIALS:
                return "Meta refused the access token or its permissions. Held events resume by themselves when "
                        + "the token is replaced in Settings; retry now tries again with the current token.";
            case DRY_RUN:
                return "Recorded while no access token was configured; never sent.";
            case NOT_CONFIRMED:
                return "Its order was cancelled or never confirmed, so it was not sent.";
            default:
                return status.name();
        }
    }
}
