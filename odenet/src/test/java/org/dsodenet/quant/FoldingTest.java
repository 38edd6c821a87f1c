package org.dsodenet.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.ops.act.ReLU;
import org.dsodenet.ops.conv.Conv2d;
import org.dsodenet.ops.conv.DepthwiseConv2d;
import org.dsodenet.ops.conv.PointwiseConv2d;
import org.dsodenet.ops.conv.Window;
import org.dsodenet.ops.layer.Flatten;
import org.dsodenet.ops.layer.Layer;
import org.dsodenet.ops.layer.Sequential;
import org.dsodenet.ops.linear.Linear;
import org.dsodenet.ops.norm.BatchNorm2d;
import org.dsodenet.ops.ode.OdeBlock;
import org.dsodenet.ops.pool.GlobalAvgPool;
import org.junit.jupiter.api.Test;

class FoldingTest {
    private static final Window W = new Window(3, 1, 1);

    private static String kinds(List<Layer> layers) {
        return String.join(" ", layers.stream().map(l -> l.getClass().getSimpleName() + ":" + l.name()).toList());
    }

    @Test
    void aBatchNormAfterAConvolutionIsFoldedIntoItAndAnyOtherBecomesAChannelAffine() {
        SplittableRandom rng = new SplittableRandom(3);
        Sequential net = new Sequential(Conv2d.init("conv", 1, 2, W, false, rng), new BatchNorm2d("bn1", 2),
                new ReLU("relu"), new BatchNorm2d("bn2", 2),
                new Sequential(DepthwiseConv2d.init("dw", 2, W, false, rng), new BatchNorm2d("bn3", 2)),
                new OdeBlock("ode", new Sequential(new BatchNorm2d("bn4", 2), new ReLU("r"),
                        PointwiseConv2d.init("pw", 2, 2, false, rng), new BatchNorm2d("bn5", 2)), 2, 0.5f, false),
                new GlobalAvgPool("gap"), Linear.init("fc", 2, 3, true, rng), new BatchNorm2d("bn6", 3));
        List<Layer> folded = Folding.fold(net).layers();
        assertEquals("Conv2d:conv ReLU:relu ChannelAffine:bn2 DepthwiseConv2d:dw OdeBlock:ode GlobalAvgPool:gap"
                + " Linear:fc ChannelAffine:bn6", kinds(folded));
        assertEquals("ChannelAffine:bn4 ReLU:r PointwiseConv2d:pw",
                kinds(((Sequential) ((OdeBlock) folded.get(4)).f()).layers()));
    }

    @Test
    void aFoldedNetworkFoldsToTheSameStructure() {
        Sequential once = Folding.fold(new Sequential(new ReLU("relu"), new BatchNorm2d("bn", 2)));
        assertEquals(kinds(once.layers()), kinds(Folding.fold(once).layers()));
    }

    @Test
    void aLayerWithoutQuantizedFormIsNamedWithItsKind() {
        for (Layer bad : List.of(new Flatten(), new FakeQuant("fq", FixedType.signed(8, 3)))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Folding.fold(new Sequential(new ReLU("relu"), bad)));
            assertTrue(e.getMessage().contains("(" + bad.getClass().getSimpleName() + ") has no quantized form"),
                    e.getMessage());
        }
    }
}
