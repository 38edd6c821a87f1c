package org.dsodenet.codegen.estimate;

import java.util.ArrayList;
import java.util.List;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.ops.fixed.model.Dims;
import org.dsodenet.ops.fixed.model.QBatchNorm;
import org.dsodenet.ops.fixed.model.QConv2d;
import org.dsodenet.ops.fixed.model.QDepthwiseConv2d;
import org.dsodenet.ops.fixed.model.QGlobalAvgPool;
import org.dsodenet.ops.fixed.model.QLayer;
import org.dsodenet.ops.fixed.model.QLayerVisitor;
import org.dsodenet.ops.fixed.model.QLinear;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.ops.fixed.model.QOdeBlock;
import org.dsodenet.ops.fixed.model.QPointwiseConv2d;
import org.dsodenet.ops.fixed.model.QRelu;

/**
 * A first-order estimate of what the generated design needs, before running Vitis HLS: memory from array depths and
 * widths mapped onto BRAM18 aspect ratios, DSPs from the multipliers that the pipelined loops unroll (the kernels
 * pipeline the output-pixel loop, so the reduction loops inside become parallel multipliers), and cycles from the
 * pipelined trip counts at II = 1. Synthesis reports are the real numbers; this one answers "does it fit" early.
 */
public final class ResourceEstimator {
    /** Pipeline fill per loop, a typical depth for a multiply-add chain at a few hundred MHz. */
    private static final int PIPELINE_DEPTH = 8;
    private static final int[][] BRAM18_SHAPES = {{16384, 1}, {8192, 2}, {4096, 4}, {2048, 9}, {1024, 18}, {512, 36}};

    private ResourceEstimator() {}

    public static ResourceEstimate estimate(QNetwork net, Part part, double clockNs) {
        List<LayerEstimate> rows = new ArrayList<>();
        int first = -1;
        int last = -1;
        for (int i = 0; i < net.layers().size(); i++) {
            if (net.layers().get(i) instanceof QOdeBlock) {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        Dims d = net.input();
        FixedType t = net.inputType();
        long load = 0;
        for (int i = 0; i < net.layers().size(); i++) {
            QLayer layer = net.layers().get(i);
            boolean ode = i >= first && i <= last && first >= 0;
            Acc a = new Acc(part);
            layerCost(layer, d, t, a);
            load += a.params;
            rows.add(new LayerEstimate(layer.name(), kind(layer), a.bits, a.bram, 0, a.dsp, a.cycles, ode));
            d = layer.outputDims(d);
            t = layer.outputType();
        }
        return new ResourceEstimate(part, clockNs, spillToUram(rows, part), load);
    }

    /** Accumulates one layer's arrays, multipliers and cycles. */
    private static final class Acc {
        final Part part;
        long bits;
        int bram;
        int dsp;
        long cycles;
        long params;

        Acc(Part part) {
            this.part = part;
        }

        void array(long depth, int width) {
            bits += depth * width;
            bram += bram18(depth, width);
        }

        void param(long count, FixedType type) {
            array(count, type.width());
            params += count;
        }

        void mults(long n, FixedType a, FixedType b) {
            dsp += (int) (n * dspPerMultiply(a.width(), b.width(), part));
        }

        void loop(long trips) {
            cycles += trips + PIPELINE_DEPTH;
        }
    }

    private static void layerCost(QLayer layer, Dims in, FixedType inType, Acc a) {
        Dims out = layer.outputDims(in);
        a.array(out.size(), layer.outputType().width());
        layer.accept(new QLayerVisitor<Void>() {
            @Override
            public Void conv(QConv2d c) {
                a.param((long) c.weights().length, c.types().weight());
                a.param(c.cOut(), c.types().bias());
                a.mults((long) c.cIn() * c.k() * c.k(), inType, c.types().weight());
                a.loop((long) out.size());
                return null;
            }

            @Override
            public Void depthwise(QDepthwiseConv2d c) {
                a.param((long) c.weights().length, c.types().weight());
                a.param(c.channels(), c.types().bias());
                a.mults((long) c.k() * c.k(), inType, c.types().weight());
                a.loop((long) out.size());
                return null;
            }

            @Override
            public Void pointwise(QPointwiseConv2d c) {
                a.param((long) c.weights().length, c.types().weight());
                a.param(c.cOut(), c.types().bias());
                a.mults(c.cIn(), inType, c.types().weight());
                a.loop((long) out.size());
                return null;
            }

            @Override
            public Void linear(QLinear l) {
                a.param((long) l.weights().length, l.types().weight());
                a.param(l.out(), l.types().bias());
                a.mults(1, inType, l.types().weight());
                a.loop((long) l.in() * l.out());
                return null;
            }

            @Override
            public Void batchNorm(QBatchNorm b) {
                a.param(b.channels(), b.scaleType());
                a.param(b.channels(), b.shiftType());
                a.mults(1, inType, b.scaleType());
                a.loop(out.size());
                return null;
            }

            @Override
            public Void relu(QRelu ignored) {
                a.loop(out.size());
                return null;
            }

            @Override
            public Void pool(QGlobalAvgPool g) {
                a.mults(1, g.accType(), g.recipType());
                a.loop(in.size());
                return null;
            }

            @Override
            public Void ode(QOdeBlock o) {
                Dims fd = o.timeChannel() ? new Dims(in.c() + 1, in.h(), in.w()) : in;
                a.array(fd.size(), o.stateType().width());
                Acc step = new Acc(a.part);
                step.loop(fd.size());
                Dims d = fd;
                FixedType t = o.stateType();
                for (QLayer f : o.f()) {
                    layerCost(f, d, t, step);
                    d = f.outputDims(d);
                    t = f.outputType();
                }
                step.mults(1, t, o.hType());
                step.loop(in.size());
                a.bits += step.bits;
                a.bram += step.bram;
                a.dsp += step.dsp;
                a.params += step.params;
                a.cycles += in.size() + PIPELINE_DEPTH + step.cycles * o.steps();
                return null;
            }
        });
    }

    static int bram18(long depth, int width) {
        if (depth * width <= 1024) {
            return 0; // small arrays are cheaper as LUTRAM or registers
        }
        long best = Long.MAX_VALUE;
        for (int[] s : BRAM18_SHAPES) {
            best = Math.min(best, ceil(width, s[1]) * ceil(depth, s[0]));
        }
        return (int) best;
    }

    /** DSP48E2 (UltraScale+) multiplies 27x18, DSP48E1 (7 series) 25x18; narrow products map to LUTs. */
    static int dspPerMultiply(int a, int b, Part part) {
        if (a <= 4 || b <= 4) {
            return 0;
        }
        int wide = part.device().startsWith("xczu") ? 27 : 25;
        return (int) Math.min(ceil(a, wide) * ceil(b, 18), ceil(b, wide) * ceil(a, 18));
    }

    /** When BRAM runs out on a part with URAM, the largest layers move to URAM, as a designer would bind them. */
    private static List<LayerEstimate> spillToUram(List<LayerEstimate> rows, Part part) {
        int bram = rows.stream().mapToInt(LayerEstimate::bram18).sum();
        if (bram <= part.bram18() || part.uram() == 0) {
            return rows;
        }
        List<LayerEstimate> out = new ArrayList<>(rows);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            order.add(i);
        }
        order.sort((x, y) -> Integer.compare(rows.get(y).bram18(), rows.get(x).bram18()));
        for (int i : order) {
            if (bram <= part.bram18()) {
                break;
            }
            LayerEstimate l = out.get(i);
            if (l.bram18() == 0) {
                continue;
            }
            int u = (int) Math.max(1, ceil(l.bits(), 288 * 1024));
            out.set(i, new LayerEstimate(l.name(), l.kind(), l.bits(), 0, u, l.dsp(), l.cycles(), l.ode()));
            bram -= l.bram18();
        }
        return out;
    }

    private static long ceil(long a, long b) {
        return (a + b - 1) / b;
    }

    private static String kind(QLayer l) {
        String n = l.getClass().getSimpleName();
        return n.startsWith("Q") ? n.substring(1) : n;
    }
}
