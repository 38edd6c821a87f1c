package org.dsodenet.ops.fixed.kernel;

import org.dsodenet.fixedpoint.FixedStats;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.ops.fixed.model.Dims;
import org.dsodenet.ops.fixed.model.QBatchNorm;
import org.dsodenet.ops.fixed.model.QConv2d;
import org.dsodenet.ops.fixed.model.QDepthwiseConv2d;
import org.dsodenet.ops.fixed.model.QGlobalAvgPool;
import org.dsodenet.ops.fixed.model.QLayer;
import org.dsodenet.ops.fixed.model.QLayerVisitor;
import org.dsodenet.ops.fixed.model.QLinear;
import org.dsodenet.ops.fixed.model.QOdeBlock;
import org.dsodenet.ops.fixed.model.QPointwiseConv2d;
import org.dsodenet.ops.fixed.model.QRelu;

/**
 * One layer planned for given input dimensions and type: constants aligned, casters built and the fast or wide
 * path chosen once. Kernels are immutable and may be shared by threads; all per-call state lives in the call.
 */
public abstract sealed class LayerKernel permits ConvKernel, NormKernel, ReluKernel, PoolKernel {
    private final QLayer layer;
    final Dims inDims;
    final Dims outDims;
    final FixedType inType;
    final FixedType outType;

    LayerKernel(QLayer layer, Dims inDims, FixedType inType) {
        this.layer = layer;
        this.inDims = inDims;
        this.outDims = layer.outputDims(inDims);
        this.inType = inType;
        this.outType = layer.outputType();
    }

    public final QLayer layer() {
        return layer;
    }

    public final Dims inDims() {
        return inDims;
    }

    public final Dims outDims() {
        return outDims;
    }

    public final FixedType inType() {
        return inType;
    }

    public final FixedType outType() {
        return outType;
    }

    /** True when this layer runs on longs; false when some exact intermediate needs more than 64 bits. */
    public abstract boolean fast();

    /**
     * Runs the layer on one sample. Conversions into the accumulator are counted into {@code accStats}, conversions
     * into the output type into {@code outStats}.
     */
    public abstract Values forward(Values in, FixedStats accStats, FixedStats outStats);

    /**
     * Runs the layer for its output values only: the same raws as {@link #forward}, without paying for counts a
     * caller would discard (QAT steps, accuracy evaluation).
     */
    public Values values(Values in) {
        return forward(in, new FixedStats(), new FixedStats());
    }

    /**
     * The count-free forward on the long path (only when {@link #fast()}): reads the first {@code inDims().size()}
     * raws of {@code x}, writes the first {@code outDims().size()} of {@code y} (which must not be {@code x}), and
     * takes every working array from {@code scratch}, so buffers can be reused across layers and samples.
     */
    public abstract void valuesFast(long[] x, long[] y, Scratch scratch);

    /**
     * Whether {@link #valuesOn} can take its input and hand its output on in the real plane p, every raw exact there
     * (proved from the types at planning time). Longs always; convolutions say it through their taps instead.
     */
    public boolean exactOn(RawPlane p) {
        return p == RawPlane.LONGS;
    }

    /**
     * {@link #valuesFast(long[], long[], Scratch)} reading the plane handed on in {@code scratch} instead of x when
     * {@code in} is real, and handing its output on there instead of writing y when {@code out} is real. A real end
     * must be a plane {@link #exactOn}; when both are, they are the same. A real plane is handed on only from one:
     * from longs the layer runs on longs.
     */
    public final void valuesOn(long[] x, long[] y, RawPlane in, RawPlane out, Scratch scratch) {
        if (in == RawPlane.LONGS) {
            if (out != RawPlane.LONGS) {
                throw new IllegalStateException(layer.name() + ": a real plane is handed on only from a real plane");
            }
            valuesFast(x, y, scratch);
            return;
        }
        valuesOnReal(in, out, y, scratch);
    }

    /**
     * {@link #valuesOn} with its input on the real plane {@code in} (one it is {@link #exactOn}), handed on in
     * scratch: in place there, then cast into y when {@code out} is longs.
     */
    void valuesOnReal(RawPlane in, RawPlane out, long[] y, Scratch scratch) {
        throw new IllegalStateException(layer.name() + " runs on longs only");
    }

    /**
     * The count-free forward of {@code images} consecutive samples held as floats in v ({@code inDims().size()} raws
     * each, every raw exact), in place: only when {@link #exactOn} floats (element-wise layers).
     */
    public void floatsInPlace(float[] v, int images) {
        throw new IllegalStateException(layer.name() + " does not run on a plane of floats");
    }

    /** Plans a layer; ODE blocks are sequences of kernels and are planned by their caller. */
    public static LayerKernel plan(QLayer layer, Dims in, FixedType inType) {
        layer.outputDims(in); // rejects a mismatched input with the layer's own message
        return layer.accept(new QLayerVisitor<LayerKernel>() {
            @Override
            public LayerKernel conv(QConv2d l) {
                return ConvKernel.of(l, in, inType);
            }

            @Override
            public LayerKernel depthwise(QDepthwiseConv2d l) {
                return ConvKernel.of(l, in, inType);
            }

            @Override
            public LayerKernel pointwise(QPointwiseConv2d l) {
                return ConvKernel.of(l, in, inType);
            }

            @Override
            public LayerKernel linear(QLinear l) {
                return ConvKernel.of(l, in, inType);
            }

            @Override
            public LayerKernel batchNorm(QBatchNorm l) {
                return new NormKernel(l, in, inType);
            }

            @Override
            public LayerKernel relu(QRelu l) {
                return new ReluKernel(l, in, inType);
            }

            @Override
            public LayerKernel pool(QGlobalAvgPool l) {
                return new PoolKernel(l, in, inType);
            }

            @Override
            public LayerKernel ode(QOdeBlock l) {
                throw new IllegalArgumentException(l.name() + ": an ODE block is not a single kernel");
            }
        });
    }
}
