package org.dsodenet.ops.fixed.kernel;

import java.util.Arrays;
import org.dsodenet.ops.conv.ChannelFinish;
import org.dsodenet.ops.conv.FloatConvBatch;

/**
 * A multiply-accumulate layer whose every output channel the count-free forward runs on float taps, run for a batch
 * of samples through the float layer kernels ({@link FloatConvBatch}) on NCHW planes of raws held as floats.
 *
 * <p>Planning proved every input raw, weight, product and partial sum of {@code Σ x·w} an integer within 2^24 (see
 * {@link FloatTaps}): floats hold all of them exactly, so the float kernels' order of additions, fused or not,
 * gives the very sums the tap kernels give, and the output conversion on those sums is the tap path's own.
 */
public final class FloatBatchConv {
    private final ConvKernel conv;
    private final ConvGeometry g;
    private final float[] weights;
    private final long[] bias;
    private final int shift;
    private final PlaneConversion values;
    private final SumRounding rounding;
    /** The float bias term of each channel ({@link PlaneConversion#floatBias}). */
    private final float[] floatBias;
    /** Converts one channel's sums in the float kernel's row ({@link #rawsOnFloats}); made once, not per call. */
    private final ChannelFinish convert;

    private FloatBatchConv(ConvKernel conv) {
        this.conv = conv;
        this.g = conv.geometry();
        this.weights = conv.realChannels().floatWeights();
        this.bias = conv.fastConstants().bias();
        this.shift = conv.termShift();
        this.values = conv.fastConstants().values();
        this.rounding = conv.sumRounding();
        this.floatBias = new float[conv.channels()];
        for (int oc = 0; oc < floatBias.length; oc++) {
            floatBias[oc] = values.floatBias(bias == null ? 0L : bias[oc]);
        }
        this.convert = values.onFloats() ? values.finish(floatBias, shift) : null;
    }

    /**
     * The first n float bias terms in the group's NCHW order (each output value's channel's) into b. A QAT step
     * builds a new forward, so every step fills them again: with one fill per channel and doubling copies, not value
     * by value.
     */
    void fillBiases(float[] b, int n) {
        int plane = g.ho() * g.wo();
        int sample = plane * conv.channels();
        for (int oc = 0; oc * plane < Math.min(n, sample); oc++) {
            int to = Math.min(n, (oc + 1) * plane);
            Arrays.fill(b, oc * plane, to, values.floatBias(bias == null ? 0L : bias[oc]));
        }
        for (int done = sample; done < n; done *= 2) {
            System.arraycopy(b, 0, b, done, Math.min(done, n - done));
        }
    }

    /** The batch form of a layer, or null when not every channel is on float taps or no float kernel fits it. */
    public static FloatBatchConv of(ConvKernel conv) {
        if (!conv.fast() || conv.inPlane() != RawPlane.FLOATS) {
            return null;
        }
        ConvGeometry g = conv.geometry();
        return FloatConvBatch.supports(conv.isDepthwise(), g.k(), g.stride(), g.pad()) ? new FloatBatchConv(conv)
                : null;
    }

    public ConvKernel kernel() {
        return conv;
    }

    /** Whether the outputs stay on floats as raws ({@link ConvKernel#outPlane()}), else they go to longs. */
    public boolean handsOnFloats() {
        return conv.outPlane() == RawPlane.FLOATS;
    }

    /** The float kernels' geometry for a batch of the given size (the caller keeps it for reuse). */
    public FloatConvBatch geometry(int batch) {
        return new FloatConvBatch(conv.isDepthwise(), batch, g.cin(), g.h(), g.w(), g.k(), g.stride(), g.pad(),
                conv.channels());
    }

    /** The exact sums of a batch's samples from their input raws x (NCHW floats) into y, for its {@link #geometry}. */
    public void sums(FloatConvBatch batch, float[] x, float[] y) {
        batch.forward(x, weights, y);
    }

    /**
     * The output raws of {@code images} samples from their input raws x (NCHW floats) into y, only when
     * {@link #handsOnFloats()}: {@link #sums} then {@link #outputs}, the same floats. Depthwise layers convert each
     * channel's sums in the float kernel's own row before it writes them out ({@link ChannelFinish}), which saves the
     * second pass over the whole output and its bias planes; under AP_RND_CONV within 2^22 the conversion runs in the
     * loop of the last taps, saving a store and a load per value. Its arithmetic stays (about a seventh of the layer
     * at 64@7×7, with gap rows converted and dropped), so the fused finish alone measured only about 1 % faster.
     */
    public void rawsOnFloats(FloatConvBatch batch, float[] x, float[] y, int images, Scratch scratch) {
        if (!handsOnFloats()) {
            throw new IllegalStateException("the outputs of this layer leave floats");
        }
        if (batch.finishes() && convert != null) {
            batch.forward(x, weights, y, convert);
        } else {
            batch.forward(x, weights, y);
            outputs(y, images, null, scratch);
        }
    }

    /**
     * The output raws of {@code images} samples from their sums in y, in place when {@link #handsOnFloats()}, else
     * into {@code ys[i]} (then y is left as working space). The same conversions as the tap path's: in place, one
     * pass over the whole group with each value's channel bias from the thread's bias planes (see
     * {@link #fillBiases}); else plane by plane.
     */
    public void outputs(float[] y, int images, long[][] ys, Scratch scratch) {
        int plane = g.ho() * g.wo();
        int cout = conv.channels();
        if (handsOnFloats()) {
            int n = images * cout * plane;
            values.rawsInPlace(y, scratch.biasPlanes().of(this, n), n, shift);
            return;
        }
        for (int i = 0; i < images; i++) {
            for (int oc = 0; oc < cout; oc++) {
                int s0 = (i * cout + oc) * plane;
                long b0 = bias == null ? 0L : bias[oc];
                float[] sums = scratch.floatAcc(plane);
                System.arraycopy(y, s0, sums, 0, plane);
                if (rounding != null && rounding.has(oc) && !values.onFloats()) {
                    rounding.apply(sums, plane, oc, g.wo(), g.ho(), g.wo(), ys[i], oc * plane);
                } else {
                    values.fromSums(sums, plane, b0, shift, ys[i], oc * plane);
                }
            }
        }
    }
}
