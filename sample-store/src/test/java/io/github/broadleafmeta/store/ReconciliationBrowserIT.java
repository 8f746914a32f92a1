package io.github.broadleafmeta.store;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An operator opens the Reconciliation tab in a real browser after two orders, one of them from a shopper who gave
 * no consent while the store requires it: the chart, the share and the unmatched order with its reason.
 */
class ReconciliationBrowserIT {

    @Test
    void shouldShowChartShareAndTheOrderWithoutConsentWhenOperatorOpensReconciliation() throws Exception {
        String consenting;
        String notConsenting;
        MetaSettingsFixture.save(Map.of("meta.consent.required", "true"));
        try {
            MetaSettingsFixture.awaitSettingsExpiry();
            StoreClient yes = RunningStore.storefront();
            yes.setCookie("meta_consent", "granted");
            Shopper withConsent = new Shopper(yes);
            withConsent.addToCart("/beans/house-espresso", 2);
            consenting = withConsent.checkout(Shopper.address("browser.yes@example.com", "Yara", "Yes"));
            Shopper withoutConsent = new Shopper(RunningStore.storefront());
            withoutConsent.addToCart("/gear/french-press", 1);
            notConsenting = withoutConsent.checkout(Shopper.address("browser.no@example.com", "Nico", "No"));
            OutboxRows.awaitStatus("order." + consenting, "SENT");
        } finally {
            MetaSettingsFixture.clear("meta.consent.required");
        }

        try (Browser browser = Browser.open()) {
            browser.get(RunningStore.get().adminUrl() + "login");
            browser.one("#username").sendKeys("admin");
            browser.one("input[name=j_password]").sendKeys("admin");
            browser.one("form").submit();
            browser.get(RunningStore.get().adminUrl() + "meta-pixel");
            browser.one("[data-test=nav-reconciliation]").click();

            assertThat(browser.one("[data-test=meta-reconciliation]").isDisplayed()).isTrue();
            assertThat(browser.one("svg[data-test=reconciliation-chart]").isDisplayed()).isTrue();
            assertThat(Integer.parseInt(browser.one("[data-test=reconciliation-submitted]").getText().trim()))
                    .isGreaterThanOrEqualTo(2);
            assertThat(browser.one("[data-test=reconciliation-share]").getText()).endsWith("%");
            assertThat(browser.driver.findElements(By.cssSelector("[data-test=reconciliation-bucket]"))).isNotEmpty();
            WebElement missing = browser.one("[data-test=unmatched-order][data-order='" + notConsenting + "']");
            assertThat(missing.findElement(By.cssSelector("[data-test=unmatched-reason]")).getText())
                    .isEqualTo("no consent");
            assertThat(browser.driver.findElements(By.cssSelector(
                    "[data-test=unmatched-order][data-order='" + consenting + "']"))).isEmpty();
            assertThat(browser.driver.getPageSource()).doesNotContain(RunningStore.ACCESS_TOKEN)
                    .doesNotContain("browser.no@example.com");
            browser.screenshot("admin-reconciliation.png");
        }
    }
}
