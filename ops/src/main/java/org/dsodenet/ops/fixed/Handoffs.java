package org.dsodenet.ops.fixed;

import java.util.List;
import org.dsodenet.ops.fixed.kernel.ConvKernel;
import org.dsodenet.ops.fixed.kernel.LayerKernel;
import org.dsodenet.ops.fixed.kernel.RawPlane;

/**
 * Per kernel of a sequence, the plane it reads its input from and writes its output to: a real plane between two
 * consecutive layers on taps of the same real type (see {@link RawPlane}), longs everywhere else, so the sequence's
 * first input and last output stay longs.
 */
record Handoffs(RawPlane[] in, RawPlane[] out) {

    /** The plan of a sequence of kernels (null entries stand for stages that are not single kernels). */
    static Handoffs of(List<LayerKernel> kernels) {
        int n = kernels.size();
        RawPlane[] in = new RawPlane[n];
        RawPlane[] out = new RawPlane[n];
        java.util.Arrays.fill(in, RawPlane.LONGS);
        java.util.Arrays.fill(out, RawPlane.LONGS);
        for (int i = 0; i + 1 < n; i++) {
            if (kernels.get(i) instanceof ConvKernel a && kernels.get(i + 1) instanceof ConvKernel b) {
                RawPlane p = a.outPlane();
                if (p != RawPlane.LONGS && p == b.inPlane()) {
                    out[i] = p;
                    in[i + 1] = p;
                }
            }
        }
        return new Handoffs(in, out);
    }

    /** How many handoffs pass the given plane. */
    int count(RawPlane plane) {
        int n = 0;
        for (RawPlane p : out) {
            n += p == plane ? 1 : 0;
        }
        return n;
    }

    /** Whether kernel i runs on longs at both ends. */
    boolean longs(int i) {
        return in[i] == RawPlane.LONGS && out[i] == RawPlane.LONGS;
    }
}
