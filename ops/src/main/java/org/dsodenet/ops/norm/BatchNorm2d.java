package org.dsodenet.ops.norm;

import java.util.Arrays;
import java.util.List;
import org.dsodenet.ops.layer.ForwardCache;
import org.dsodenet.ops.layer.Layer;
import org.dsodenet.ops.layer.LayerVisitor;
import org.dsodenet.ops.layer.Outputs;
import org.dsodenet.ops.layer.Param;
import org.dsodenet.ops.parallel.Parallel;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;

/**
 * Batch normalization over (N, H, W) per channel with affine {@code gamma}, {@code beta}.
 *
 * <p>Training: normalizes with the batch mean and biased variance, and updates the running statistics as
 * {@code running = (1 - momentum) * running + momentum * batch}, where the running variance takes the unbiased
 * batch variance (PyTorch's convention, so imported models behave the same). Inference: normalizes with the running
 * statistics. Channel sums add the samples per position in float, then the positions in double, in a fixed order
 * ({@link ChannelSums}); one parallel item per block of channels.
 *
 * <p>With {@link #setFrozen frozen} statistics, a training forward normalizes with the running statistics (and
 * leaves them alone) while gamma and beta still learn: training then sees exactly the affine map that inference and
 * folding use. This matters where one batch norm is applied several times per forward with inputs of different
 * distributions, as inside an ODE function across Euler steps: batch statistics differ per step, the running
 * statistics blend them all, and a network trained only on batch statistics can lose many points of accuracy at
 * inference. A short fine-tune with frozen statistics closes that gap.
 */
public final class BatchNorm2d implements Layer {
    @Override public <R> R accept(LayerVisitor<R> v) { return v.batchNorm(this); }

    /**
     * What backward needs from one training forward: the input and the per-channel mean and 1/σ it was normalized
     * with. Backward recomputes {@code xhat = (x - mean) * invStd} with the very float operations of forward (the
     * same floats), which costs less than writing xhat out and allocating it on every forward.
     */
    private record State(Shape shape, float[] x, float[] mean, float[] invStd, boolean frozen) {}

    private final String name;
    private final int channels;
    private final double eps;
    private final double momentum;
    private final Param gamma;
    private final Param beta;
    private final float[] runningMean;
    private final float[] runningVar;
    private final ForwardCache<State> cache;
    private boolean frozen;

    /** Unit scale, zero shift, running mean 0 and variance 1. */
    public BatchNorm2d(String name, int channels, double eps, double momentum) {
        if (channels < 1) {
            throw new IllegalArgumentException(name + ": channel count must be positive");
        }
        if (!(eps > 0) || !(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException(name + ": need eps > 0 and momentum in [0, 1], got " + eps + ", "
                    + momentum);
        }
        this.name = name;
        this.channels = channels;
        this.eps = eps;
        this.momentum = momentum;
        float[] ones = new float[channels];
        Arrays.fill(ones, 1f);
        this.gamma = new Param(name + ".gamma", Shape.of(channels), ones);
        this.beta = new Param(name + ".beta", Shape.of(channels), new float[channels]);
        this.runningMean = new float[channels];
        this.runningVar = new float[channels];
        Arrays.fill(runningVar, 1f);
        this.cache = new ForwardCache<>(name);
    }

    /** PyTorch defaults: eps 1e-5, momentum 0.1. */
    public BatchNorm2d(String name, int channels) {
        this(name, channels, 1e-5, 0.1);
    }

    public String name() {
        return name;
    }

    public int channels() {
        return channels;
    }

    public double eps() {
        return eps;
    }

    public double momentum() {
        return momentum;
    }

    public Param gamma() {
        return gamma;
    }

    public Param beta() {
        return beta;
    }

    /** Running mean (not a copy; writable so trained statistics can be loaded). */
    public float[] runningMean() {
        return runningMean;
    }

    /** Running variance (not a copy; writable so trained statistics can be loaded). */
    public float[] runningVar() {
        return runningVar;
    }

    /** Whether training forwards use the running statistics (see the class comment). */
    public boolean frozen() {
        return frozen;
    }

    /** Freezes or unfreezes the running statistics for training forwards; inference is unaffected. */
    public void setFrozen(boolean frozen) {
        this.frozen = frozen;
    }

    /** Inference scale per channel: {@code gamma / sqrt(runningVar + eps)}. */
    public double[] inferenceScale() {
        double[] s = new double[channels];
        for (int c = 0; c < channels; c++) {
            s[c] = gamma.value()[c] / Math.sqrt(runningVar[c] + eps);
        }
        return s;
    }

    /** Inference shift per channel: {@code beta - runningMean * scale}. */
    public double[] inferenceShift() {
        double[] s = inferenceScale();
        double[] t = new double[channels];
        for (int c = 0; c < channels; c++) {
            t[c] = beta.value()[c] - runningMean[c] * s[c];
        }
        return t;
    }

    private void checkInput(Shape s) {
        s.requireRank4();
        if (s.c() != channels) {
            throw new IllegalArgumentException(name + ": input has " + s.c() + " channels, expected " + channels);
        }
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        Shape s = x.shape();
        checkInput(s);
        if (training && frozen) {
            return frozenForward(x);
        }
        final int batch = s.n();
        final int plane = s.h() * s.w();
        final float[] xd = x.data();
        final float[] yd = Outputs.take(xd.length);
        final float[] g = gamma.value();
        final float[] b = beta.value();
        if (!training) {
            double[] scale = inferenceScale();
            double[] shift = inferenceShift();
            Parallel.forEach(batch * channels, t -> {
                int c = t % channels;
                float sc = (float) scale[c];
                float sh = (float) shift[c];
                int o = t * plane;
                for (int i = o; i < o + plane; i++) {
                    yd[i] = xd[i] * sc + sh;
                }
            });
            return Tensor.wrap(s, yd);
        }
        final float[] means = new float[channels];
        final float[] invStd = new float[channels];
        final int m = batch * plane;
        final double[] batchMeans = new double[channels];
        final double[] squares = new double[channels];
        ChannelSums.statistics(xd, batch, channels, plane, batchMeans, squares);
        Parallel.forEach(channels, c -> {
            double mean = batchMeans[c];
            double sq = squares[c];
            double var = sq / m;
            double is = 1.0 / Math.sqrt(var + eps);
            invStd[c] = (float) is;
            float meanF = (float) mean;
            means[c] = meanF;
            float isF = (float) is;
            float gc = g[c];
            float bc = b[c];
            for (int j = 0; j < batch; j++) {
                int o = (j * channels + c) * plane;
                for (int i = o; i < o + plane; i++) {
                    float xh = (xd[i] - meanF) * isF;
                    yd[i] = gc * xh + bc;
                }
            }
            double unbiased = m > 1 ? sq / (m - 1) : var;
            runningMean[c] = (float) ((1 - momentum) * runningMean[c] + momentum * mean);
            runningVar[c] = (float) ((1 - momentum) * runningVar[c] + momentum * unbiased);
        });
        cache.push(new State(s, xd, means, invStd, false));
        return Tensor.wrap(s, yd);
    }

    /** Training forward with the running statistics: the inference map, keeping what backward needs. */
    private Tensor frozenForward(Tensor x) {
        Shape s = x.shape();
        final int batch = s.n();
        final int plane = s.h() * s.w();
        final float[] xd = x.data();
        final float[] yd = Outputs.take(xd.length);
        final float[] means = runningMean.clone();
        final float[] invStd = new float[channels];
        final float[] g = gamma.value();
        final float[] b = beta.value();
        for (int c = 0; c < channels; c++) {
            invStd[c] = (float) (1.0 / Math.sqrt(runningVar[c] + eps));
        }
        Parallel.forEach(batch * channels, t -> {
            int c = t % channels;
            float mean = means[c];
            float is = invStd[c];
            int o = t * plane;
            for (int i = o; i < o + plane; i++) {
                float xh = (xd[i] - mean) * is;
                yd[i] = g[c] * xh + b[c];
            }
        });
        cache.push(new State(s, xd, means, invStd, true));
        return Tensor.wrap(s, yd);
    }

    @Override
    public Tensor backward(Tensor gradOut) {
        State st = cache.pop();
        gradOut.requireShape(st.shape(), name + " output gradient");
        final int batch = st.shape().n();
        final int plane = st.shape().h() * st.shape().w();
        final int m = batch * plane;
        final float[] gd = gradOut.data();
        final float[] xd = st.x();
        final float[] dx = Outputs.take(gd.length);
        final float[] g = gamma.value();
        final float[] gg = gamma.grad();
        final float[] bg = beta.grad();
        final double[] sumsDy = new double[channels];
        final double[] sumsDyXhat = new double[channels];
        ChannelSums.gradients(gd, xd, batch, channels, plane, st.mean(), st.invStd(), sumsDy, sumsDyXhat);
        Parallel.forEach(channels, c -> {
            double sumDy = sumsDy[c];
            double sumDyXhat = sumsDyXhat[c];
            gg[c] += (float) sumDyXhat;
            bg[c] += (float) sumDy;
            float k = g[c] * st.invStd()[c];
            if (st.frozen()) { // statistics are constants: dx = gamma * invStd * dy
                for (int n = 0; n < batch; n++) {
                    int o = (n * channels + c) * plane;
                    for (int i = o; i < o + plane; i++) {
                        dx[i] = k * gd[i];
                    }
                }
                return;
            }
            // dx = gamma * invStd * (dy - mean(dy) - xhat * mean(dy * xhat))
            float meanDy = (float) (sumDy / m);
            float meanDyXhat = (float) (sumDyXhat / m);
            float mean = st.mean()[c];
            float is = st.invStd()[c];
            for (int n = 0; n < batch; n++) {
                int o = (n * channels + c) * plane;
                for (int i = o; i < o + plane; i++) {
                    float xh = (xd[i] - mean) * is;
                    dx[i] = k * (gd[i] - meanDy - xh * meanDyXhat);
                }
            }
        });
        return Tensor.wrap(st.shape(), dx);
    }

    @Override
    public List<Param> params() {
        return List.of(gamma, beta);
    }

    @Override
    public void clearCache() {
        cache.clear();
    }
}
