package org.dsodenet.ops.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The row lengths that make a float array (16-byte header) a multiple of 64 bytes, and slots that grow. */
class AlignedRowsTest {
    @Test
    void lengthIsTheSmallestWholeNumberOfCacheLinesAtLeastAsLong() {
        for (int len = 0; len <= 5000; len++) {
            int l = AlignedRows.length(len);
            assertTrue(l >= len && l < len + 16, "length " + len + " -> " + l);
            assertEquals(0, (16 + 4 * l) % 64, "length " + len + " -> " + l);
        }
    }

    @Test
    void slotsGrowAndKeepTheirRowsOtherwise() {
        float[][] a = AlignedRows.rows(0, 3, 100);
        assertTrue(a.length >= 3 && a[0].length >= 100);
        assertSame(a, AlignedRows.rows(0, 2, 50));
        float[][] b = AlignedRows.rows(0, a.length + 1, a[0].length + 1);
        assertTrue(b.length == a.length + 1 && b[0].length >= a[0].length + 1);
        for (float[] row : b) {
            assertEquals(b[0].length, row.length);
            assertEquals(0, (16 + 4 * row.length) % 64);
        }
    }
}
