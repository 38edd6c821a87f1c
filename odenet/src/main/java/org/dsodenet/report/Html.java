package org.dsodenet.report;

/**
 * Escaping for text and attribute values. The report is written as XHTML-compatible HTML, so the output must also be
 * well-formed XML: besides the five markup characters, characters XML forbids (control characters, lone surrogates,
 * U+FFFE/U+FFFF) are replaced by U+FFFD rather than passed through.
 */
public final class Html {
    private Html() {}

    /** The text, safe inside an element or a double- or single-quoted attribute value. */
    public static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        appendEscaped(b, s);
        return b.toString();
    }

    static void appendEscaped(StringBuilder b, String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                        b.append(c).append(s.charAt(++i));
                    } else if (xmlChar(c)) {
                        b.append(c);
                    } else {
                        b.append('\uFFFD');
                    }
                }
            }
        }
    }

    /** XML 1.0 Char production for a single UTF-16 unit (surrogate pairs are handled by the caller). */
    private static boolean xmlChar(char c) {
        if (c < 0x20) {
            return c == '\t' || c == '\n' || c == '\r';
        }
        return !Character.isSurrogate(c) && c != '\uFFFE' && c != '\uFFFF';
    }
}
