package org.dsodenet.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShellQuoteTest {
    @Test
    void plainWordsStayAsTheyAreOthersAreSingleQuoted() {
        assertEquals("--precision", ShellQuote.quote("--precision"));
        assertEquals("'pre.*=16,16,16'", ShellQuote.quote("pre.*=16,16,16"));
        assertEquals("'it'\\''s'", ShellQuote.quote("it's"));
        assertEquals("''", ShellQuote.quote(""));
    }

    @Test
    void splittingQuotedWordsGivesTheWordsBack() {
        qt().forAll(lists().of(strings().betweenCodePoints(32, 126).ofLengthBetween(0, 8)).ofSizeBetween(0, 6))
                .checkAssert(words -> assertEquals(words,
                        ShellQuote.split(String.join(" ", words.stream().map(ShellQuote::quote).toList()))));
    }

    @Test
    void aRealCommandLine() {
        assertEquals(List.of("./dsodenet", "quantize", "--layer-precision", "fc=fx16", "--out", "a b"),
                ShellQuote.split("./dsodenet quantize --layer-precision fc=fx16 --out 'a b'"));
    }
}
