package org.dsodenet.ops.fixed;

import java.util.Arrays;
import java.util.List;
import org.dsodenet.ops.fixed.kernel.ConvKernel;
import org.dsodenet.ops.fixed.kernel.LayerKernel;
import org.dsodenet.ops.fixed.kernel.RawPlane;

/**
 * Per step of a sequence (kernels, or ODE blocks at the top level), the plane it reads its input from and writes its
 * output to: a real plane (see {@link RawPlane}) wherever the step before can hand it on and the step after can take
 * it, longs everywhere else. The sequence's first input is offered on {@code first} and its last output taken on
 * {@code last}.
 */
record Handoffs(RawPlane[] in, RawPlane[] out) {

    /** What a step of a sequence can take and hand on. */
    interface Link {
        /** Whether the step can read its input on p. */
        boolean takes(RawPlane p);

        /** The real plane the step can hand its output on in when its input comes on {@code in}, else longs. */
        RawPlane gives(RawPlane in);
    }

    /** A kernel as a link: convolutions by their taps, element-wise layers on any plane they are exact on. */
    static Link of(LayerKernel k) {
        if (k instanceof ConvKernel c) {
            return new Link() {
                @Override
                public boolean takes(RawPlane p) {
                    return p == RawPlane.LONGS || p == c.inPlane();
                }

                @Override
                public RawPlane gives(RawPlane in) {
                    return c.outPlane();
                }
            };
        }
        return new Link() {
            @Override
            public boolean takes(RawPlane p) {
                return k.exactOn(p);
            }

            @Override
            public RawPlane gives(RawPlane in) {
                return in;
            }
        };
    }

    /** A step that holds its values on one plane z (an ODE block's state): takes longs or z, hands on z. */
    static Link holding(RawPlane z) {
        return new Link() {
            @Override
            public boolean takes(RawPlane p) {
                return p == RawPlane.LONGS || p == z;
            }

            @Override
            public RawPlane gives(RawPlane in) {
                return z;
            }
        };
    }

    /** The plan of a sequence whose first input comes on {@code first} and whose last output goes on {@code last}. */
    static Handoffs plan(List<Link> links, RawPlane first, RawPlane last) {
        int n = links.size();
        RawPlane[] in = new RawPlane[n];
        RawPlane[] out = new RawPlane[n];
        Arrays.fill(in, RawPlane.LONGS);
        Arrays.fill(out, RawPlane.LONGS);
        if (n > 0 && links.get(0).takes(first)) {
            in[0] = first;
        }
        for (int i = 0; i < n; i++) {
            RawPlane g = links.get(i).gives(in[i]);
            boolean taken = i + 1 < n ? links.get(i + 1).takes(g) : g == last;
            if (g != RawPlane.LONGS && taken) {
                out[i] = g;
                if (i + 1 < n) {
                    in[i + 1] = g;
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
}
