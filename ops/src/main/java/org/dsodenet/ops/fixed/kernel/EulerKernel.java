package org.dsodenet.ops.fixed.kernel;

import java.math.BigInteger;
import java.util.Arrays;
import org.dsodenet.fixedpoint.FixedStats;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.Fx;
import org.dsodenet.fixedpoint.WideFx;
import org.dsodenet.ops.fixed.model.QOdeBlock;

/**
 * The per-step pieces of an ODE block around its function f: entering the state type, the time value, building f's
 * input and the Euler update {@code z = z + f * h} (exact product and sum, one conversion to the state type).
 */
public final class EulerKernel {
    /** The type of the step index in {@code t_k = k · h}: {@code ap_uint<32>}, as in the HLS header. */
    public static final FixedType STEP_INDEX_TYPE = FixedType.unsigned(32, 32);

    private final QOdeBlock block;
    private final FixedType inType;
    private final FixedType state;
    private final FixedType fType;
    private final FixedType timeSource;
    private final FixedType sum;
    private final int stateShift;
    private final boolean fastUpdate;
    private final boolean fastEnter;
    private final long hAlignedFast;
    private final BigInteger hAligned;
    private final Conversion updateCaster;
    private final Conversion enterCaster;
    private final PlaneConversion updateValues;
    private final PlaneConversion enterValues;

    public EulerKernel(QOdeBlock block, FixedType inType, FixedType fType) {
        this.block = block;
        this.inType = inType;
        this.state = block.stateType();
        this.fType = fType;
        this.timeSource = Fx.mulType(STEP_INDEX_TYPE, block.hType());
        FixedType prod = Fx.mulType(fType, block.hType());
        this.sum = Fx.addType(state, prod);
        this.stateShift = sum.fracBits() - state.fracBits();
        this.hAligned = Fx.toBig(block.hRaw(), block.hType()).shiftLeft(sum.fracBits() - prod.fracBits());
        this.fastUpdate = FastTypes.ok(state, fType, block.hType(), prod, sum);
        this.hAlignedFast = fastUpdate ? hAligned.longValue() : 0;
        this.updateCaster = fastUpdate ? new Conversion(sum, state) : null;
        this.fastEnter = FastTypes.ok(inType, state);
        this.enterCaster = fastEnter ? new Conversion(inType, state) : null;
        this.updateValues = fastUpdate ? new PlaneConversion(sum, state) : null;
        this.enterValues = fastEnter ? new PlaneConversion(inType, state) : null;
    }

    public FixedType stateType() {
        return state;
    }

    /** True when entry and update run on longs. */
    public boolean fast() {
        return fastUpdate && fastEnter;
    }

    /** {@code z = stateType(x)}. */
    public Values enter(Values x, FixedStats stats) {
        if (fastEnter) {
            long[] in = ((LongValues) x).raws();
            long[] z = new long[in.length];
            for (int i = 0; i < in.length; i++) {
                z[i] = enterCaster.apply(in[i], stats);
            }
            return new LongValues(state, z);
        }
        BigInteger[] in = x.bigs();
        BigInteger[] z = new BigInteger[in.length];
        for (int i = 0; i < in.length; i++) {
            z[i] = WideFx.cast(in[i], inType, state, stats);
        }
        return Values.of(state, z);
    }

    /** {@code t_k = k · h} (exact product of {@code ap_uint<32>(k)} and h) converted to the state type: one conversion. */
    public BigInteger time(int k, FixedStats stats) {
        BigInteger t = BigInteger.valueOf(k).multiply(Fx.toBig(block.hRaw(), block.hType()));
        return WideFx.cast(t, timeSource, state, stats);
    }

    /** f's input: the state, followed by one plane holding {@code t} when the block has a time channel. */
    public Values fInput(Values z, int plane, BigInteger t) {
        if (!block.timeChannel()) {
            return z;
        }
        int n = z.size();
        if (z instanceof LongValues v) {
            long[] in = Arrays.copyOf(v.raws(), n + plane);
            Arrays.fill(in, n, n + plane, t.longValue());
            return new LongValues(state, in);
        }
        BigInteger[] in = Arrays.copyOf(((WideValues) z).raws(), n + plane);
        Arrays.fill(in, n, n + plane, t);
        return new WideValues(state, in);
    }

    /** {@code z = z + f * h}, the product and sum exact, converted to the state type. */
    public Values update(Values z, Values f, FixedStats stats) {
        if (fastUpdate) {
            long[] zs = ((LongValues) z).raws();
            long[] fs = ((LongValues) f).raws();
            long[] out = new long[zs.length];
            for (int i = 0; i < zs.length; i++) {
                out[i] = updateCaster.apply((zs[i] << stateShift) + fs[i] * hAlignedFast, stats);
            }
            return new LongValues(state, out);
        }
        BigInteger[] zs = z.bigs();
        BigInteger[] fs = f.bigs();
        BigInteger[] out = new BigInteger[zs.length];
        for (int i = 0; i < zs.length; i++) {
            out[i] = WideFx.cast(zs[i].shiftLeft(stateShift).add(fs[i].multiply(hAligned)), sum, state, stats);
        }
        return Values.of(state, out);
    }

    /**
     * {@link #enter} on the long path (only when {@link #fast()}) into a caller's buffer, without counts: the first
     * {@code n} raws of {@code x} into {@code z}; {@code z} may be {@code x} (each raw depends only on its own input).
     */
    public void enterFast(long[] x, long[] z, int n) {
        enterValues.apply(x, 0, n, z, 0);
    }

    /**
     * {@link #update} on the long path in place, without counts: the first {@code n} raws of {@code z} become
     * {@code z + f * h} (each depends only on its own {@code z} and {@code f}).
     */
    public void updateFast(long[] z, long[] f, int n) {
        int s = stateShift;
        long h = hAlignedFast;
        for (int i = 0; i < n; i++) {
            z[i] = (z[i] << s) + f[i] * h;
        }
        updateValues.apply(z, 0, n, z, 0);
    }

    public FixedType fType() {
        return fType;
    }
}
