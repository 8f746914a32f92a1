package io.github.broadleafmeta.core.request;

import java.time.Clock;
import java.util.Random;

/**
 * Which {@code _fbp} and {@code _fbc} a consenting shopper's request carries, and which of them the storefront must
 * set as first-party cookies (so shoppers whose browsers block Meta's script are still matched). Storefront-neutral:
 * an adapter reads the cookies, the {@code fbclid} parameter and its session memory from its own request type, asks
 * here, and writes back what {@link Choice#mustBeSet()} says.
 */
public final class FirstPartyCookies {

    private final Clock clock;
    private final Random random;

    public FirstPartyCookies(Clock clock, Random random) {
        this.clock = clock;
        this.random = random;
    }

    /** The shopper's valid {@code _fbp}, or a new one to set. */
    public Choice fbp(String fbpCookie, int subdomainIndex) {
        String existing = FbCookies.validFbp(fbpCookie);
        return existing != null ? Choice.keep(existing)
                : Choice.set(FbCookies.newFbp(clock.millis(), random, subdomainIndex));
    }

    /**
     * A landing page's {@code fbclid} makes a new {@code _fbc} to set (and for the adapter to remember for the
     * session); otherwise the shopper's valid cookie; otherwise what the session remembered, because the landing
     * page set the cookie and this request may predate the browser storing it. {@link Choice#value()} may be null.
     */
    public Choice fbc(String fbcCookie, String fbclidParameter, String rememberedInSession, int subdomainIndex) {
        String existing = FbCookies.validFbc(fbcCookie);
        String fbclid = FbCookies.validFbclid(fbclidParameter);
        if (fbclid != null && FbCookies.shouldReplaceFbc(existing, fbclid)) {
            return Choice.set(FbCookies.buildFbc(fbclid, clock.millis(), subdomainIndex));
        }
        return Choice.keep(existing != null ? existing : rememberedInSession);
    }

    /** A cookie value and whether the storefront must set it now. */
    public static final class Choice {
        private final String value;
        private final boolean mustBeSet;

        private Choice(String value, boolean mustBeSet) {
            this.value = value;
            this.mustBeSet = mustBeSet;
        }

        static Choice keep(String value) {
            return new Choice(value, false);
        }

        static Choice set(String value) {
            return new Choice(value, true);
        }

        public String value() {
            return value;
        }

        public boolean mustBeSet() {
            return mustBeSet;
        }
    }
}
