package org.dsodenet.ops.fixed.kernel;

import org.dsodenet.fixedpoint.FixedStats;

/**
 * One thread's working arrays for the kernels' count-free forwards: accumulator planes and the int or double copy
 * of a layer's input. They grow to the largest layer once and are then reused by every layer and Euler step, so a
 * forward allocates nothing per layer. Not thread-safe: one per thread.
 */
public final class Scratch {
    private long[] acc = new long[0];
    private int[] accInt = new int[0];
    private double[] accDouble = new double[0];
    private int[] xInt = new int[0];
    private double[] xDouble = new double[0];
    private float[] tapsFloat = new float[0];
    private double[] tapsDouble = new double[0];
    private float[] sumsFloat = new float[0];
    private double[] sumsDouble = new double[0];
    private float[][] rowsFloat = new float[0][];
    private double[][] rowsDouble = new double[0][];
    /** Counts the count-free forwards cannot avoid producing; nobody reads them. */
    final FixedStats discarded = new FixedStats();
    private float[] handedFloat = new float[0];
    private double[] handedDouble = new double[0];
    /** The count-free forward's int taps. */
    final IntTapBuffers intTaps = new IntTapBuffers();
    private final BiasPlanes biasPlanes = new BiasPlanes();

    /** The bias planes of the layers of the forward this thread runs. */
    BiasPlanes biasPlanes() {
        return biasPlanes;
    }

    /**
     * Forgets what was kept per layer of the forward that used these arrays last (its bias planes), keeping the
     * arrays for the next forward: call it when another forward takes them over.
     */
    public void forgetLayers() {
        biasPlanes.release();
    }

    long[] acc(int n) {
        if (acc.length < n) {
            acc = new long[n];
        }
        return acc;
    }

    int[] accInt(int n) {
        if (accInt.length < n) {
            accInt = new int[n];
        }
        return accInt;
    }

    double[] accDouble(int n) {
        if (accDouble.length < n) {
            accDouble = new double[n];
        }
        return accDouble;
    }

    private float[] stateFloat = new float[0];
    private double[] stateDouble = new double[0];

    /**
     * Grows the handed planes to n raws at once, so no layer's request for its plane can replace the array the
     * previous layer handed on in.
     */
    public void reserve(int n) {
        handedFloats(n);
        handedDoubles(n);
        stateFloats(n);
        stateDoubles(n);
    }

    /** An ODE block's state held as floats (one block runs at a time), at least n long. */
    float[] stateFloats(int n) {
        if (stateFloat.length < n) {
            stateFloat = new float[n];
        }
        return stateFloat;
    }

    /** An ODE block's state held as doubles, at least n long. */
    double[] stateDoubles(int n) {
        if (stateDouble.length < n) {
            stateDouble = new double[n];
        }
        return stateDouble;
    }

    /** The plane one layer hands the next as floats (see {@link RawPlane}), at least n long. */
    float[] handedFloats(int n) {
        if (handedFloat.length < n) {
            handedFloat = new float[n];
        }
        return handedFloat;
    }

    /** The plane one layer hands the next as doubles, at least n long. */
    double[] handedDoubles(int n) {
        if (handedDouble.length < n) {
            handedDouble = new double[n];
        }
        return handedDouble;
    }

    /** Room for a layer's input in a {@link TapLayout} of floats. */
    float[] floatTaps(TapLayout layout) {
        if (tapsFloat.length < layout.size()) {
            tapsFloat = new float[layout.size()];
        }
        return tapsFloat;
    }

    /** Room for a layer's input in a {@link TapLayout} of doubles. */
    double[] doubleTaps(TapLayout layout) {
        if (tapsDouble.length < layout.size()) {
            tapsDouble = new double[layout.size()];
        }
        return tapsDouble;
    }

    /** At least {@code count} rows of at least {@code n} floats. */
    float[][] floatRows(int count, int n) {
        if (rowsFloat.length < count || rowsFloat[0].length < n) {
            int width = Math.max(n, rowsFloat.length > 0 ? rowsFloat[0].length : 0);
            rowsFloat = new float[Math.max(count, rowsFloat.length)][width];
        }
        return rowsFloat;
    }

    /** At least {@code count} rows of at least {@code n} doubles. */
    double[][] doubleRows(int count, int n) {
        if (rowsDouble.length < count || rowsDouble[0].length < n) {
            int width = Math.max(n, rowsDouble.length > 0 ? rowsDouble[0].length : 0);
            rowsDouble = new double[Math.max(count, rowsDouble.length)][width];
        }
        return rowsDouble;
    }

    float[] floatAcc(int n) {
        if (sumsFloat.length < n) {
            sumsFloat = new float[n];
        }
        return sumsFloat;
    }

    double[] doubleAcc(int n) {
        if (sumsDouble.length < n) {
            sumsDouble = new double[n];
        }
        return sumsDouble;
    }

    /** x as ints; the caller's planning proved every raw fits. */
    int[] ints(long[] x, int n) {
        if (xInt.length < n) {
            xInt = new int[n];
        }
        for (int i = 0; i < n; i++) {
            xInt[i] = (int) x[i];
        }
        return xInt;
    }

    /** x as doubles; the caller's planning proved every raw is held exactly. */
    double[] doubles(long[] x, int n) {
        if (xDouble.length < n) {
            xDouble = new double[n];
        }
        for (int i = 0; i < n; i++) {
            xDouble[i] = x[i];
        }
        return xDouble;
    }
}
