package org.dsodenet.ops.norm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.dsodenet.ops.act.ReLU;
import org.dsodenet.ops.layer.Layer;
import org.dsodenet.ops.layer.Residual;
import org.dsodenet.ops.layer.Sequential;
import org.dsodenet.ops.ode.OdeBlock;
import org.junit.jupiter.api.Test;

class BatchNormsTest {
    private final BatchNorm2d a = new BatchNorm2d("a", 1);
    private final BatchNorm2d b = new BatchNorm2d("b", 1);
    private final BatchNorm2d c = new BatchNorm2d("c", 1);
    private final BatchNorm2d d = new BatchNorm2d("d", 1);
    private final ReLU relu = new ReLU("r");
    private final Sequential net = new Sequential(relu, a,
            new OdeBlock("ode", new Sequential(b, new ReLU()), 2, 0.5f, true), new Residual(c), d);

    @Test
    void findsTheBatchNormsOfSequencesAndOdeFunctionsInForwardOrder() {
        assertEquals(List.of(a, b, d), BatchNorms.in(net));
    }

    @Test
    void replaceSwapsEveryBatchNormItFindsAndLeavesTheNetworkAlone() {
        Layer replaced = BatchNorms.replace(net, bn -> new ReLU(bn.name() + "'"));
        assertEquals(List.of(), BatchNorms.in(replaced));
        assertEquals(List.of(a, b, d), BatchNorms.in(net));
        List<Layer> layers = ((Sequential) replaced).layers();
        assertSame(relu, layers.get(0));
        assertEquals("a'", layers.get(1).name());
        OdeBlock ode = (OdeBlock) layers.get(2);
        assertEquals("b'", ((Sequential) ode.f()).layers().get(0).name());
        assertEquals(List.of(2, 0.5f, true), List.of(ode.steps(), ode.h(), ode.timeChannel()));
        assertEquals("d'", layers.get(4).name());
    }
}
