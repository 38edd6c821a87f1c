package org.dsodenet.codegen.hls;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.dsodenet.fixedpoint.FixedStats;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.fixedpoint.OverflowMode;
import org.dsodenet.fixedpoint.QuantMode;
import org.dsodenet.ops.fixed.FixedForward;
import org.dsodenet.ops.fixed.LayerTrace;
import org.dsodenet.ops.fixed.StepTrace;
import org.dsodenet.ops.fixed.Trace;
import org.dsodenet.ops.fixed.model.QConv2d;
import org.dsodenet.ops.fixed.model.QDepthwiseConv2d;
import org.dsodenet.ops.fixed.model.QGlobalAvgPool;
import org.dsodenet.ops.fixed.model.QLayer;
import org.dsodenet.ops.fixed.model.QLinear;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.ops.fixed.model.QPointwiseConv2d;

/**
 * What the Java forward saw while computing the expected values of the deployed layers: conversion events into the
 * accumulators by their quantization and overflow modes, into outputs and ODE states, and how many values came out
 * of layers with unsigned or wider-than-64-bit types. The C simulation tests use it to show that their networks
 * really overflow, wrap, saturate and drop bits, so that a pass means something.
 */
final class ConversionCoverage {
    final Map<OverflowMode, FixedStats> accByOverflow = new EnumMap<>(OverflowMode.class);
    final Map<QuantMode, FixedStats> accByQuant = new EnumMap<>(QuantMode.class);
    /** Accumulators with AP_WRAP or AP_WRAP_SM and N > 0 saturation bits. */
    final FixedStats accWrapWithN = new FixedStats();
    /** Every conversion into an accumulator wider than 64 bits. */
    final FixedStats wideAcc = new FixedStats();
    /** Output conversions of layers, ODE entries and Euler updates. */
    final FixedStats outputs = new FixedStats();
    /** Euler updates {@code z = z + f * h} (and the time value) alone. */
    final FixedStats updates = new FixedStats();
    /** Nonzero values produced by layers with unsigned output types. */
    long unsignedNonzero;
    /** Layers (ODE function layers included) on the exact BigInteger path of the Java forward. */
    long wideLayers;

    /** Adds the deployed part of {@code full}: its layers' events for these inputs of the full network. */
    void add(QNetwork full, HlsOptions opt, List<long[]> inputs) {
        QNetwork deployed = HlsProjectGenerator.deployed(full, opt);
        wideLayers += new FixedForward(deployed).wideLayers().size();
        for (Trace t : new FixedForward(full, true).runBatch(inputs)) {
            for (LayerTrace l : t.layers()) {
                if (deployed.layers().contains(l.layer())) {
                    layer(l);
                    for (StepTrace s : l.steps()) {
                        updates.add(s.updateStats());
                        outputs.add(s.updateStats());
                        s.f().forEach(this::layer);
                    }
                }
            }
        }
    }

    private void layer(LayerTrace l) {
        outputs.add(l.outStats());
        FixedType acc = accType(l.layer());
        if (acc != null) {
            accByOverflow.computeIfAbsent(acc.overflow(), k -> new FixedStats()).add(l.accStats());
            accByQuant.computeIfAbsent(acc.quant(), k -> new FixedStats()).add(l.accStats());
            if (acc.satBits() > 0 && (acc.overflow() == OverflowMode.AP_WRAP || acc.overflow() == OverflowMode.AP_WRAP_SM)) {
                accWrapWithN.add(l.accStats());
            }
            if (acc.width() > 64) {
                wideAcc.add(l.accStats());
            }
        }
        if (!l.type().signed() && l.steps().isEmpty()) {
            for (int i = 0; i < l.size(); i++) {
                if (l.rawBig(i).signum() != 0) {
                    unsignedNonzero++;
                }
            }
        }
    }

    static FixedType accType(QLayer l) {
        if (l instanceof QConv2d c) {
            return c.types().acc();
        } else if (l instanceof QDepthwiseConv2d c) {
            return c.types().acc();
        } else if (l instanceof QPointwiseConv2d c) {
            return c.types().acc();
        } else if (l instanceof QLinear c) {
            return c.types().acc();
        } else if (l instanceof QGlobalAvgPool g) {
            return g.accType();
        }
        return null;
    }

    FixedStats acc(OverflowMode o) {
        return accByOverflow.getOrDefault(o, new FixedStats());
    }

    FixedStats acc(QuantMode q) {
        return accByQuant.getOrDefault(q, new FixedStats());
    }

    @Override
    public String toString() {
        return "accumulators by overflow mode " + accByOverflow + ", by quantization mode " + accByQuant
                + ", wrap with N " + accWrapWithN + ", wide " + wideAcc + "; outputs " + outputs + "; updates " + updates
                + "; unsigned nonzero values " + unsignedNonzero + "; wide layers " + wideLayers;
    }
}
