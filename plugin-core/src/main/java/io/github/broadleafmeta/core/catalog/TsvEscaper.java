package io.github.broadleafmeta.core.catalog;

/**
 * One TSV field. Meta's reference points TSV at the CSV rules: a value with a tab, quote, whitespace or line break is
 * enclosed in double quotes with inner quotes doubled, so tabs and newlines inside a name do not split the row.
 */
public final class TsvEscaper {

    private TsvEscaper() {
    }

    public static String field(String value) {
        return CsvEscaper.quoted(value, '\t');
    }
}
