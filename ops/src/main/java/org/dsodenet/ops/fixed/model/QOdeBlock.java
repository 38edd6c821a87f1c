package org.dsodenet.ops.fixed.model;

import java.util.List;
import org.dsodenet.fixedpoint.FixedType;

/**
 * Explicit Euler integration with one set of weights reused at every step:
 * {@code z = stateType(x)}; then for {@code k = 0 .. steps-1}: {@code z = z + f(z, t_k) * h}, with the product and
 * the sum exact and the assignment converting to {@code stateType}. The step size {@code h} is the constant
 * {@code hRaw} of {@code hType}; a power-of-two step {@code 2^-s} is {@code ap_ufixed<1,1-s>} with raw 1, which makes
 * the product an exact shift.
 *
 * <p>With {@code timeChannel}, f sees one extra input channel (last) filled with {@code t_k = k·h} converted to
 * {@code stateType}, as in torchdiffeq's ODE-Net example: {@code k} is an {@code ap_uint<32>}, the product
 * {@code k·h} is exact (type {@code ap_(u)fixed<32+W_h, 32+I_h>}) and is converted once per step. The output type is {@code stateType}; f must map the state
 * dimensions onto themselves.
 */
public record QOdeBlock(String name, List<QLayer> f, int steps, FixedType hType, long hRaw, FixedType stateType,
                        boolean timeChannel) implements QLayer {
    public QOdeBlock {
        Checks.name(name);
        f = List.copyOf(f);
        if (f.isEmpty()) {
            throw new IllegalArgumentException(name + ": the ODE function has no layers");
        }
        if (steps < 1) {
            throw new IllegalArgumentException(name + ": steps must be at least 1, got " + steps);
        }
        if (!hType.isFast()) {
            throw new IllegalArgumentException(name + ": step-size type is limited to 64 bits");
        }
        Checks.raws(name, "h", new long[] {hRaw}, hType);
    }

    @Override
    public FixedType outputType() {
        return stateType;
    }

    @Override
    public Dims outputDims(Dims in) {
        Dims d = timeChannel ? new Dims(in.c() + 1, in.h(), in.w()) : in;
        for (QLayer layer : f) {
            d = layer.outputDims(d);
        }
        if (!d.equals(in)) {
            throw new IllegalArgumentException(name + ": f maps " + in + " to " + d + ", but an ODE state keeps its shape");
        }
        return in;
    }

    @Override
    public <R> R accept(QLayerVisitor<R> v) {
        return v.ode(this);
    }
}
