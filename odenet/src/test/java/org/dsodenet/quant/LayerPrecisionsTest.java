package org.dsodenet.quant;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.List;
import org.dsodenet.data.Dataset;
import org.dsodenet.odenet.model.OdeNetModel;
import org.dsodenet.ops.fixed.model.QLayer;
import org.dsodenet.ops.fixed.model.QLinear;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.ops.fixed.model.QOdeBlock;
import org.dsodenet.ops.fixed.model.QPointwiseConv2d;
import org.dsodenet.ops.fixed.model.QRelu;
import org.junit.jupiter.api.Test;

class LayerPrecisionsTest {
    @Test
    void lastMatchingOverrideWinsAndGlobsSpanDots() {
        LayerPrecisions lp = LayerPrecisions.parse("fx8", List.of("stage*=16,16,16", "stage?.f.pw2=4,8,8", "fc=fx16"));
        assertEquals(Precision.FX8, lp.of("pre.conv"));
        assertEquals(16, lp.of("stage2.f.dw1").weightBits());
        assertEquals(4, lp.of("stage3.f.pw2").weightBits());
        assertEquals(16, lp.of("stage13.f.pw2").weightBits(), "'?' is exactly one character");
        assertEquals(Precision.FX16, lp.of("fc"));
        assertEquals(Precision.FX8, lp.of("fcx"), "a glob matches the whole name");
        assertEquals("fx8; stage*=w16a16s16; stage?.f.pw2=w4a8s8; fc=fx16", lp.describe());
        assertEquals("fx8_perlayer", lp.name());
        assertEquals("fx8", LayerPrecisions.uniform(Precision.FX8).name());
    }

    @Test
    void globMatchingAgreesWithTheEquivalentRegex() {
        qt().withExamples(scaled(2000)).forAll(strings().betweenCodePoints('a', 'e').ofLengthBetween(1, 7),
                strings().betweenCodePoints('a', 'c').ofLengthBetween(0, 8)).checkAssert((g, name) -> {
                    // 'd' stands for '*' and 'e' for '?', so the generator covers every mix of literals and wildcards.
                    String glob = g.replace('d', '*').replace('e', '?');
                    String regex = glob.replace("*", ".*").replace("?", ".");
                    assertEquals(name.matches(regex), new LayerPrecisions.Override(glob, Precision.FX8).matches(name),
                            glob + " vs " + name);
                });
    }

    @Test
    void malformedOverridesAreOneLineErrors() {
        for (String bad : List.of("fc", "=fx8", "fc=", "fc=fx7", "f c=fx8", "fc/..=fx8", "fc=8,8")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> LayerPrecisions.parse("fx8", List.of(bad)), bad);
            assertTrue(!e.getMessage().contains("\n") && !e.getMessage().isBlank(), e.getMessage());
        }
    }

    @Test
    void quantizerGivesEachLayerItsOwnBitsAndRefusesPatternsThatMatchNothing() {
        Dataset data = TinyQuant.data(48, 1);
        OdeNetModel m = TinyQuant.trained(TinyQuant.config(false), data, 1, 2);
        LayerPrecisions lp = LayerPrecisions.parse("fx8",
                List.of("fc=12,10,8,20", "stage2.ode=8,8,14", "stage2.f.pw*=6,8,8", "input=8,6,8"));
        QNetwork q = TinyQuant.ptq(m, lp, data).net();
        assertEquals(6, q.inputType().width());
        for (QLayer l : QNetwork.flatten(q.layers())) {
            if (l instanceof QLinear f) {
                assertEquals(12, f.types().weight().width());
                assertEquals(10, f.types().output().width());
                assertTrue(f.types().acc().width() <= 20, "accumulator capped at 20 bits");
            } else if (l instanceof QOdeBlock o) {
                assertEquals(o.name().equals("stage2.ode") ? 14 : 8, o.stateType().width(), o.name());
            } else if (l instanceof QPointwiseConv2d p) {
                assertEquals(p.name().startsWith("stage2.f.pw") ? 6 : 8, p.types().weight().width(), p.name());
            } else if (l instanceof QRelu r) {
                assertEquals(8, r.outputType().width(), r.name());
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TinyQuant.ptq(m, LayerPrecisions.parse("fx8", List.of("stage9.*=fx16")), data));
        assertTrue(e.getMessage().startsWith("layer precision 'stage9.*' matches no layer; layers are input, "), e.getMessage());
    }
}
