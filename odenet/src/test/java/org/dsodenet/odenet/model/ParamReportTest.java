package org.dsodenet.odenet.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Parameter counts worked out by hand from the architecture definition. */
class ParamReportTest {
    private static long row(ParamReport r, String layer) {
        return r.rows().stream().filter(x -> x.layer().equals(layer)).findFirst().orElseThrow().params();
    }

    @Test
    void countsMatchTheFormulas() {
        int c = 8;
        ParamReport ds = ParamReport.of(ModelConfig.defaults(Arch.DSODENET));
        // f = dw3x3 (9C) + pw (C^2) + BN (2C) + dw3x3 (9C) + pw (C^2) + BN (2C)
        assertEquals(2L * (9 * c + c * c + 2 * c), row(ds, "stage1.ode"));
        ParamReport ode = ParamReport.of(ModelConfig.defaults(Arch.ODENET));
        // f = conv3x3 (9C^2) + BN (2C), twice
        assertEquals(2L * (9 * c * c + 2 * c), row(ode, "stage1.ode"));
        // ResNet: steps separate blocks
        ParamReport res = ParamReport.of(ModelConfig.defaults(Arch.RESNET));
        assertEquals(2L * (9 * c * c + 2 * c), row(res, "stage1.block1"));
        assertEquals(4 * (row(ode, "stage1.ode") + row(ode, "stage2.ode") + row(ode, "stage3.ode")),
                (long) res.byGroup().get(Group.ODE));
        // down1: conv3x3 stride 2, 8 -> 16, no bias, + BN
        assertEquals(9L * 8 * 16, row(ds, "down1.conv"));
        assertEquals(ds.total(), ds.rows().stream().mapToLong(ParamReport.Row::params).sum());
        assertEquals(1.0 - (double) ds.withoutPrePost() / ode.withoutPrePost(), ds.reductionVsOdenet(), 1e-12);
        assertEquals(0.0, ode.reductionVsOdenet(), 0.0);
    }

    @Test
    void timeChannelWidensTheFirstConvolution() {
        ModelConfig base = ModelConfig.defaults(Arch.DSODENET);
        long without = row(ParamReport.of(base), "stage1.ode");
        long with = row(ParamReport.of(base.withTimeChannel(true)), "stage1.ode");
        // dw1 gains one 3x3 filter, pw1 one input column
        assertEquals(without + 9 + 8, with);
    }

    @Test
    void defaultLandsInThePapersRange() {
        double r = ParamReport.of(ModelConfig.defaults(Arch.DSODENET)).reductionVsOdenet();
        assertTrue(r >= 0.542 && r <= 0.798, "reduction " + r);
    }
}
