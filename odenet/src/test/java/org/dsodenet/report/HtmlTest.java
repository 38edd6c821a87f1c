package org.dsodenet.report;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class HtmlTest {
    @Test
    void markupCharactersBecomeEntities() {
        assertEquals("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp;amp; &quot;q&quot;",
                Html.escape("<script>alert('x')</script> &amp; \"q\""));
    }

    @Test
    void charactersXmlForbidsAreReplaced() {
        assertEquals("a\uFFFDb\tc\nd\uFFFD\uFFFD", Html.escape("a\u0000b\tc\nd\uD800\uFFFE"));
        // A proper surrogate pair (an emoji) is kept whole.
        assertEquals("\uD83D\uDE00", Html.escape("\uD83D\uDE00"));
    }

    @Test
    void printableTextSurvivesARoundTripThroughAnXmlParser() {
        qt().forAll(strings().basicLatinAlphabet().ofLengthBetween(0, 40)).checkAssert(s -> {
            Document d = Xml.parse("<p a=\"" + Html.escape(s) + "\" b='" + Html.escape(s) + "'>" + Html.escape(s)
                    + "</p>");
            assertEquals(s, d.getDocumentElement().getTextContent());
            assertEquals(s, d.getDocumentElement().getAttribute("a"));
            assertEquals(s, d.getDocumentElement().getAttribute("b"));
        });
    }

    /** The XML 1.0 Char production, straight from the specification. */
    private static boolean xmlChar(int cp) {
        return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD)
                || (cp >= 0x10000 && cp <= 0x10FFFF);
    }

    @Test
    void anyTextGivesWellFormedXmlWithEachForbiddenCharacterReplaced() {
        qt().withExamples(scaled(300)).forAll(strings().allPossible().ofLengthBetween(0, 40)).checkAssert(s -> {
            String e = Html.escape(s);
            assertFalse(e.contains("<") || e.contains(">") || e.contains("\"") || e.contains("'"), e);
            StringBuilder expected = new StringBuilder();
            s.codePoints().forEach(cp -> expected.appendCodePoint(xmlChar(cp) ? cp : 0xFFFD));
            // XML parsers turn CR LF and lone CR into LF in text content.
            String want = expected.toString().replace("\r\n", "\n").replace('\r', '\n');
            Document d = Xml.parse("<p>" + e + "</p>");
            assertEquals(want, d.getDocumentElement().getTextContent());
        });
    }
}
