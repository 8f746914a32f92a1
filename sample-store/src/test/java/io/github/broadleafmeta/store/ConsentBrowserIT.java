package io.github.broadleafmeta.store;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Consent required and not given: the pixel is told before anything else. */
class ConsentBrowserIT {

    @Test
    void shouldRevokeConsentBeforeInitWhenConsentIsRequiredAndCookieIsAbsent() throws Exception {
        MetaSettingsFixture.save(Map.of("meta.consent.required", "true", "meta.consent.cookieName", "cookie_ok",
                "meta.consent.grantedValue", "yes"));
        try (Browser browser = Browser.open()) {
            MetaSettingsFixture.awaitPage(RunningStore.storefront(), "/beans/decaf-swiss-water",
                    p -> p.body.contains("fbq(\"consent\",\"revoke\")"));

            browser.get("/beans/decaf-swiss-water");

            int revoke = browser.indexOf("consent", "revoke");
            int init = browser.indexOf("init", RunningStore.PIXEL_ID);
            assertThat(revoke).as("consent revoke in %s", browser.fbqQueue()).isGreaterThanOrEqualTo(0);
            assertThat(revoke).isLessThan(init);
            assertThat(browser.only("ViewContent").eventId).isNotBlank();
            assertThat(browser.driver.manage().getCookieNamed("_fbp")).as("no tracking cookie from the server").isNull();

            browser.driver.manage().addCookie(new org.openqa.selenium.Cookie("cookie_ok", "yes", "/"));
            browser.get("/beans/decaf-swiss-water");
            assertThat(browser.indexOf("consent", "revoke")).as("granted: no revoke").isEqualTo(-1);
            assertThat(browser.indexOf("init", RunningStore.PIXEL_ID)).isGreaterThanOrEqualTo(0);
        } finally {
            MetaSettingsFixture.clear("meta.consent.required", "meta.consent.cookieName", "meta.consent.grantedValue");
        }
    }
}
