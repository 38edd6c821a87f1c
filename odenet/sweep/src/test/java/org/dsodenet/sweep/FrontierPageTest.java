package org.dsodenet.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class FrontierPageTest {
    private static CellRow row(String id, String method, double src, double tgt, int dsp) {
        return new CellRow(id, "dsodenet", "4,8,16", "2", "", "fx8", "", method, 1, "mnist", "uci-digits", src, tgt, src,
                tgt, 3022, "xczu7ev-ffvc1156-2-e", dsp, 40, 0, 1000, 5.0, 0, 0, 100, 1.0, "./dsodenet train");
    }

    /** The "Pareto on" cell of the table row of {@code id}. */
    private static String paretoOn(String html, String id) {
        Matcher m = Pattern.compile("<tr><td class=\"l\">" + id + "</td>.*?<td class=\"l pareto\">([^<]*)</td>")
                .matcher(html);
        assertTrue(m.find(), id);
        return m.group(1);
    }

    @Test
    void withoutAdaptationTheFrontierIsOnSourceAccuracy() {
        // a: accurate on the source, b: cheapest in DSPs, c: best on the target but beaten on the source by a and b.
        // All three need the same BRAM and latency, so on those axes only the most accurate is on the frontier.
        String html = FrontierPage.html("t", List.of(row("a", "none", 0.9, 0.1, 10), row("b", "none", 0.8, 0.5, 5),
                row("c", "none", 0.7, 0.9, 20)), List.of());
        assertTrue(html.contains("bit-exact fixed point on the source's test split"));
        assertEquals("DSP, BRAM18, latency", paretoOn(html, "a"));
        assertEquals("DSP", paretoOn(html, "b"));
        assertEquals("", paretoOn(html, "c"));
    }

    @Test
    void onceACellAdaptsTheFrontierIsOnTargetAccuracy() {
        String html = FrontierPage.html("t", List.of(row("a", "none", 0.9, 0.1, 10), row("b", "none", 0.8, 0.5, 5),
                row("c", "mmd", 0.7, 0.9, 20)), List.of("d: quantize: no layer matches"));
        assertTrue(html.contains("bit-exact fixed point on the target's test split"));
        assertEquals("", paretoOn(html, "a"));
        assertEquals("DSP", paretoOn(html, "b"));
        assertEquals("DSP, BRAM18, latency", paretoOn(html, "c"));
        assertTrue(html.contains("<li><code>d: quantize: no layer matches</code></li>"));
    }
}
