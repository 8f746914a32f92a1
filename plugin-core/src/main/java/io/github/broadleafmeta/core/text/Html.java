package io.github.broadleafmeta.core.text;

/** Escaping for text the plugin writes into HTML or XML itself (outside a template engine). */
public final class Html {

    private Html() {
    }

    /** Escapes {@code & < > " '}: safe as element text and inside a single- or double-quoted attribute. */
    public static String escape(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            String replacement;
            switch (s.charAt(i)) {
                case '&':
                    replacement = "&amp;";
                    break;
                case '<':
                    replacement = "&lt;";
                    break;
                case '>':
                    replacement = "&gt;";
                    break;
                case '"':
                    replacement = "&quot;";
                    break;
                case '\'':
                    replacement = "&#39;";
                    break;
                default:
                    replacement = null;
            }
            if (replacement != null) {
                if (sb == null) {
                    sb = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                sb.append(replacement);
            } else if (sb != null) {
                sb.append(s.charAt(i));
            }
        }
        return sb == null ? s : sb.toString();
    }
}
