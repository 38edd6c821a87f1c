package org.dsodenet.ops.conv;

/**
 * One dense or depthwise convolution over a batch of NCHW float planes, without bias, for callers outside this
 * package: the bit-exact forward runs its layers on float taps through the float kernels here, since their inputs,
 * weights and every partial sum are exact integers in floats (proved by its planning), and then any order of the
 * additions gives the same sums.
 *
 * <p>Dense layers use {@link DenseKernel} on {@link Columns}; depthwise layers {@link DepthwisePlaneForward} on
 * {@link TallPlanes}, which covers stride 1 with the output the input's size ({@link #supports}).
 */
public final class FloatConvBatch {
    private final int cOut;
    private final Columns columns;
    private final TallPlanes planes;

    /**
     * The geometry of {@code batch} samples of {@code cIn×h×w}, a k×k kernel at the given stride and zero padding,
     * {@code cOut} outputs (a depthwise layer has {@code cOut = cIn}).
     */
    public FloatConvBatch(boolean depthwise, int batch, int cIn, int h, int w, int k, int stride, int pad, int cOut) {
        if (!supports(depthwise, k, stride, pad) || batch < 1 || depthwise && cOut != cIn) {
            throw new IllegalArgumentException("no float kernel for " + (depthwise ? "depthwise " : "") + k + "x" + k
                    + ", stride " + stride + ", padding " + pad + ", " + cIn + " -> " + cOut + " channels");
        }
        Window win = new Window(k, stride, pad);
        win.outSize(h); // throws when the kernel does not fit
        win.outSize(w);
        this.cOut = cOut;
        this.columns = depthwise ? null : new Columns(batch, cIn, h, w, win);
        this.planes = depthwise ? new TallPlanes(batch, cIn, h, w, win) : null;
    }

    /** Whether a float kernel here takes the geometry. */
    public static boolean supports(boolean depthwise, int k, int stride, int pad) {
        if (k < 1 || stride < 1 || pad < 0 || pad >= k) {
            return false;
        }
        return !depthwise || TallPlanes.fits(new Window(k, stride, pad));
    }

    /**
     * {@code y = conv(x)} for the batch, weights {@code [cOut][cIn·k·k]} ({@code [c][k·k]} depthwise); x and y may be
     * longer than the batch needs, the rest is neither read nor written.
     */
    public void forward(float[] x, float[] wt, float[] y) {
        if (planes != null) {
            DepthwisePlaneForward.forward(planes, x, wt, null, y, null);
        } else {
            DenseKernel.forward(columns, cOut, x, wt, null, y);
        }
    }

    /** Whether {@link #forward(float[], float[], float[], ChannelFinish)} takes a finish (depthwise layers). */
    public boolean finishes() {
        return planes != null;
    }

    /**
     * {@link #forward(float[], float[], float[])} with each channel's outputs finished before they are written
     * ({@link ChannelFinish}); only where {@link #finishes()}.
     */
    public void forward(float[] x, float[] wt, float[] y, ChannelFinish finish) {
        if (planes == null) {
            throw new IllegalStateException("only depthwise layers finish their outputs in the kernel");
        }
        DepthwisePlaneForward.forward(planes, x, wt, null, y, finish);
    }
}
