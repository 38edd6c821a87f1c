package org.dsodenet.codegen.hls;

import java.util.ArrayList;
import java.util.List;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.oracle.RawHex;
import org.dsodenet.ops.fixed.FixedForward;
import org.dsodenet.ops.fixed.LayerTrace;
import org.dsodenet.ops.fixed.StepTrace;
import org.dsodenet.ops.fixed.Trace;
import org.dsodenet.ops.fixed.kernel.LongValues;
import org.dsodenet.ops.fixed.kernel.Values;
import org.dsodenet.ops.fixed.model.QNetwork;

/**
 * Runs the Java fixed-point forward on testbench inputs and records every traced array in the order the generated
 * top function traces them ({@link TracePoint#order}), as raw bit patterns.
 */
public final class TestbenchExporter {
    private TestbenchExporter() {}

    /** One image per input (raws of the network's input type, CHW). */
    public static List<TbImage> images(QNetwork net, List<long[]> inputs) {
        FixedForward fwd = new FixedForward(net, true);
        List<Trace> traces = fwd.runBatch(inputs);
        List<TbImage> out = new ArrayList<>();
        for (int n = 0; n < inputs.size(); n++) {
            out.add(image(n, net.inputType(), inputs.get(n), traces.get(n)));
        }
        return out;
    }

    /**
     * Images for the project generated from {@code full} under {@code opt}: with {@code odeOnly}, the deployed part
     * starts after the host-side layers, so its inputs are what the Java forward of those layers produced.
     */
    public static List<TbImage> images(QNetwork full, HlsOptions opt, List<long[]> inputs) {
        QNetwork deployed = HlsProjectGenerator.deployed(full, opt);
        if (deployed == full) {
            return images(full, inputs);
        }
        int first = full.layers().indexOf(deployed.layers().get(0));
        if (first == 0) {
            return images(deployed, inputs);
        }
        FixedForward host = new FixedForward(new QNetwork(full.name() + "_host", full.input(), full.inputType(),
                full.layers().subList(0, first)));
        List<long[]> mid = new ArrayList<>();
        for (Trace t : host.runBatch(inputs)) {
            if (!(t.output().raws() instanceof LongValues v)) {
                throw new IllegalArgumentException("the ODE part's input type is wider than 64 bits");
            }
            mid.add(v.raws());
        }
        return images(deployed, mid);
    }

    static TbImage image(int index, FixedType inType, long[] input, Trace trace) {
        List<String> in = new ArrayList<>(input.length);
        for (long v : input) {
            in.add(RawHex.format(v, inType));
        }
        List<TbRecord> rec = new ArrayList<>();
        for (LayerTrace l : trace.layers()) {
            if (l.steps().isEmpty()) {
                rec.add(new TbRecord(l.name(), -1, l.type(), hex(l.raws())));
                continue;
            }
            for (StepTrace s : l.steps()) {
                for (LayerTrace f : s.f()) {
                    rec.add(new TbRecord(f.name(), s.step(), f.type(), hex(f.raws())));
                }
                rec.add(new TbRecord(l.name(), s.step(), s.type(), hex(s.state())));
            }
        }
        return new TbImage(index, in, rec);
    }

    private static List<String> hex(Values v) {
        if (v == null) {
            throw new IllegalStateException("forward did not record values for a traced array");
        }
        List<String> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            out.add(v instanceof LongValues l ? RawHex.format(l.raws()[i], v.type()) : RawHex.format(v.big(i), v.type()));
        }
        return out;
    }
}
