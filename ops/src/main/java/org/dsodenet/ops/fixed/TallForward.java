package org.dsodenet.ops.fixed;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.dsodenet.fixedpoint.FixedType;
import org.dsodenet.ops.fixed.kernel.LayerKernel;
import org.dsodenet.ops.fixed.kernel.LongValues;
import org.dsodenet.ops.fixed.kernel.TallGaps;
import org.dsodenet.ops.fixed.kernel.Values;
import org.dsodenet.ops.fixed.model.Dims;
import org.dsodenet.ops.fixed.model.QLayer;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.ops.fixed.model.QOdeBlock;

/**
 * The count-free forward of a group of images on one thread, layer by layer: the layers {@link TallPitch} admits
 * (from the first whose planes are small) run once on tall planes (per channel, the group's images stacked with zero
 * gap rows), planned as one network whose input is {@code images·pitch} rows high; the layers before and after them
 * run image by image. A tall plane turns the small 14×14 and 7×7 planes into long rows, so the vector loops run full
 * and every per-layer cost is paid once per group.
 *
 * <p>Each image's outputs are its own: a convolution's output row of image b reads only image b's rows and zero
 * rows, exactly the inputs and padding it reads alone, and every sum, conversion and proof depends only on those
 * values and the types, never on the plane's height. Rows computed in the gaps are never read as data: each padded
 * convolution zeroes them in its input first.
 */
final class TallForward {
    private final int images;
    private final int tallLayers;
    /** The layers before the tall run, image by image; null when the tall run starts at the input. */
    private final FastForward head;
    private final Dims in;
    private final int pitch;
    private final Dims out;
    private final int outPitch;
    private final FastForward prefix;
    private final FixedType prefixType;
    /** The layers after the tall run, image by image; null when the tall run is the whole network. */
    private final FastForward tail;

    TallForward(QNetwork net, TallPitch tp, int images, List<Stage> perImage) {
        this.images = images;
        this.tallLayers = tp.end() - tp.start();
        this.in = perImageDims(net, tp.start());
        this.pitch = tp.pitch();
        FixedType inType = tp.start() == 0 ? net.inputType() : net.layers().get(tp.start() - 1).outputType();
        this.head = tp.start() == 0 ? null : new FastForward(perImage.subList(0, tp.start()), inType, in.size());
        List<QLayer> layers = net.layers().subList(tp.start(), tp.end());
        Dims tallIn = new Dims(in.c(), images * pitch, in.w());
        List<Stage> tall = FixedForward.plan(layers, tallIn, inType);
        Map<LayerKernel, TallGaps> gaps = new IdentityHashMap<>();
        int h = in.h();
        int p = pitch;
        for (int i = 0; i < layers.size(); i++) {
            QLayer l = layers.get(i);
            if (tall.get(i) instanceof Stage.Ode ode) {
                for (int j = 0; j < ode.f().size(); j++) {
                    gap(gaps, ode.f().get(j), ((QOdeBlock) l).f().get(j), h, p);
                }
            } else {
                gap(gaps, ((Stage.Single) tall.get(i)).kernel(), l, h, p);
                int[] kp = TallPitch.geometry(l);
                h = (h + 2 * kp[2] - kp[0]) / kp[1] + 1;
                p /= kp[1];
            }
        }
        Dims last = perImageDims(net, tp.end());
        this.out = last;
        this.outPitch = p;
        Dims tallOut = tall.get(tall.size() - 1) instanceof Stage.Ode ode ? ode.dims()
                : ((Stage.Single) tall.get(tall.size() - 1)).kernel().outDims();
        if (h != last.h() || tallOut.h() != images * p || tallOut.c() != last.c() || tallOut.w() != last.w()) {
            throw new IllegalStateException("tall plan " + tallOut + " does not hold " + images + " images of " + last);
        }
        this.prefixType = layers.get(layers.size() - 1).outputType();
        this.prefix = new FastForward(tall, prefixType, tallOut.size(), gaps);
        List<Stage> rest = perImage.subList(tp.end(), perImage.size());
        this.tail = rest.isEmpty() ? null
                : new FastForward(rest, net.layers().get(net.layers().size() - 1).outputType(),
                        net.outputDims().size());
    }

    /** One image's dimensions at the input of layer i. */
    private static Dims perImageDims(QNetwork net, int i) {
        Dims d = net.input();
        for (int j = 0; j < i; j++) {
            d = net.layers().get(j).outputDims(d);
        }
        return d;
    }

    /** Records the gaps a padded convolution zeroes in its tall input of images of h rows at pitch p. */
    private void gap(Map<LayerKernel, TallGaps> gaps, LayerKernel k, QLayer l, int h, int p) {
        if (TallPitch.geometry(l)[2] > 0) {
            Dims d = k.inDims();
            gaps.put(k, new TallGaps(d.c(), images, p, h, d.w()));
        }
    }

    /** The outputs of {@code inputs[from .. from + count)} (count ≤ images, each already checked) into out. */
    void outputs(List<long[]> inputs, int from, int count, Values[] results) {
        int plane = in.h() * in.w();
        int height = images * pitch;
        long[] x = new long[in.c() * height * in.w()];
        for (int b = 0; b < count; b++) {
            long[] img = head == null ? inputs.get(from + b) : head.raws(inputs.get(from + b));
            for (int c = 0; c < in.c(); c++) {
                System.arraycopy(img, c * plane, x, (c * height + b * pitch) * in.w(), plane);
            }
        }
        long[] y = prefix.raws(x);
        int outPlane = out.h() * out.w();
        int outHeight = images * outPitch;
        for (int b = 0; b < count; b++) {
            long[] img = new long[out.size()];
            for (int c = 0; c < out.c(); c++) {
                System.arraycopy(y, (c * outHeight + b * outPitch) * out.w(), img, c * outPlane, outPlane);
            }
            results[from + b] = tail == null ? new LongValues(prefixType, img) : tail.outputs(img);
        }
    }

    /** How many leading layers run tall (the tests' coverage measure). */
    int layers() {
        return tallLayers;
    }
}
