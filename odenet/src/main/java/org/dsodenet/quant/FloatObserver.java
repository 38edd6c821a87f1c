package org.dsodenet.quant;

import java.util.List;
import org.dsodenet.ops.fixed.types.Calibration;
import org.dsodenet.ops.layer.Layer;
import org.dsodenet.ops.layer.Sequential;
import org.dsodenet.ops.ode.EulerLoop;
import org.dsodenet.ops.ode.OdeBlock;
import org.dsodenet.ops.ode.Solver;
import org.dsodenet.ops.tensor.Tensor;

/**
 * Runs a folded float network and records the range of every layer's output under the layer's name: top-level
 * layers, the layers of ODE functions at every step, and each ODE block's state after every step under the block's
 * name (the same keys {@link Calibration#observe(org.dsodenet.ops.fixed.Trace)} uses for fixed-point traces).
 */
public final class FloatObserver {
    private FloatObserver() {}

    public static Tensor run(Sequential net, Tensor x, Calibration cal) {
        cal.observe("input", toDouble(x));
        return run(net.layers(), x, cal);
    }

    private static Tensor run(List<Layer> layers, Tensor x, Calibration cal) {
        Tensor cur = x;
        for (Layer l : layers) {
            if (l instanceof OdeBlock o) {
                cur = ode(o, cur, cal);
            } else {
                cur = l.forward(cur, false);
                cal.observe(l.name(), toDouble(cur));
            }
        }
        return cur;
    }

    /** The Euler loop with f's layers observed at every step and the state after each; RK4 has no fixed-point form. */
    private static Tensor ode(OdeBlock o, Tensor x, Calibration cal) {
        if (o.solver() != Solver.EULER) {
            throw new IllegalArgumentException(o.name() + ": only Euler ODE blocks have a fixed-point form");
        }
        List<Layer> f = ((Sequential) o.f()).layers();
        EulerLoop loop = new EulerLoop(o.name(), o.steps(), o.h(), o.timeChannel());
        return loop.forward(x, o::time, in -> run(f, in, cal), (k, z) -> {
            cal.observe(o.name(), toDouble(z));
            return z;
        });
    }

    static double[] toDouble(Tensor t) {
        float[] d = t.data();
        double[] out = new double[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = d[i];
        }
        return out;
    }
}
