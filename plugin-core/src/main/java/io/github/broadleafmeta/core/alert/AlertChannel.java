package io.github.broadleafmeta.core.alert;

/** Where alert messages go (log, e-mail, webhook). Called on the alert thread, never on a storefront request. */
public interface AlertChannel {

    /** For logs: "log", "e-mail", "webhook". */
    String name();

    /** False when the channel has nothing to send to (no recipient, no URL): it is skipped silently. */
    boolean configured(AlertSettings settings);

    /** Sends one message; throws when it could not (the caller logs which channel failed). */
    void send(AlertMessage message, AlertSettings settings) throws Exception;
}
