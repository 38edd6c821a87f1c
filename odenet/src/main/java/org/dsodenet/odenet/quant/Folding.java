package org.dsodenet.odenet.quant;

import java.util.ArrayList;
import java.util.List;
import org.dsodenet.odenet.model.OdeNetModel;
import org.dsodenet.ops.conv.Conv2d;
import org.dsodenet.ops.conv.DepthwiseConv2d;
import org.dsodenet.ops.conv.PointwiseConv2d;
import org.dsodenet.ops.layer.Layer;
import org.dsodenet.ops.layer.Sequential;
import org.dsodenet.ops.norm.BatchNorm2d;
import org.dsodenet.ops.norm.BatchNormFolding;
import org.dsodenet.ops.ode.OdeBlock;

/**
 * Turns a trained float model into its inference form, layer for layer the structure of the quantized network:
 * every batch norm that follows a convolution is folded into it (running statistics), any other batch norm becomes
 * a {@link ChannelAffine}. The source model is not modified.
 */
public final class Folding {
    private Folding() {}

    public static Sequential fold(OdeNetModel model) {
        List<Layer> all = new ArrayList<>(model.body().layers());
        all.add(model.head());
        return new Sequential(fold(all));
    }

    static List<Layer> fold(List<Layer> layers) {
        List<Layer> out = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            BatchNorm2d next = i + 1 < layers.size() && layers.get(i + 1) instanceof BatchNorm2d bn ? bn : null;
            if (next != null && l instanceof Conv2d c) {
                out.add(BatchNormFolding.fold(c, next));
                i++;
            } else if (next != null && l instanceof DepthwiseConv2d c) {
                out.add(BatchNormFolding.fold(c, next));
                i++;
            } else if (next != null && l instanceof PointwiseConv2d c) {
                out.add(BatchNormFolding.fold(c, next));
                i++;
            } else if (l instanceof BatchNorm2d bn) {
                out.add(affine(bn));
            } else if (l instanceof OdeBlock o) {
                if (!(o.f() instanceof Sequential f)) {
                    throw new IllegalArgumentException(o.name() + ": only Sequential ODE functions can be folded");
                }
                out.add(new OdeBlock(o.name(), new Sequential(fold(f.layers())), o.solver(), o.steps(), o.h(), o.timeChannel()));
            } else if (l instanceof Sequential s) {
                out.addAll(fold(s.layers()));
            } else {
                out.add(l);
            }
        }
        return out;
    }

    static ChannelAffine affine(BatchNorm2d bn) {
        double[] s = bn.inferenceScale();
        double[] t = bn.inferenceShift();
        float[] a = new float[s.length];
        float[] b = new float[t.length];
        for (int c = 0; c < s.length; c++) {
            a[c] = (float) s[c];
            b[c] = (float) t[c];
        }
        return new ChannelAffine(bn.name(), a, b);
    }
}
