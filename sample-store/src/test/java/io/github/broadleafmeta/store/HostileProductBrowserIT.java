package io.github.broadleafmeta.store;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.NoAlertPresentException;

import java.sql.Connection;
import java.sql.PreparedStatement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A product whose name tries to end the pixel's script and start its own, with a U+2028 (a line terminator in
 * old JavaScript, not in JSON): the page runs nothing of it and the pixel gets the name back exactly.
 */
class HostileProductBrowserIT {

    static final String HOSTILE_NAME = "Hostile </script><script>alert(1)</script> Roast \u2028 \"quoted\" & <b>bold</b>";
    static final String HOSTILE_URL = "/gifts/hostile";

    @Test
    void shouldExecuteNothingAndRoundTripNameWhenProductNameIsHostile() throws Exception {
        insertHostileProduct();
        try (Browser browser = Browser.open()) {
            browser.get(HOSTILE_URL);

            assertThatThrownBy(() -> browser.driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
            assertThat(browser.severeConsoleEntries()).as("console errors").isEmpty();
            Browser.Track viewContent = browser.only("ViewContent");
            assertThat(viewContent.params.get("content_name")).isEqualTo(HOSTILE_NAME);
            assertThat(browser.script("return document.querySelector('[data-test=product-name]').textContent;"))
                    .isEqualTo(HOSTILE_NAME);
            assertThat(browser.tracks("PageView")).hasSize(1);
            assertThat(browser.script("return Array.from(document.scripts)"
                    + ".filter(s => s.textContent.indexOf('alert(1)') >= 0 && s.textContent.indexOf('fbq') < 0).length;"))
                    .as("no script element made of the name").isEqualTo(0L);

            browser.one("form[data-test=add-to-cart] button[type=submit]").click();
            browser.await(b -> !b.tracks("AddToCart").isEmpty(), "the AJAX AddToCart");
            assertThatThrownBy(() -> browser.driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
            assertThat(browser.severeConsoleEntries()).isEmpty();
        }
    }

    /** A product in Gifts, with fresh ids (the sample catalog stays below 20000). */
    static void insertHostileProduct() throws Exception {
        try (Connection db = RunningStore.database()) {
            try (PreparedStatement exists = db.prepareStatement("SELECT COUNT(*) FROM BLC_PRODUCT WHERE PRODUCT_ID = 20001");
                    java.sql.ResultSet rs = exists.executeQuery()) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    return;
                }
            }
            execute(db, "INSERT INTO BLC_PRODUCT (PRODUCT_ID, URL, IS_FEATURED_PRODUCT, DEFAULT_CATEGORY_ID, ARCHIVED)"
                    + " VALUES (20001, ?, FALSE, 2003, 'N')", HOSTILE_URL);
            execute(db, "INSERT INTO BLC_SKU (SKU_ID, DEFAULT_PRODUCT_ID, NAME, DESCRIPTION, LONG_DESCRIPTION,"
                    + " RETAIL_PRICE, ACTIVE_START_DATE, TAXABLE_FLAG, DISCOUNTABLE_FLAG, AVAILABLE_FLAG, CURRENCY_CODE)"
                    + " VALUES (20001, 20001, ?, 'A test product.', 'A test product.', 9.50, '2020-01-01 00:00:00',"
                    + " 'N', 'Y', 'Y', 'USD')", HOSTILE_NAME);
            execute(db, "UPDATE BLC_PRODUCT SET DEFAULT_SKU_ID = 20001 WHERE PRODUCT_ID = 20001");
            execute(db, "INSERT INTO BLC_CATEGORY_PRODUCT_XREF (CATEGORY_PRODUCT_ID, CATEGORY_ID, PRODUCT_ID,"
                    + " DISPLAY_ORDER) VALUES (20001, 2003, 20001, 99)");
        }
    }

    private static void execute(Connection db, String sql, String... args) throws Exception {
        try (PreparedStatement s = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setString(i + 1, args[i]);
            }
            s.executeUpdate();
        }
    }
}
