package org.dsodenet.adapt;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;

/**
 * Self-training on unlabeled target images: the labeler's confident predictions become hard labels.
 *
 * <p>{@link #select} keeps an image when the labeler's top softmax probability is at least the threshold. Class
 * balance guard: no class keeps more than {@code ceil(2 N / K)} images (twice its share under a uniform class
 * distribution), the most confident first, so a labeler that drifts towards one class cannot teach the student to
 * predict only that class. {@link #loss} is cross-entropy on the selected images, divided by the whole batch size,
 * so the term weighs less when fewer images are confident.
 */
public final class PseudoLabels {
    /** Marks an image without a pseudo-label. */
    public static final int NONE = -1;

    /**
     * @param loss sum of the selected images' cross-entropies over the batch size
     * @param grad d loss / d logits (zero rows for unselected images)
     */
    public record Result(double loss, Tensor grad) {}

    private PseudoLabels() {}

    /** A label (or {@link #NONE}) for every row of the labeler's logits (N, K). */
    public static int[] select(Tensor labelerLogits, double threshold) {
        if (!(threshold >= 0 && threshold < 1)) {
            throw new IllegalArgumentException("pseudo-label threshold must be in [0, 1), got " + threshold);
        }
        Shape s = labelerLogits.shape();
        int n = s.n();
        int k = s.perSample();
        float[] z = labelerLogits.data();
        int[] arg = new int[n];
        double[] conf = new double[n];
        double[] logP = new double[k];
        for (int r = 0; r < n; r++) {
            Softmax.log(z, r * k, k, logP, r);
            int best = 0;
            for (int j = 1; j < k; j++) {
                if (logP[j] > logP[best]) {
                    best = j;
                }
            }
            arg[r] = best;
            conf[r] = Math.exp(logP[best]);
        }
        int cap = (int) Math.ceil(2.0 * n / k);
        int[] kept = new int[k];
        int[] labels = new int[n];
        Arrays.fill(labels, NONE);
        // Most confident first; ties by index, so the selection is a function of the logits alone.
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer r) -> -conf[r]).thenComparingInt(r -> r));
        for (int r : order) {
            if (conf[r] >= threshold && kept[arg[r]] < cap) {
                labels[r] = arg[r];
                kept[arg[r]]++;
            }
        }
        return labels;
    }

    /** Cross-entropy of the logits (N, K) against {@code labels}, skipping {@link #NONE}, over N. */
    public static Result loss(Tensor logits, int[] labels) {
        Shape s = logits.shape();
        int n = s.n();
        int k = s.perSample();
        if (labels.length != n) {
            throw new IllegalArgumentException(labels.length + " pseudo-labels for " + n + " logit rows");
        }
        float[] z = logits.data();
        float[] g = new float[z.length];
        double[] logP = new double[k];
        double loss = 0;
        for (int r = 0; r < n; r++) {
            int y = labels[r];
            if (y == NONE) {
                continue;
            }
            if (y < 0 || y >= k) {
                throw new IllegalArgumentException("pseudo-label " + y + " of sample " + r + " is outside 0.." + (k - 1));
            }
            Softmax.log(z, r * k, k, logP, r);
            loss -= logP[y] / n;
            for (int j = 0; j < k; j++) {
                g[r * k + j] = (float) ((Math.exp(logP[j]) - (j == y ? 1 : 0)) / n);
            }
        }
        return new Result(loss, Tensor.wrap(s, g));
    }
}
