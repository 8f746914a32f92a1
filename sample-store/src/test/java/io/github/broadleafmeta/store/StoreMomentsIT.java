package io.github.broadleafmeta.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.broadleafmeta.core.settings.MetaSettingKeys;
import io.github.broadleafmeta.core.settings.SettingsResolver;
import io.github.broadleafmeta.core.userdata.Sha256;
import io.github.broadleafmeta.store.StoreClient.Page;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store's own moments in the running store: the newsletter Lead recorded through the server-side event API
 * ({@code BroadleafMetaTracker.track}) and the ViewCategory of category pages, each with one event id for the pixel
 * call and the server copy.
 */
class StoreMomentsIT {

    @Test
    void shouldRenderLeadOnTheNextPageAndDeliverItWithTheHashedEmailWhenShopperSignsUp() throws Exception {
        StoreClient client = RunningStore.storefront();

        Page next = signUp(client, "/gear", "  Lena.Lead@Example.COM ");

        PixelCall lead = PixelCall.only(next.body, "Lead");
        assertThat(lead.method).isEqualTo("track");
        assertThat(lead.params.get("content_name").asText()).isEqualTo("Newsletter");
        OutboxRows.Row server = OutboxRows.awaitStatus(lead.eventId, "SENT");
        assertThat(server.eventName).isEqualTo("Lead");
        assertThat(server.browserRendered).isTrue();
        assertThat(server.payload.get("user_data").path("em").path(0).asText())
                .isEqualTo(Sha256.hex("lena.lead@example.com"));
        assertThat(server.payload.get("custom_data")).isEqualTo(lead.params);
        assertThat(PixelCall.count(client.get("/gear").body, "Lead")).as("rendered once").isZero();
    }

    @Test
    void shouldDeliverLeadWithoutEmWhenTheAddressIsMalformed() throws Exception {
        Page next = signUp(RunningStore.storefront(), "/", "not-an-address");

        PixelCall lead = PixelCall.only(next.body, "Lead");
        OutboxRows.Row server = OutboxRows.awaitStatus(lead.eventId, "SENT");
        assertThat(server.payload.get("user_data").has("em")).isFalse();
        assertThat(server.payload.get("user_data").has("client_user_agent")).isTrue();
    }

    @Test
    void shouldHonourTheLeadSwitchesOfBothLists() throws Exception {
        String browserWithoutLead = SettingsResolver.DEFAULT_BROWSER_EVENTS.replace(",Lead", "");
        String serverWithoutLead = SettingsResolver.DEFAULT_SERVER_EVENTS.replace(",Lead", "");
        try {
            MetaSettingsFixture.save(Map.of(MetaSettingKeys.EVENTS_SERVER, serverWithoutLead));
            MetaSettingsFixture.awaitSettingsExpiry();
            PixelCall browserOnly = PixelCall.only(signUp(RunningStore.storefront(), "/", "b@example.com").body,
                    "Lead");
            assertThat(OutboxRows.byEventId(browserOnly.eventId)).as("no server copy").isNull();

            MetaSettingsFixture.save(Map.of(MetaSettingKeys.EVENTS_SERVER, SettingsResolver.DEFAULT_SERVER_EVENTS,
                    MetaSettingKeys.EVENTS_BROWSER, browserWithoutLead));
            MetaSettingsFixture.awaitSettingsExpiry();
            long leadsBefore = OutboxRows.count("Lead");
            Page serverOnly = signUp(RunningStore.storefront(), "/", "s@example.com");
            assertThat(PixelCall.count(serverOnly.body, "Lead")).as("no browser copy").isZero();
            assertThat(OutboxRows.count("Lead")).isEqualTo(leadsBefore + 1);
        } finally {
            MetaSettingsFixture.clear(MetaSettingKeys.EVENTS_SERVER, MetaSettingKeys.EVENTS_BROWSER);
        }
    }

    @Test
    void shouldTrackViewCategoryWithTheListedProductsViewContentIds() throws Exception {
        StoreClient client = RunningStore.storefront();
        Page category = client.get("/beans");

        PixelCall viewCategory = PixelCall.only(category.body, "ViewCategory");
        assertThat(viewCategory.method).isEqualTo("trackCustom");
        assertThat(viewCategory.params.get("content_type").asText()).isEqualTo("product");
        assertThat(viewCategory.params.get("content_category").asText()).isEqualTo(category.text("h1"));
        List<String> productIds = new ArrayList<>();
        for (org.jsoup.nodes.Element link : category.html.select("[data-test=category-product] a[data-test=product-link]")) {
            PixelCall viewContent = PixelCall.only(client.get(link.attr("href")).body, "ViewContent");
            productIds.add(viewContent.params.get("content_ids").get(0).asText());
        }
        assertThat(productIds).isNotEmpty();
        List<String> categoryIds = new ArrayList<>();
        viewCategory.params.get("content_ids").forEach(id -> categoryIds.add(id.asText()));
        assertThat(categoryIds).isEqualTo(productIds);
        assertThat(OutboxRows.byEventId(viewCategory.eventId)).as("browser-only by default").isNull();
    }

    @Test
    void shouldSendViewCategoryServerCopyWithTheSameEventIdWhenTheServerListNamesIt() throws Exception {
        try {
            MetaSettingsFixture.save(Map.of(MetaSettingKeys.EVENTS_SERVER,
                    SettingsResolver.DEFAULT_SERVER_EVENTS + ",ViewCategory"));
            MetaSettingsFixture.awaitSettingsExpiry();

            PixelCall viewCategory = PixelCall.only(RunningStore.storefront().get("/gifts").body, "ViewCategory");

            JsonNode server = GraphApiEvents.sent(viewCategory.eventId);
            assertThat(server.get("event_name").asText()).isEqualTo("ViewCategory");
            assertThat(server.get("custom_data")).isEqualTo(viewCategory.params);
        } finally {
            MetaSettingsFixture.clear(MetaSettingKeys.EVENTS_SERVER);
        }
    }

    /** Posts the footer's newsletter form of {@code path} and follows the redirect back. */
    static Page signUp(StoreClient client, String path, String email) throws Exception {
        Page page = client.get(path);
        Page posted = client.submit(page.one("form[data-test=newsletter]"), Map.of("emailAddress", email));
        assertThat(posted.isRedirect()).as("HTTP %s", posted.status).isTrue();
        assertThat(posted.location()).contains(path.equals("/") ? "/#subscribed" : path + "#subscribed");
        return client.browse(posted.location().replaceFirst("#.*$", ""));
    }
}
