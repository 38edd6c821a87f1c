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

    /** Entry and update on int planes, or null when the types do not allow it ({@link IntEuler}). */
    public IntEuler ints() {
        return fast() ? IntEuler.of(inType, state, sum, stateShift, hAlignedFast) : null;
    }

    public FixedType fType() {
        return fType;
    }

    /**
     * Whether the state can live on the real plane p through entry and updates: the update's terms and sum are
     * integers of the sum type, and the state, f's output and the input are narrower, so all are exact in a real
     * type that holds W_sum bits; both conversions' real steps apply.
     */
    public boolean exactOn(RawPlane p) {
        int limit = p == RawPlane.FLOATS ? 24 : 53;
        return p != RawPlane.LONGS && fast() && sum.width() <= limit && updateValues.on(p) && enterValues.on(p);
    }

    /**
     * {@link #enterFast} into the state on the real plane z (only {@link #exactOn}), from the plane handed on in
     * scratch when {@code in} is z, else from the longs x.
     */
    public void enterOn(RawPlane z, long[] x, RawPlane in, int n, Scratch scratch) {
        if (z == RawPlane.FLOATS) {
            float[] st = scratch.stateFloats(n);
            if (in == z) {
                System.arraycopy(scratch.handedFloats(n), 0, st, 0, n);
            } else {
                for (int i = 0; i < n; i++) {
                    st[i] = x[i];
                }
            }
            enterValues.rawsInPlace(st, n, 0, 0);
        } else {
            double[] st = scratch.stateDoubles(n);
            if (in == z) {
                System.arraycopy(scratch.handedDoubles(n), 0, st, 0, n);
            } else {
                for (int i = 0; i < n; i++) {
                    st[i] = x[i];
                }
            }
            enterValues.rawsInPlace(st, n, 0, 0);
        }
    }

    /**
     * f's input from the state on the real plane z, handed on in scratch (f's first kernel reads z: the plan puts the
     * state where it does), followed by a plane of {@code t} (a state raw, so exact in z) when the block has a time
     * channel.
     */
    public void fInputOn(RawPlane z, int n, int plane, long t, Scratch scratch) {
        int m = block.timeChannel() ? n + plane : n;
        if (z == RawPlane.FLOATS) {
            float[] h = scratch.handedFloats(m);
            System.arraycopy(scratch.stateFloats(n), 0, h, 0, n);
            Arrays.fill(h, n, m, t);
        } else {
            double[] h = scratch.handedDoubles(m);
            System.arraycopy(scratch.stateDoubles(n), 0, h, 0, n);
            Arrays.fill(h, n, m, t);
        }
    }

    /**
     * {@link #updateFast} on the state on the real plane z: {@code z·2^s + f·h} is exact there (see
     * {@link #exactOn}); f comes from the plane handed on in scratch when {@code fPlane} is z, else from the longs f.
     */
    public void updateOn(RawPlane z, long[] f, RawPlane fPlane, int n, Scratch scratch) {
        if (fPlane != z) {
            PlaneCasts.toHanded(f, n, z, scratch);
        }
        if (z == RawPlane.FLOATS) {
            float[] st = scratch.stateFloats(n);
            float[] fs = scratch.handedFloats(n);
            float up = Math.scalb(1f, stateShift);
            float h = hAlignedFast;
            for (int i = 0; i < n; i++) {
                st[i] = st[i] * up + fs[i] * h;
            }
            updateValues.rawsInPlace(st, n, 0, 0);
        } else {
            double[] st = scratch.stateDoubles(n);
            double[] fs = scratch.handedDoubles(n);
            double up = Math.scalb(1d, stateShift);
            double h = hAlignedFast;
            for (int i = 0; i < n; i++) {
                st[i] = st[i] * up + fs[i] * h;
            }
            updateValues.rawsInPlace(st, n, 0, 0);
        }
    }

    /**
     * {@link #enterOn} for a batch on floats (only {@link #exactOn} floats), in place: the first {@code count} values
     * of z hold the input raws and become the state's.
     */
    public void enterFloats(float[] z, int count) {
        enterValues.rawsInPlace(z, 0, count, 0, 0, false);
    }

    /** {@link #updateOn} for a batch on floats: the first {@code count} values of z become {@code z + f·h}. */
    public void updateFloats(float[] z, float[] f, int count) {
        float up = Math.scalb(1f, stateShift);
        float h = hAlignedFast;
        for (int i = 0; i < count; i++) {
            z[i] = z[i] * up + f[i] * h;
        }
        updateValues.rawsInPlace(z, 0, count, 0, 0, false);
    }

    /** The state on the real plane z as the block's output: handed on in scratch when {@code out} is z, else into y. */
    public void exitOn(RawPlane z, int n, RawPlane out, long[] y, Scratch scratch) {
        if (out == z) {
            if (z == RawPlane.FLOATS) {
                System.arraycopy(scratch.stateFloats(n), 0, scratch.handedFloats(n), 0, n);
            } else {
                System.arraycopy(scratch.stateDoubles(n), 0, scratch.handedDoubles(n), 0, n);
            }
            return;
        }
        if (z == RawPlane.FLOATS) {
            float[] st = scratch.stateFloats(n);
            for (int i = 0; i < n; i++) {
                y[i] = (long) st[i];
            }
        } else {
            double[] st = scratch.stateDoubles(n);
            for (int i = 0; i < n; i++) {
                y[i] = (long) st[i];
            }
        }
    }
}
