package org.dsodenet.ops.fixed.kernel;

import java.math.BigInteger;

/** A batch norm kernel's per-channel scale and shift, aligned to the sum's LSB, in its path's representation. */
sealed interface NormConstants permits NormConstants.Fast, NormConstants.Wide {
    /**
     * Long path, with the planned conversion of {@code x·scale + shift} to the output type, counting ({@code out}) and
     * count-free ({@code values}).
     */
    record Fast(long[] scale, long[] shift, Conversion out, PlaneConversion values) implements NormConstants {}

    record Wide(BigInteger[] scale, BigInteger[] shift) implements NormConstants {}
}
