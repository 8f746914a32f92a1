package io.github.broadleafmeta.core.catalog;

/**
 * Text for an XML element of the RSS feed: {@code & < > " '} become entities, so markup in a product name stays text.
 * Characters XML 1.0 cannot carry at all (control characters other than tab, CR and LF, unpaired surrogates,
 * U+FFFE/U+FFFF) become U+FFFD: the one change a value can undergo, and only in the XML format.
 */
public final class XmlEscaper {

    static final char REPLACEMENT = '\uFFFD';

    private XmlEscaper() {
    }

    public static String text(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&': sb.append("&amp;"); break;
                case '<': sb.append("&lt;"); break;
                case '>': sb.append("&gt;"); break;
                case '"': sb.append("&quot;"); break;
                case '\'': sb.append("&apos;"); break;
                default:
                    if (Character.isHighSurrogate(c) && i + 1 < value.length()
                            && Character.isLowSurrogate(value.charAt(i + 1))) {
                        sb.append(c).append(value.charAt(++i));
                    } else if (allowed(c)) {
                        sb.append(c);
                    } else {
                        sb.append(REPLACEMENT);
                    }
            }
        }
        return sb.toString();
    }

    private static boolean allowed(char c) {
        return c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
    }
}
