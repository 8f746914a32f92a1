package io.github.broadleafmeta.store;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import static org.assertj.core.api.Assertions.assertThat;

/** An operator opens the Meta Pixel dashboard in a real browser after real shopping produced outbox rows. */
class AdminDashboardBrowserIT {

    @Test
    void shouldShowDeliveryCountsAndChartWhenOperatorOpensDashboard() throws Exception {
        Shopper shopper = new Shopper(RunningStore.storefront());
        String eventId = PixelCall.only(shopper.addToCart("/beans/house-espresso", 1).body, "AddToCart").eventId;
        OutboxRows.awaitStatus(eventId, "SENT");

        try (Browser browser = Browser.open()) {
            browser.get(RunningStore.get().adminUrl() + "login");
            browser.one("#username").sendKeys("admin");
            browser.one("input[name=j_password]").sendKeys("admin");
            browser.one("form").submit();
            browser.get(RunningStore.get().adminUrl() + "meta-pixel");

            assertThat(browser.one("[data-test=meta-dashboard]").isDisplayed()).isTrue();
            String pixelStats = browser.one("[data-test=pixel-stats][data-pixel='" + RunningStore.PIXEL_ID + "']")
                    .findElement(By.cssSelector("[data-test=counts-24h] td[data-status=SENT]")).getText();
            assertThat(Integer.parseInt(pixelStats.trim())).isPositive();
            assertThat(browser.driver.findElements(By.cssSelector("svg[data-test=hourly-chart]"))).isNotEmpty();
            assertThat(browser.driver.getPageSource()).doesNotContain(RunningStore.ACCESS_TOKEN);
            browser.screenshot("admin-dashboard-browser.png");
        }
    }
}
