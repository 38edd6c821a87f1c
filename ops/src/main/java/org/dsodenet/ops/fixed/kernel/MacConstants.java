package org.dsodenet.ops.fixed.kernel;

import java.math.BigInteger;

/**
 * A multiply-accumulate kernel's constants in the one representation its path uses: weights aligned to the sum's
 * LSB and the bias already in the accumulator type (null without bias).
 */
sealed interface MacConstants permits MacConstants.Fast, MacConstants.Wide {
    /**
     * Long path, with the planned output conversion and, per output channel, whether it can skip the per-step
     * overflow checks and whether it can do so on ints ({@code narrowWeights} holds those channels' aligned weights;
     * null when no channel can), and which of the others can on doubles ({@code doubleWeights} holds those channels'
     * unaligned weights; null when none can). {@code values} is the output conversion of the count-free forward.
     */
    record Fast(long[] weights, long[] bias, Conversion out, PlaneConversion values, boolean[] exactChannel,
                boolean[] narrowChannel, int[] narrowWeights, boolean[] doubleChannel, double[] doubleWeights)
            implements MacConstants {}

    record Wide(BigInteger[] weights, BigInteger[] bias) implements MacConstants {}
}
