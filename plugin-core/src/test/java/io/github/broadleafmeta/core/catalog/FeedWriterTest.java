package io.github.broadleafmeta.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

class FeedWriterTest {

    private static final FeedItem HOSTILE = FeedItem.builder().id("4001").title(FeedEscapingTest.HOSTILE)
            .description(FeedEscapingTest.WITH_SEPARATORS).inStock(true).price(new BigDecimal("12.5"),
                    new BigDecimal("9.99"), "USD").link("https://shop.example/beans/a?x=1&y=2")
            .imageLink("https://shop.example/img/a.png").brand("Brew, \"Beans\"").build();
    private static final FeedItem VARIANT = FeedItem.builder().id("3002_4102").itemGroupId("3002").title("Mug")
            .description(null).inStock(false).price(new BigDecimal("8"), null, "EUR").link("https://shop.example/m")
            .imageLink("https://shop.example/img/m.png").brand("BrewBeans").build();

    @Test
    void shouldWriteHeaderAndRoundTripEveryValueWhenFormatIsCsv() throws Exception {
        List<List<String>> records = records(write(FeedFormat.CSV), ',');

        assertThat(records.get(0)).isEqualTo(FeedItem.FIELDS);
        assertThat(records).hasSize(3);
        Map<String, String> first = row(records, 1);
        assertThat(first.get("title")).isEqualTo(FeedEscapingTest.HOSTILE);
        assertThat(first.get("description")).isEqualTo(FeedEscapingTest.WITH_SEPARATORS);
        assertThat(first.get("price")).isEqualTo("12.50 USD");
        assertThat(first.get("sale_price")).isEqualTo("9.99 USD");
        assertThat(first.get("brand")).isEqualTo("Brew, \"Beans\"");
        assertThat(first.get("availability")).isEqualTo("in stock");
        assertThat(first.get("condition")).isEqualTo("new");
        Map<String, String> second = row(records, 2);
        assertThat(second.get("description")).as("Meta requires one: the title").isEqualTo("Mug");
        assertThat(second.get("availability")).isEqualTo("out of stock");
        assertThat(second.get("item_group_id")).isEqualTo("3002");
        assertThat(second.get("sale_price")).isEmpty();
    }

    @Test
    void shouldRoundTripEveryValueWhenFormatIsTsv() throws Exception {
        List<List<String>> records = records(write(FeedFormat.TSV), '\t');

        assertThat(records).hasSize(3);
        assertThat(row(records, 1).get("title")).isEqualTo(FeedEscapingTest.HOSTILE);
        assertThat(row(records, 1).get("description")).isEqualTo(FeedEscapingTest.WITH_SEPARATORS);
        assertThat(row(records, 2).get("price")).isEqualTo("8.00 EUR");
    }

    @Test
    void shouldWriteRssWithGoogleNamespaceAndRoundTripValuesWhenFormatIsXml() throws Exception {
        String xml = write(FeedFormat.XML);
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));

        assertThat(xml).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        NodeList items = doc.getElementsByTagName("item");
        assertThat(items.getLength()).isEqualTo(2);
        Map<String, String> first = gFields((Element) items.item(0));
        assertThat(first.get("title")).isEqualTo(FeedEscapingTest.HOSTILE);
        assertThat(first.get("link")).isEqualTo("https://shop.example/beans/a?x=1&y=2");
        assertThat(first.get("brand")).isEqualTo("Brew, \"Beans\"");
        assertThat(first.keySet()).containsAll(FeedItem.REQUIRED_FIELDS);
        assertThat(gFields((Element) items.item(1))).containsEntry("item_group_id", "3002")
                .doesNotContainKey("sale_price");
    }

    @Test
    void shouldWriteTwoDecimalPlacesWhenAmountCarriesDatabaseZeros() {
        FeedItem item = FeedItem.builder().id("1").title("t").price(new BigDecimal("18.90000"), new BigDecimal("12.345"),
                "USD").link("https://x/1").imageLink("https://x/1.png").brand("b").build();
        assertThat(item.value("price")).isEqualTo("18.90 USD");
        assertThat(item.value("sale_price")).isEqualTo("12.345 USD");
    }

    @Test
    void shouldDropSalePriceWhenItIsNotBelowPrice() {
        FeedItem item = FeedItem.builder().id("1").title("t").price(new BigDecimal("5"), new BigDecimal("5"), "USD")
                .link("https://x/1").imageLink("https://x/1.png").brand("b").build();
        assertThat(item.value("sale_price")).isNull();
    }

    private static String write(FeedFormat format) throws Exception {
        StringWriter out = new StringWriter();
        long rows = new FeedWriter(format, "BrewBeans & Co", "https://shop.example")
                .write(Arrays.asList(HOSTILE, VARIANT).iterator(), out);
        assertThat(rows).isEqualTo(2);
        return out.toString();
    }

    private static Map<String, String> gFields(Element item) {
        Map<String, String> values = new LinkedHashMap<>();
        NodeList children = item.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            Node n = children.item(i);
            if (n instanceof Element) {
                assertThat(n.getNamespaceURI()).isEqualTo(FeedWriter.G_NAMESPACE);
                values.put(n.getLocalName(), n.getTextContent());
            }
        }
        return values;
    }

    private static Map<String, String> row(List<List<String>> records, int index) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < records.get(0).size(); i++) {
            m.put(records.get(0).get(i), records.get(index).get(i));
        }
        return m;
    }

    /** Whole records: a quoted field may span lines. */
    static List<List<String>> records(String text, char delimiter) {
        List<List<String>> records = new ArrayList<>();
        StringBuilder record = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == '\n' && !quoted) {
                records.add(FeedEscapingTest.parseDelimited(record.toString(), delimiter));
                record.setLength(0);
            } else {
                record.append(c);
            }
        }
        assertThat(record.toString()).as("the feed ends with a line break").isEmpty();
        return records;
    }
}
