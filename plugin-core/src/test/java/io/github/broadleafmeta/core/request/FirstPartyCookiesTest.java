package io.github.broadleafmeta.core.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FirstPartyCookiesTest {

    private static final long NOW = 1_700_000_000_123L;
    private static final String CLID = "IwAR2F4-dbP0l7Mn1IawQQGCINEz7PYXQvwjNwB_qa2ofrHyiLjcbCRxTDMgk";
    private static final String OLD_FBC = "fb.1.1600000000000.OtherClickId";
    private final FirstPartyCookies cookies =
            new FirstPartyCookies(Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC), new Random(7));

    @Test
    void shouldKeepTheShoppersFbpWhenItIsValid() {
        FirstPartyCookies.Choice fbp = cookies.fbp("fb.1.1596403881668.1116446470", 1);

        assertThat(fbp.value()).isEqualTo("fb.1.1596403881668.1116446470");
        assertThat(fbp.mustBeSet()).isFalse();
    }

    @Test
    void shouldMakeANewFbpToSetWhenTheCookieIsMissingOrMalformed() {
        for (String cookie : new String[] {null, "fb.1.x.<script>"}) {
            FirstPartyCookies.Choice fbp = cookies.fbp(cookie, 2);

            assertThat(fbp.mustBeSet()).isTrue();
            assertThat(fbp.value()).startsWith("fb.2." + NOW + ".");
            assertThat(FbCookies.isValidFbp(fbp.value())).isTrue();
        }
    }

    @Test
    void shouldBuildAnFbcToSetWhenTheLandingPageCarriesANewFbclid() {
        FirstPartyCookies.Choice fbc = cookies.fbc(OLD_FBC, CLID, null, 1);

        assertThat(fbc.value()).isEqualTo("fb.1." + NOW + "." + CLID);
        assertThat(fbc.mustBeSet()).isTrue();
    }

    @Test
    void shouldKeepTheFbcCookieWhenItAlreadyHoldsTheSameFbclid() {
        String same = "fb.1.1600000000000." + CLID;

        FirstPartyCookies.Choice fbc = cookies.fbc(same, CLID, null, 1);

        assertThat(fbc.value()).isEqualTo(same);
        assertThat(fbc.mustBeSet()).isFalse();
    }

    @Test
    void shouldFallBackToTheSessionsFbcWhenTheBrowserHasNotStoredTheCookieYet() {
        String remembered = "fb.1.1699999999000." + CLID;

        assertThat(cookies.fbc(null, null, remembered, 1).value()).isEqualTo(remembered);
        assertThat(cookies.fbc(OLD_FBC, null, remembered, 1).value()).isEqualTo(OLD_FBC);
        assertThat(cookies.fbc(null, null, null, 1).value()).isNull();
        assertThat(cookies.fbc(null, "not a click id!", null, 1).mustBeSet()).isFalse();
    }
}
