package org.dsodenet.report;

import java.util.ArrayList;
import java.util.List;
import org.dsodenet.codegen.estimate.LayerEstimate;
import org.dsodenet.codegen.estimate.Part;
import org.dsodenet.codegen.estimate.ResourceEstimate;

/** Report data shaped like a real run, for tests and for looking at the page. Numbers are made up. */
final class SampleReports {
    private SampleReports() {}

    static ReportData full() {
        int epochs = 30;
        double[] srcLoss = new double[epochs];
        double[] tgtLoss = new double[epochs];
        double[] srcAcc = new double[epochs];
        double[] tgtAcc = new double[epochs];
        for (int i = 0; i < epochs; i++) {
            srcLoss[i] = 2.3 * Math.exp(-i / 5.0) + 0.05;
            tgtLoss[i] = 2.4 * Math.exp(-i / 8.0) + 0.2 + 0.03 * Math.sin(i);
            srcAcc[i] = 1 - 0.9 * Math.exp(-i / 4.0);
            tgtAcc[i] = 0.92 - 0.8 * Math.exp(-i / 7.0);
        }
        tgtLoss[12] = Double.NaN;
        List<LayerEstimate> est = List.of(
                new LayerEstimate("conv0", "conv", 9_000, 1, 0, 9, 230_000, false),
                new LayerEstimate("ode1", "ode", 290_000, 16, 0, 72, 2_400_000, true),
                new LayerEstimate("down1", "down", 40_000, 3, 0, 18, 310_000, false),
                new LayerEstimate("ode2", "ode", 1_100_000, 62, 0, 72, 1_900_000, true),
                new LayerEstimate("fc", "linear", 11_000, 1, 0, 10, 700, false));
        ResourceEstimate re = new ResourceEstimate(Part.PYNQ_Z2, 10.0, est, 52_000);
        List<ParamRow> params = List.of(
                new ParamRow("conv0", ParamGroup.PRE, 448),
                new ParamRow("ode1", ParamGroup.ODE, 2_912),
                new ParamRow("down1", ParamGroup.DOWN, 4_736),
                new ParamRow("ode2", ParamGroup.ODE, 11_072),
                new ParamRow("fc", ParamGroup.POST, 650));
        ReportData.Builder b = ReportData.builder("dsODENet run: MNIST \u2192 USPS, ap_fixed<16,6>")
                .meta("command", "./dsodenet demo --epochs 30 --seed 42 --type 'ap_fixed<16,6,AP_RND,AP_SAT>'")
                .meta("seed", 42)
                .meta("date", "2025-11-24T21:55:00Z")
                .meta("machine", "2 cores, OpenJDK 17.0.15")
                .chart(new Chart("Loss", "epoch", "cross-entropy", List.of(Series.ofY("source train", srcLoss),
                        Series.ofY("target eval", tgtLoss)), Scale.LOG))
                .chart(new Chart("Accuracy", "epoch", "accuracy", List.of(Series.ofY("source train", srcAcc),
                        Series.ofY("target eval", tgtAcc))))
                .accuracy(new AccuracyRow("source (MNIST)", "dsODENet", "float32", 0.9912).asHeadline())
                .accuracy(new AccuracyRow("target (USPS)", "dsODENet + DANN", "float32", 0.9031).asHeadline())
                .accuracy(new AccuracyRow("target (USPS)", "dsODENet + DANN", "ap_fixed<16,6>", 0.9018,
                        "after quantization-aware fine-tuning").asHeadline())
                .accuracy(new AccuracyRow("target (USPS)", "ODENet", "float32", 0.8874))
                .gap(new GapRow("target (USPS)", "dsODENet + DANN", "float32", 0.9031, new GapClosure(0.7031, 0.9531)))
                .gap(new GapRow("target (USPS)", "dsODENet + DANN", "ap_fixed<16,6>", 0.9018,
                        new GapClosure(0.9531, 0.9531)))
                .params(new ParamTable(params, "ODENet", 52_634))
                .resources(ResourceBlock.of(re))
                .bitExact(new BitExactResult(1_254_400, 0, "make -C hls csim"))
                .note("Quantization used AP_RND and AP_SAT everywhere.\nAccumulators are ap_fixed<32,12>.");
        String[] names = {"conv0", "bn0", "ode1.dw", "ode1.pw", "ode1.bn", "down1", "ode2.dw", "ode2.pw", "ode2.bn",
            "pool", "fc"};
        long[] sat = {0, 0, 3, 120, 0, 0, 0, 4_500, 2, 0, 0};
        for (int i = 0; i < names.length; i++) {
            double maxErr = 0.004 * (i + 1) * (i % 3 == 0 ? 10 : 1);
            b.quant(new QuantRow(names[i], "ap_fixed<16,6,AP_RND,AP_SAT>", maxErr, maxErr / 7, sat[i], 0,
                    40_000 + i * 1_000, 50_176));
        }
        return b.build();
    }

    /** A report whose every text field carries markup that must be escaped. */
    static ReportData hostile() {
        String s = "<script>alert('x')</script> & \"q\"";
        List<Point> pts = new ArrayList<>();
        pts.add(new Point(1, 1));
        pts.add(new Point(2, 3));
        return ReportData.builder(s)
                .meta(s, s)
                .chart(new Chart(s, s, s, List.of(new Series(s, pts))))
                .barChart(new BarChart(s, s, List.of(new Bar(s, 3)), Scale.LINEAR))
                .accuracy(new AccuracyRow(s, s, s, 0.5, s))
                .gap(new GapRow(s, s, s, 0.5, new GapClosure(0.25, 0.75)))
                .quant(new QuantRow(s, s, 0.1, 0.01, 1, 2, 3, 10))
                .params(new ParamTable(List.of(new ParamRow(s, ParamGroup.ODE, 10)), s, 20))
                .resources(new ResourceBlock(s, List.of(new ResourceRow(s, 1, 0, 2, 3)), List.of(s), s))
                .bitExact(new BitExactResult(10, 1, s, s))
                .note(s)
                .build();
    }
}
