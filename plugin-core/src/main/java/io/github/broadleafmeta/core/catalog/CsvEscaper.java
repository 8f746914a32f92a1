package io.github.broadleafmeta.core.catalog;

/**
 * One CSV field as Meta's feed reference asks (RFC 4180 style): a value with a comma, quote, whitespace or line
 * break is enclosed in double quotes, and a double quote inside is doubled. Everything else is written as is, so
 * every character round-trips.
 */
public final class CsvEscaper {

    private CsvEscaper() {
    }

    public static String field(String value) {
        return quoted(value, ',');
    }

    static String quoted(String value, char delimiter) {
        if (value == null) {
            return "";
        }
        boolean quote = false;
        for (int i = 0; i < value.length() && !quote; i++) {
            char c = value.charAt(i);
            quote = c == delimiter || c == '"' || Character.isWhitespace(c) || Character.isSpaceChar(c);
        }
        if (!quote) {
            return value;
        }
        StringBuilder sb = new StringBuilder(value.length() + 8).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                sb.append('"');
            }
            sb.append(c);
        }
        return sb.append('"').toString();
    }
}
