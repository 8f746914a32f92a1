package io.github.broadleafmeta.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.broadleafmeta.store.StoreClient.Page;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalog feed of the running store and the content ids of its events: for every content-id strategy the feed's
 * id of a product equals the id in ViewContent, AddToCart and Purchase, in the browser copy and in the server copy
 * the Graph API stub received.
 */
class CatalogFeedIT {

    static final String TOKEN = "it-feed-token-0123456789";
    static final String BASE_URL = "https://shop.brewbeans.example";
    static final List<String> REQUIRED = Arrays.asList("id", "title", "description", "availability", "condition",
            "price", "link", "image_link", "brand");
    static final String KENYA = "Kenya AA, 250 g";
    static final String KENYA_PATH = "/beans/kenya-aa";

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The hostile product goes in before the first feed request: rows written with plain SQL bypass Hibernate, so a
     * catalog query cached earlier would not see it (edits through Broadleaf's admin do invalidate that cache).
     */
    @BeforeAll
    static void enableFeed() throws Exception {
        HostileProductBrowserIT.insertHostileProduct();
        addHostileImage();
        MetaSettingsFixture.save(Map.of("meta.catalog.feed.enabled", "true", "meta.catalog.feed.token", TOKEN,
                "meta.catalog.baseUrl", BASE_URL, "meta.catalog.brand", "BrewBeans"));
        MetaSettingsFixture.awaitSettingsExpiry();
    }

    @AfterAll
    static void restoreSettings() throws Exception {
        MetaSettingsFixture.clear("meta.catalog.feed.enabled", "meta.catalog.feed.token", "meta.catalog.baseUrl",
                "meta.catalog.brand", "meta.catalog.contentId", "meta.catalog.feed.username",
                "meta.catalog.feed.password");
    }

    @Test
    void shouldListEverySampleProductWithMetasRequiredFieldsWhenFeedIsEnabled() throws Exception {
        HttpResponse<String> response = fetch("/meta/catalog-feed?token=" + TOKEN, null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        List<Map<String, String>> rows = csvRows(response.body());
        for (Map<String, String> row : rows) {
            for (String field : REQUIRED) {
                assertThat(row.get(field)).as("%s of %s", field, row.get("id")).isNotBlank();
            }
            assertThat(row.get("availability")).isIn("in stock", "out of stock");
            assertThat(row.get("condition")).isEqualTo("new");
            assertThat(row.get("price")).matches("\\d+\\.\\d{2} [A-Z]{3}");
            assertThat(row.get("link")).startsWith(BASE_URL + "/");
            assertThat(row.get("image_link")).startsWith(BASE_URL + "/img/products/");
            assertThat(row.get("id").length()).isLessThanOrEqualTo(100);
        }
        assertThat(rows).extracting(r -> r.get("id")).doesNotHaveDuplicates()
                .contains("4001", "4002", "4003", "4004", "4005", "4006", "4007", "4008", "4009", "4010", "4011",
                        "4012");
        Map<String, String> kenya = byTitle(rows, KENYA);
        assertThat(kenya.get("price")).isEqualTo("18.90 USD");
        assertThat(kenya.get("link")).isEqualTo(BASE_URL + KENYA_PATH);
        assertThat(kenya.get("brand")).isEqualTo("BrewBeans");
        assertThat(fetch("/img/products/kenya-aa.png", null).statusCode()).as("the image exists").isEqualTo(200);
    }

    @Test
    void shouldServeRssWithGNamespaceWhenFormatIsXml() throws Exception {
        HttpResponse<String> response = fetch("/meta/catalog-feed?format=xml&token=" + TOKEN, null);

        assertThat(response.statusCode()).isEqualTo(200);
        List<Map<String, String>> items = xmlItems(response.body());
        assertThat(items).hasSizeGreaterThanOrEqualTo(12);
        for (Map<String, String> item : items) {
            assertThat(item.keySet()).containsAll(REQUIRED);
        }
        assertThat(fetch("/meta/catalog-feed?format=pdf&token=" + TOKEN, null).statusCode()).isEqualTo(400);
    }

    @Test
    void shouldRefuseFeedWhenTokenIsMissingOrWrong() throws Exception {
        assertThat(fetch("/meta/catalog-feed", null).statusCode()).isEqualTo(404);
        HttpResponse<String> wrong = fetch("/meta/catalog-feed?token=" + TOKEN + "x", null);
        assertThat(wrong.statusCode()).isEqualTo(404);
        assertThat(wrong.body()).doesNotContain("4006");
        assertThat(RunningStore.log()).doesNotContain(TOKEN);
    }

    @Test
    void shouldAskForBasicAuthAndAcceptItWhenFeedHasUserAndPassword() throws Exception {
        MetaSettingsFixture.save(Map.of("meta.catalog.feed.username", "meta", "meta.catalog.feed.password",
                "it-basic-password-42"));
        MetaSettingsFixture.awaitSettingsExpiry();
        try {
            HttpResponse<String> refused = fetch("/meta/catalog-feed", null);
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Basic");
            String basic = "Basic " + Base64.getEncoder().encodeToString(
                    "meta:it-basic-password-42".getBytes(StandardCharsets.UTF_8));
            assertThat(fetch("/meta/catalog-feed", basic).statusCode()).isEqualTo(200);
        } finally {
            MetaSettingsFixture.clear("meta.catalog.feed.username", "meta.catalog.feed.password");
        }
    }

    @Test
    void shouldMatchFeedIdsInViewContentAddToCartAndPurchaseWhenStrategyChanges() throws Exception {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("sku", "4006");
        expected.put("product", "3006");
        expected.put("external", "BB-3006");
        expected.put("brewbeans_{skuId}", "brewbeans_4006");
        for (Map.Entry<String, String> strategy : expected.entrySet()) {
            MetaSettingsFixture.save(Map.of("meta.catalog.contentId", strategy.getKey()));
            MetaSettingsFixture.awaitSettingsExpiry();
            String feedId = byTitle(csvRows(fetch("/meta/catalog-feed?token=" + TOKEN, null).body()), KENYA).get("id");
            assertThat(feedId).as("feed id for %s", strategy.getKey()).isEqualTo(strategy.getValue());

            Shopper shopper = new Shopper(RunningStore.storefront());
            Page productPage = shopper.client.get(KENYA_PATH);
            PixelCall view = PixelCall.only(productPage.body, "ViewContent");
            JsonNode ajax = JSON.readTree(shopper.client.submitForJson(productPage.one("form[data-test=add-to-cart]"),
                    Map.of("quantity", "1")).body).get("metaEvents").get(0);
            assertThat(ids(ajax.get("params"))).as("AJAX AddToCart, %s", strategy.getKey()).containsExactly(feedId);
            assertThat(ids(GraphApiEvents.sent(ajax.get("eventID").asText()).get("custom_data")))
                    .as("AJAX AddToCart server copy, %s", strategy.getKey()).containsExactly(feedId);
            PixelCall add = PixelCall.only(shopper.addToCart(KENYA_PATH, 1).body, "AddToCart");
            shopper.checkout(Shopper.address("catalog.it@example.com", "Cat", "Alog"));
            PixelCall purchase = PixelCall.only(shopper.confirmation.body, "Purchase");

            for (PixelCall browser : Arrays.asList(view, add, purchase)) {
                String what = strategy.getKey() + " " + browser.name;
                assertThat(ids(browser.params)).as("browser %s", what).containsExactly(feedId);
                assertThat(browser.params.get("content_type").asText()).as("browser %s", what).isEqualTo("product");
                JsonNode server = GraphApiEvents.sent(browser.eventId).get("custom_data");
                assertThat(ids(server)).as("server %s", what).containsExactly(feedId);
                assertThat(server.get("content_type").asText()).isEqualTo("product");
            }
        }
    }

    @Test
    void shouldRoundTripHostileNameThroughFeedAndEventsWhenProductNameIsHostile() throws Exception {
        String name = HostileProductBrowserIT.HOSTILE_NAME;

        Map<String, String> csv = byTitle(csvRows(fetch("/meta/catalog-feed?token=" + TOKEN, null).body()), name);
        Map<String, String> tsv = byTitle(delimitedRows(fetch("/meta/catalog-feed?format=tsv&token=" + TOKEN, null)
                .body(), '\t'), name);
        Map<String, String> xml = byTitle(xmlItems(fetch("/meta/catalog-feed?format=xml&token=" + TOKEN, null)
                .body()), name);
        assertThat(tsv.get("id")).isEqualTo(csv.get("id"));
        assertThat(xml.get("id")).isEqualTo(csv.get("id"));

        Page product = RunningStore.storefront().get(HostileProductBrowserIT.HOSTILE_URL);
        PixelCall view = PixelCall.only(product.body, "ViewContent");
        assertThat(view.params.get("content_name").asText()).isEqualTo(name);
        assertThat(ids(view.params)).containsExactly(csv.get("id"));
        JsonNode server = GraphApiEvents.sent(view.eventId).get("custom_data");
        assertThat(server.get("content_name").asText()).isEqualTo(name);
        assertThat(ids(server)).containsExactly(csv.get("id"));
    }

    @Test
    void shouldListOldIdsAsUnmatchedInCatalogHealthWhenStrategyChangesMidWeek() throws Exception {
        MetaSettingsFixture.save(Map.of("meta.catalog.contentId", "sku"));
        MetaSettingsFixture.awaitSettingsExpiry();
        PixelCall view = PixelCall.only(RunningStore.storefront().get("/gear/french-press").body, "ViewContent");
        assertThat(ids(view.params)).containsExactly("4010");
        OutboxRows.awaitStatus(view.eventId, "SENT");
        StoreClient admin = RunningStore.admin();
        Page login = admin.get("/admin/login");
        admin.submitLikeBrowser(login.one("form"), Map.of("j_username", "admin", "j_password", "admin"));

        Page before = admin.browse("/admin/meta-pixel/catalog");
        assertThat(before.status).isEqualTo(200);
        assertThat(before.text("[data-test=content-id-setting]")).isEqualTo("sku");
        assertThat(before.html.select("[data-test=catalog-match][data-event-name=ViewContent] [data-test=unmatched-id]")
                .eachText()).doesNotContain("4010");

        MetaSettingsFixture.save(Map.of("meta.catalog.contentId", "product"));
        MetaSettingsFixture.awaitSettingsExpiry();
        Page after = admin.browse("/admin/meta-pixel/catalog");
        assertThat(after.text("[data-test=content-id-setting]")).isEqualTo("product");
        assertThat(after.html.select("[data-test=catalog-match][data-event-name=ViewContent] [data-test=unmatched-id]")
                .eachText()).contains("4010");
        assertThat(Integer.parseInt(after.text("[data-test=catalog-match][data-event-name=ViewContent]"
                + " [data-test=match-percent]"))).isLessThan(100);
        MetaSettingsFixture.clear("meta.catalog.contentId");
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static void addHostileImage() throws Exception {
        try (Connection db = RunningStore.database()) {
            try (PreparedStatement q = db.prepareStatement("SELECT COUNT(*) FROM BLC_SKU_MEDIA_MAP WHERE BLC_SKU_SKU_ID = 20001");
                    ResultSet rs = q.executeQuery()) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    return;
                }
            }
            MetaSettingsFixture.execute("INSERT INTO BLC_MEDIA (MEDIA_ID, URL, TITLE, ALT_TEXT) VALUES (20001,"
                    + " '/img/products/kenya-aa.png', 'hostile', 'hostile')");
            MetaSettingsFixture.execute("INSERT INTO BLC_SKU_MEDIA_MAP (BLC_SKU_SKU_ID, MEDIA_ID, MAP_KEY)"
                    + " VALUES (20001, 20001, 'primary')");
        }
    }

    private static HttpResponse<String> fetch(String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(RunningStore.get().siteUrl()).resolve(path))
                .header("User-Agent", "facebookexternalhit/1.1");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static List<String> ids(JsonNode customData) {
        List<String> ids = new ArrayList<>();
        customData.get("content_ids").forEach(n -> ids.add(n.asText()));
        return ids;
    }

    private static Map<String, String> byTitle(List<Map<String, String>> rows, String title) {
        return rows.stream().filter(r -> title.equals(r.get("title"))).findFirst()
                .orElseThrow(() -> new AssertionError("no feed row titled " + title + " in " + rows));
    }

    static List<Map<String, String>> csvRows(String text) {
        return delimitedRows(text, ',');
    }

    /** Meta's CSV/TSV rules: quoted fields may hold delimiters, doubled quotes and line breaks. */
    static List<Map<String, String>> delimitedRows(String text, char delimiter) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == delimiter) {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\n') {
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        assertThat(field.length() == 0 && record.isEmpty()).as("the feed ends with a whole row").isTrue();
        List<String> header = records.get(0);
        List<Map<String, String>> rows = new ArrayList<>();
        for (List<String> r : records.subList(1, records.size())) {
            assertThat(r).as("a row has as many fields as the header").hasSameSizeAs(header);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                row.put(header.get(i), r.get(i));
            }
            rows.add(row);
        }
        return rows;
    }

    static List<Map<String, String>> xmlItems(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        NodeList items = doc.getElementsByTagName("item");
        List<Map<String, String>> out = new ArrayList<>();
        for (int i = 0; i < items.getLength(); i++) {
            Map<String, String> values = new LinkedHashMap<>();
            NodeList children = items.item(i).getChildNodes();
            for (int j = 0; j < children.getLength(); j++) {
                Node n = children.item(j);
                if (n instanceof Element && "http://base.google.com/ns/1.0".equals(n.getNamespaceURI())) {
                    values.put(n.getLocalName(), n.getTextContent());
                }
            }
            out.add(values);
        }
        return out;
    }
}
