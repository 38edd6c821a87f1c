package org.dsodenet.ops.fixed.kernel;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The valid tap range against the definition: the outputs whose tap reads a real input, found one by one. */
class ConvGeometryTest {

    @Test
    void tapRangeIsExactlyTheOutputsThatReadInsideTheInput() {
        qt().withExamples(scaled(2000)).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom r = new SplittableRandom(seed);
            int k = 1 + r.nextInt(7);
            int stride = 1 + r.nextInt(3);
            int pad = r.nextInt(k + 1);
            int h = Math.max(1, k - 2 * pad) + r.nextInt(9);
            int w = Math.max(1, k - 2 * pad) + r.nextInt(9);
            ConvGeometry g = ConvGeometry.of(1 + r.nextInt(3), h, w, k, stride, pad);
            assertEquals(outputs(h, k, stride, pad), g.ho());
            assertEquals(outputs(w, k, stride, pad), g.wo());
            for (int ky = 0; ky < k; ky++) {
                for (int kx = 0; kx < k; kx++) {
                    int[] rows = inside(ky, h, g.ho(), stride, pad);
                    int[] cols = inside(kx, w, g.wo(), stride, pad);
                    if (rows[2] > 0) {
                        assertEquals(rows[0], g.firstOut(ky), "first row of " + g + " ky=" + ky);
                        assertEquals(rows[1], g.lastRow(ky), "last row of " + g + " ky=" + ky);
                    } else {
                        assertEquals(true, g.lastRow(ky) < g.firstOut(ky), "empty rows of " + g + " ky=" + ky);
                    }
                    if (cols[2] > 0) {
                        assertEquals(cols[0], g.firstOut(kx), "first col of " + g + " kx=" + kx);
                        assertEquals(cols[1], g.lastCol(kx), "last col of " + g + " kx=" + kx);
                    } else {
                        assertEquals(true, g.lastCol(kx) < g.firstOut(kx), "empty cols of " + g + " kx=" + kx);
                    }
                    assertEquals((long) rows[2] * cols[2], g.reach(ky, kx), "reach of " + g);
                }
            }
        });
    }

    /** The output size by counting the window positions that fit the padded input. */
    private static int outputs(int size, int k, int stride, int pad) {
        int n = 0;
        for (int o = 0; o * stride + k <= size + 2 * pad; o++) {
            n++;
        }
        return n;
    }

    /** {first, last, count} of the outputs whose tap at kk reads index o·stride + kk - pad inside [0, size). */
    private static int[] inside(int kk, int size, int outSize, int stride, int pad) {
        int first = -1;
        int last = -1;
        int count = 0;
        for (int o = 0; o < outSize; o++) {
            int i = o * stride + kk - pad;
            if (i >= 0 && i < size) {
                first = first < 0 ? o : first;
                last = o;
                count++;
            }
        }
        return new int[] {first, last, count};
    }
}
