package org.dsodenet.codegen.hls;

import java.util.List;
import org.dsodenet.ops.fixed.model.QNetwork;

/**
 * Writes the testbench data file ({@code dsodenet-tb 1}, described in hls-templates/tb/dsodenet_tb.h). The expected
 * records must follow {@link TracePoint#order} exactly; a record that does not is a programming error of the caller
 * and is refused here rather than discovered as a confusing mismatch in C simulation.
 */
public final class TestbenchData {
    private TestbenchData() {}

    /** The data file for a project generated from {@code net} (the identifiers are assigned as the generator does). */
    public static String format(QNetwork net, List<TbImage> images) {
        CIdentifiers ids = new CIdentifiers();
        new LayerCode(ids).emit(net.layers(), new LayerCode.Buffer("input", "input_t", net.input()), "", "-1");
        return format(net, ids, images);
    }

    static String format(QNetwork net, CIdentifiers ids, List<TbImage> images) {
        List<TracePoint> order = TracePoint.order(net.layers());
        StringBuilder s = new StringBuilder("dsodenet-tb 1\n");
        for (TbImage im : images) {
            if (im.input().size() != net.input().size()) {
                throw new IllegalArgumentException("testbench image " + im.index() + " has " + im.input().size()
                        + " input values, the network takes " + net.input().size());
            }
            if (im.expected().size() != order.size()) {
                throw new IllegalArgumentException("testbench image " + im.index() + " has " + im.expected().size()
                        + " traced arrays, the generated code traces " + order.size());
            }
            s.append("image ").append(im.index()).append('\n');
            words(s.append("input ").append(im.input().size()), im.input());
            for (int i = 0; i < order.size(); i++) {
                TracePoint tp = order.get(i);
                TbRecord r = im.expected().get(i);
                if (!r.layer().equals(tp.layer().name()) || r.step() != tp.step() || !r.type().equals(tp.layer().outputType())) {
                    throw new IllegalArgumentException("testbench image " + im.index() + ", record " + i + ": got "
                            + r.layer() + " step " + r.step() + " " + r.type() + ", expected " + tp.layer().name()
                            + " step " + tp.step() + " " + tp.layer().outputType());
                }
                record(s, ids.of(r.layer()), r.step(), r.hex());
            }
            record(s, "output", -1, im.expected().get(order.size() - 1).hex());
        }
        return s.append("end\n").toString();
    }

    private static void record(StringBuilder s, String layer, int step, List<String> hex) {
        words(s.append("expect ").append(layer).append(' ').append(step).append(' ').append(hex.size()), hex);
    }

    private static void words(StringBuilder s, List<String> hex) {
        for (String h : hex) {
            s.append(' ').append(h);
        }
        s.append('\n');
    }
}
