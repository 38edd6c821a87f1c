package org.dsodenet.fixedpoint.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ExamplesTest {
    @Test
    void countsStayAsWrittenWithoutAFactorAndAreMultipliedWithOne() {
        assertEquals(60, Examples.scaled(60, null));
        assertEquals(240, Examples.scaled(60, "4"));
        assertEquals(60, Examples.scaled(60, " 1 "));
    }

    @Test
    void aFactorThatIsNotAPositiveIntegerIsRefusedByName() {
        for (String bad : new String[] {"0", "-2", "four", "", "2.5"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Examples.scaled(60, bad));
            assertEquals("dsodenet.examples.factor must be a positive integer, not '" + bad + "'", e.getMessage());
        }
    }

    @Test
    void aProductBeyondIntIsRefusedInsteadOfWrapping() {
        assertThrows(ArithmeticException.class, () -> Examples.scaled(1 << 30, "4"));
    }
}
