package org.dsodenet.adapt;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.dsodenet.data.Dataset;
import org.dsodenet.ops.layer.Layer;
import org.dsodenet.ops.layer.LayerVisitor;
import org.dsodenet.ops.norm.BatchNorm2d;
import org.dsodenet.ops.norm.BatchNorms;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;

/**
 * AdaBN (Li et al. 2016): replaces every batch norm's running statistics by those of the target images, so the
 * folded network normalises target activations with target statistics. Reads the images only, never the labels.
 *
 * <p>The statistics are gathered in one pass of the model's own forward with the deployment solver (same ODE
 * solver, steps and h) over all target images in fixed chunks of {@value #CHUNK}, every batch norm normalising with
 * the statistics of its chunk (as AdaBN does; normalising with the running statistics instead is a fixed-point
 * problem inside an ODE function, whose iteration diverges on a model whose statistics are far off). Each batch norm
 * gets the mean and population variance of all the inputs it was given. A batch norm inside an ODE function is
 * evaluated once per Euler step on a different distribution but has one set of statistics shared by the steps: its
 * moments are pooled over all images, positions and steps.
 *
 * <p>What the folded network then computes: at every Euler step the same affine map
 * {@code gamma (x - m) / sqrt(v + eps) + beta}, with (m, v) the moments of all steps together. Each step is
 * normalised to zero mean and unit variance only on average over the steps; a step whose inputs sit above the
 * pooled mean stays above it. Outside ODE functions the statistics are those of the target inputs up to the
 * difference between chunk and whole-set statistics of the batch norms before.
 */
public final class AdaBn {
    static final int CHUNK = 256;

    private AdaBn() {}

    /**
     * Re-estimates the statistics of {@code norms}, every batch norm of {@code network}, on {@code images}. Takes the
     * network rather than a model so that adaptation knows no particular model (the build checks it).
     */
    public static void adapt(Layer network, List<BatchNorm2d> norms, Dataset images) {
        if (images == null || images.size() < 2) {
            throw new IllegalArgumentException("AdaBN needs at least 2 target images");
        }
        Map<BatchNorm2d, BnMoments> moments = gather(network, norms, images);
        for (BatchNorm2d bn : norms) {
            BnMoments m = moments.get(bn);
            for (int c = 0; c < m.channels(); c++) {
                bn.runningMean()[c] = (float) m.mean(c);
                bn.runningVar()[c] = (float) m.variance(c);
            }
        }
    }

    /**
     * The moments of every batch norm's inputs in the forward described above, over all {@code images}; the model
     * is left as it was.
     */
    public static Map<BatchNorm2d, BnMoments> gather(Layer network, List<BatchNorm2d> norms, Dataset images) {
        Map<BatchNorm2d, BnMoments> moments = new IdentityHashMap<>();
        Layer body = recording(network, moments);
        int per = images.imageSize();
        for (int from = 0; from < images.size(); from += CHUNK) {
            int n = Math.min(CHUNK, images.size() - from);
            float[] x = new float[n * per];
            for (int i = 0; i < n; i++) {
                images.copyImage(from + i, x, i * per);
            }
            body.forward(Tensor.wrap(Shape.nchw(n, images.channels(), images.height(), images.width()), x), false);
        }
        for (BatchNorm2d bn : norms) {
            if (!moments.containsKey(bn)) {
                throw new IllegalStateException("batch norm " + bn.name() + " was not reached by the forward");
            }
        }
        return moments;
    }

    /** The same network with every batch norm recording its inputs before its inference forward. */
    private static Layer recording(Layer l, Map<BatchNorm2d, BnMoments> moments) {
        return BatchNorms.replace(l, bn -> new Recorder(bn, moments.computeIfAbsent(bn, b -> new BnMoments(b.channels()))));
    }

    private record Recorder(BatchNorm2d bn, BnMoments moments) implements Layer {
        @Override
        public String name() {
            return bn.name();
        }

        @Override
        public Tensor forward(Tensor x, boolean training) {
            moments.add(x);
            // The batch norm's own training forward normalises with the chunk's statistics; what it also does to the
            // running statistics and its cache is undone, so gathering changes nothing in the model.
            float[] mean = bn.runningMean().clone();
            float[] var = bn.runningVar().clone();
            boolean frozen = bn.frozen();
            bn.setFrozen(false);
            try {
                return bn.forward(x, true);
            } finally {
                bn.clearCache();
                bn.setFrozen(frozen);
                System.arraycopy(mean, 0, bn.runningMean(), 0, mean.length);
                System.arraycopy(var, 0, bn.runningVar(), 0, var.length);
            }
        }

        @Override
        public Tensor backward(Tensor gradOut) {
            throw new UnsupportedOperationException("AdaBN only runs inference");
        }

        @Override
        public void clearCache() {}

        @Override public <R> R accept(LayerVisitor<R> v) { return v.other(this); }
    }
}
