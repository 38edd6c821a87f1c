package org.dsodenet.ops.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.dsodenet.ops.layer.Layer;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Dense convolutions keep their output-gradient rows from one backward to the next. Whatever ran before (larger
 * or smaller batches, a short last group that leaves stale values at the end of rows), a backward must give
 * exactly what a fresh layer gives.
 */
class GradRowsReuseTest {
    static void sameAsFresh(Supplier<Layer> make, int cIn, int hw, int[] batches) {
        Layer used = make.get();
        for (int step = 0; step < batches.length; step++) {
            int batch = batches[step];
            Tensor x = Tensor.randn(Shape.nchw(batch, cIn, hw, hw), 100 + step);
            Layer fresh = make.get();
            Tensor yu = used.forward(x, true);
            Tensor yf = fresh.forward(x, true);
            Tensor g = Tensor.randn(yu.shape(), 200 + step);
            used.zeroGrad();
            Tensor du = used.backward(g);
            Tensor df = fresh.backward(g);
            String what = "step " + step + " batch " + batch;
            assertArrayEquals(df.data(), du.data(), what + " input gradient");
            for (int i = 0; i < used.params().size(); i++) {
                assertArrayEquals(fresh.params().get(i).grad(), used.params().get(i).grad(), what + " grad " + i);
            }
        }
    }

    @Test
    void backwardAfterOtherBatchesEqualsAFreshLayer() {
        // 5x5 maps: groups of 11 samples, so 23 and 12 end in short groups; 1 is a single group
        int[] batches = {23, 12, 12, 1, 23, 34};
        sameAsFresh(() -> PointwiseConv2d.init("p", 3, 4, true, new SplittableRandom(1)), 3, 5, batches);
        sameAsFresh(() -> Conv2d.init("c", 2, 3, new Window(3, 1, 1), true, new SplittableRandom(2)), 2, 5, batches);
        sameAsFresh(() -> Conv2d.init("s", 2, 3, new Window(3, 2, 1), false, new SplittableRandom(3)), 2, 5, batches);
    }

    @Test
    void rowsOfTheSameGeometryAreReused() {
        Columns in = new Columns(23, 2, 5, 5, new Window(1, 1, 0));
        float[] dy = new float[23 * 3 * 25];
        float[][][] first = DenseKernel.gradRows(in, 3, dy, null);
        assertSame(first, DenseKernel.gradRows(in, 3, dy, first));
    }
}
