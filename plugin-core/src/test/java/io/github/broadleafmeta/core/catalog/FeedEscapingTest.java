package io.github.broadleafmeta.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One escaping class per format, fed hostile product names; each parsed back the way a feed reader would. */
class FeedEscapingTest {

    static final String HOSTILE = "Hostile </script><script>alert(1)</script> Roast \u2028 \"quoted\" & <b>bold</b>";
    static final String WITH_SEPARATORS = "Beans, \"Dark\"\tRoast\nline two\r\nend";

    @Test
    void shouldQuoteAndDoubleQuotesWhenCsvValueHasCommaQuoteOrNewline() {
        assertThat(CsvEscaper.field("Kenya AA")).isEqualTo("\"Kenya AA\"");
        assertThat(CsvEscaper.field("plain")).isEqualTo("plain");
        assertThat(CsvEscaper.field("a,b")).isEqualTo("\"a,b\"");
        assertThat(CsvEscaper.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(CsvEscaper.field(null)).isEmpty();
    }

    @Test
    void shouldRoundTripHostileNamesWhenCsvIsParsedBack() {
        for (String v : new String[] {HOSTILE, WITH_SEPARATORS, "", "=cmd()", "\u00e9t\u00e9 \ud83d\ude00"}) {
            String line = CsvEscaper.field(v) + "," + CsvEscaper.field("next");
            assertThat(parseDelimited(line, ',')).containsExactly(v, "next");
        }
    }

    @Test
    void shouldKeepTabsAndNewlinesInsideOneFieldWhenTsvValueHasThem() {
        String line = TsvEscaper.field(WITH_SEPARATORS) + "\t" + TsvEscaper.field(HOSTILE);
        assertThat(parseDelimited(line, '\t')).containsExactly(WITH_SEPARATORS, HOSTILE);
        assertThat(TsvEscaper.field("a,b")).isEqualTo("a,b");
    }

    @Test
    void shouldTurnMarkupIntoEntitiesWhenXmlTextHasIt() {
        assertThat(XmlEscaper.text("<b>&'\"")).isEqualTo("&lt;b&gt;&amp;&apos;&quot;");
        assertThat(XmlEscaper.text(HOSTILE)).doesNotContain("<").doesNotContain(">");
    }

    @Test
    void shouldReplaceOnlyCharactersXmlCannotCarryWhenTextHasControlCharacters() {
        assertThat(XmlEscaper.text("a\u0001b\tc\u2028\ud83d\ude00\ud800")).isEqualTo("a\uFFFDb\tc\u2028\ud83d\ude00\uFFFD");
    }

    /** RFC 4180 reader: quoted fields may hold delimiters, quotes (doubled) and line breaks. */
    static List<String> parseDelimited(String text, char delimiter) {
        List<String> fields = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    f.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    f.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == delimiter) {
                fields.add(f.toString());
                f.setLength(0);
            } else {
                f.append(c);
            }
        }
        fields.add(f.toString());
        return fields;
    }
}
