package org.dsodenet.ops.conv;

import java.util.ArrayList;
import java.util.List;
import org.dsodenet.ops.layer.ForwardCache;
import org.dsodenet.ops.layer.Outputs;
import org.dsodenet.ops.layer.Param;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;

/**
 * The state and passes that {@link Conv2d} and {@link PointwiseConv2d} share: a dense convolution over a window on
 * {@link DenseKernel}. The two public layers differ only in their window and in the shape their weight reports, so
 * they delegate here rather than repeat the kernel calls.
 */
final class DenseConv {
    final String name;
    final int cIn;
    final int cOut;
    final Window win;
    final Param weight;
    final Param bias;
    private final ForwardCache<Tensor> cache;
    /** Output-gradient rows of the last backward, reused by the next one of the same geometry (no reallocation). */
    private float[][][] gradRows;

    DenseConv(String name, int cIn, int cOut, Window win, Shape weightShape, float[] weight, float[] bias) {
        if (cIn < 1 || cOut < 1) {
            throw new IllegalArgumentException(name + ": channel counts must be positive");
        }
        this.name = name;
        this.cIn = cIn;
        this.cOut = cOut;
        this.win = win;
        this.weight = new Param(name + ".weight", weightShape, weight);
        this.bias = bias == null ? null : new Param(name + ".bias", Shape.of(cOut), bias);
        this.cache = new ForwardCache<>(name);
    }

    Shape outputShape(Shape in) {
        in.requireRank4();
        if (in.c() != cIn) {
            throw new IllegalArgumentException(name + ": input has " + in.c() + " channels, expected " + cIn);
        }
        return Shape.nchw(in.n(), cOut, win.outSize(in.h()), win.outSize(in.w()));
    }

    Tensor forward(Tensor x, boolean training) {
        Shape os = outputShape(x.shape());
        Columns cols = new Columns(os.n(), cIn, x.shape().h(), x.shape().w(), win);
        float[] yd = Outputs.take(os.size());
        DenseKernel.forward(cols, cOut, x.data(), weight.value(), bias == null ? null : bias.value(), yd);
        if (training) {
            cache.push(x);
        }
        return Tensor.wrap(os, yd);
    }

    Tensor backward(Tensor gradOut) {
        Tensor x = cache.pop();
        Shape is = x.shape();
        gradOut.requireShape(outputShape(is), name + " output gradient");
        Columns cols = new Columns(is.n(), cIn, is.h(), is.w(), win);
        float[][][] dyRows = DenseKernel.gradRows(cols, cOut, gradOut.data(), gradRows,
                bias == null ? null : bias.grad());
        gradRows = dyRows;
        // stride 1 runs on the forward path, which writes every element; col2im adds onto zeros
        float[] dx = win.stride() == 1 ? Outputs.take(is.size()) : Outputs.zeroed(is.size());
        DenseKernel.inputGrad(cols, cOut, weight.value(), gradOut.data(), dyRows, dx);
        if (PatchGrad.suits(cols)) {
            PatchGrad.weightGrad(cols, cOut, x.data(), gradOut.data(), weight.grad());
        } else {
            DenseKernel.weightGrad(cols, cOut, x.data(), dyRows, weight.grad());
        }
        return Tensor.wrap(is, dx);
    }

    List<Param> params() {
        List<Param> ps = new ArrayList<>(2);
        ps.add(weight);
        if (bias != null) {
            ps.add(bias);
        }
        return List.copyOf(ps);
    }

    void clearCache() {
        cache.clear();
    }
}
