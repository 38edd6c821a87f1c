package org.dsodenet.ops.conv;

import org.dsodenet.ops.parallel.Parallel;
import org.dsodenet.ops.parallel.Workspace;

/**
 * Stride-1 depthwise convolution on {@link FrameRows}: one work item per (sample group, channel), which builds the
 * frame rows it needs as it goes (a ring of the last k rows, each with its k horizontal shifts, small enough to
 * stay in L1) and computes one output row at a time, three taps per pass.
 *
 * <p>Every output element is bias, then taps in ascending order, exactly as in {@link DepthwiseKernel#forward}, so
 * the two give identical floats; this one copies k shifted rows per input row instead of {@code k·k - 1} shifted
 * frames per channel.
 */
final class DepthwiseRowKernel {
    private DepthwiseRowKernel() {}

    static void forward(FrameRows in, float[] x, float[] wt, float[] bias, float[] y) {
        final int c = in.channels;
        final int k = in.k;
        final int kk = k * k;
        Parallel.forEach(in.groups * c, item -> {
            int g = item / c;
            int ch = item % c;
            int len = in.columns(g);
            // ring[(r % k) * k + kx] is frame row r shifted left by kx
            float[][] ring = Workspace.rows(0, kk, in.rowLength());
            float[] out = Workspace.rows(1, 1, in.rowLength())[0];
            float b = bias == null ? 0f : bias[ch];
            int built = 0;
            for (int oy = 0; oy < in.oh; oy++) {
                for (; built < oy + k; built++) {
                    int base = (built % k) * k;
                    float[] row = ring[base];
                    in.frameRow(x, g, ch, built, row);
                    for (int kx = 1; kx < k; kx++) {
                        System.arraycopy(row, kx, ring[base + kx], 0, len);
                    }
                }
                Rows.fill(out, len, b);
                for (int ky = 0; ky < k; ky++) {
                    int base = ((oy + ky) % k) * k;
                    for (int kx0 = 0; kx0 < k; kx0 += 3) {
                        Rows.taps(Math.min(3, k - kx0), ring, base + kx0, wt, ch * kk + ky * k + kx0, out, len);
                    }
                }
                in.scatterRow(out, g, ch, oy, y);
            }
        });
    }
}
