package org.dsodenet.ops.norm;

import org.dsodenet.ops.conv.Conv2d;
import org.dsodenet.ops.conv.DepthwiseConv2d;
import org.dsodenet.ops.conv.PointwiseConv2d;

/**
 * Folds an inference-mode batch norm into the convolution before it: with {@code s = gamma / sqrt(var + eps)},
 * {@code w'[oc] = w[oc] * s[oc]} and {@code b' = (b - mean) * s + beta} (b = 0 without bias). The folded layer
 * always has a bias. Arithmetic is in double, rounded once to float. The inputs are not modified.
 */
public final class BatchNormFolding {
    private BatchNormFolding() {}

    public static Conv2d fold(Conv2d conv, BatchNorm2d bn) {
        check(conv.name(), conv.cOut(), bn);
        float[][] wb = fold(conv.weight().value(), conv.bias() == null ? null : conv.bias().value(), conv.cOut(), bn);
        return new Conv2d(conv.name(), conv.cIn(), conv.cOut(), conv.window(), wb[0], wb[1]);
    }

    public static DepthwiseConv2d fold(DepthwiseConv2d conv, BatchNorm2d bn) {
        check(conv.name(), conv.channels(), bn);
        float[][] wb = fold(conv.weight().value(), conv.bias() == null ? null : conv.bias().value(),
                conv.channels(), bn);
        return new DepthwiseConv2d(conv.name(), conv.channels(), conv.window(), wb[0], wb[1]);
    }

    public static PointwiseConv2d fold(PointwiseConv2d conv, BatchNorm2d bn) {
        check(conv.name(), conv.cOut(), bn);
        float[][] wb = fold(conv.weight().value(), conv.bias() == null ? null : conv.bias().value(), conv.cOut(), bn);
        return new PointwiseConv2d(conv.name(), conv.cIn(), conv.cOut(), wb[0], wb[1]);
    }

    private static void check(String conv, int outChannels, BatchNorm2d bn) {
        if (bn.channels() != outChannels) {
            throw new IllegalArgumentException("cannot fold " + bn.name() + " (" + bn.channels() + " channels) into "
                    + conv + " (" + outChannels + " output channels)");
        }
    }

    /** Weights laid out with the output channel outermost, {@code w.length / outChannels} values each. */
    private static float[][] fold(float[] w, float[] b, int outChannels, BatchNorm2d bn) {
        double[] scale = bn.inferenceScale();
        double[] shift = bn.inferenceShift();
        int per = w.length / outChannels;
        float[] fw = new float[w.length];
        float[] fb = new float[outChannels];
        for (int oc = 0; oc < outChannels; oc++) {
            for (int i = oc * per; i < (oc + 1) * per; i++) {
                fw[i] = (float) (w[i] * scale[oc]);
            }
            double bias = b == null ? 0 : b[oc];
            fb[oc] = (float) (bias * scale[oc] + shift[oc]);
        }
        return new float[][] {fw, fb};
    }
}
