package io.github.broadleafmeta.core.alert;

import java.time.Instant;

/** When a pixel's access token expires (from {@code debug_token}); wired to the token health reader. */
@FunctionalInterface
public interface TokenExpirySource {

    /** The expiry, or null when the token never expires or its health is not known. */
    Instant expiresAt(String pixelId);
}
