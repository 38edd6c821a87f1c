package org.dsodenet.odenet.model;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.dsodenet.ops.act.ReLU;
import org.dsodenet.ops.conv.Conv2d;
import org.dsodenet.ops.conv.DepthwiseConv2d;
import org.dsodenet.ops.conv.PointwiseConv2d;
import org.dsodenet.ops.conv.Window;
import org.dsodenet.ops.layer.Layer;
import org.dsodenet.ops.layer.Param;
import org.dsodenet.ops.layer.Sequential;
import org.dsodenet.ops.linear.Linear;
import org.dsodenet.ops.norm.BatchNorm2d;
import org.dsodenet.ops.norm.BatchNorms;
import org.dsodenet.ops.ode.OdeBlock;
import org.dsodenet.ops.parallel.SampleSplit;
import org.dsodenet.ops.pool.GlobalAvgPool;
import org.dsodenet.ops.tensor.Tensor;

/**
 * A dsODENet, ODENet or ResNet in float for training: pre-processing conv 3x3 + batch norm + ReLU; three stages,
 * each an ODE block (ResNet: {@code steps} residual blocks with their own weights) separated by stride-2
 * downsampling; post-processing batch norm, ReLU, global average pooling and a linear classifier.
 *
 * <p>The ODE function f is {@code dw3x3 -> pw1x1 -> BN -> ReLU -> dw3x3 -> pw1x1 -> BN} for dsODENet and
 * {@code conv3x3 -> BN -> ReLU -> conv3x3 -> BN} for ODENet and ResNet (the residual branch of a basic block). With
 * a time channel, t enters f's first convolution as one extra input channel.
 *
 * <p>The network is split into {@link #body()} (up to the pooled features) and {@link #head()} (the classifier), so
 * domain adaptation can align the features.
 */
public final class OdeNetModel {
    /** One top-level layer and its group. */
    public record Part(Layer layer, Group group) {
        public String name() {
            return layer.name();
        }
    }

    private final ModelConfig config;
    private final List<Part> parts;
    private final Sequential body;
    private final Linear head;

    private OdeNetModel(ModelConfig config, List<Part> parts, Linear head) {
        this.config = config;
        this.parts = List.copyOf(parts);
        this.head = head;
        this.body = new Sequential(parts.stream().filter(p -> p.layer != head).map(Part::layer).toList());
    }

    /** A freshly initialised model (He-normal convolutions, unit batch norms), deterministic in the seed. */
    public static OdeNetModel create(ModelConfig cfg, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] ch = cfg.channels();
        List<Part> parts = new ArrayList<>();
        parts.add(new Part(Conv2d.init("pre.conv", cfg.inChannels(), ch[0], new Window(3, 1, 1), false, rng), Group.PRE));
        parts.add(new Part(new BatchNorm2d("pre.bn", ch[0]), Group.PRE));
        parts.add(new Part(new ReLU("pre.relu"), Group.PRE));
        for (int s = 0; s < 3; s++) {
            String stage = "stage" + (s + 1);
            if (s > 0) {
                String d = "down" + s;
                if (cfg.downsample() == Downsample.CONV) {
                    parts.add(new Part(Conv2d.init(d + ".conv", ch[s - 1], ch[s], new Window(3, 2, 1), false, rng), Group.DOWN));
                } else {
                    parts.add(new Part(DepthwiseConv2d.init(d + ".dw", ch[s - 1], new Window(3, 2, 1), false, rng), Group.DOWN));
                    parts.add(new Part(PointwiseConv2d.init(d + ".pw", ch[s - 1], ch[s], false, rng), Group.DOWN));
                }
                parts.add(new Part(new BatchNorm2d(d + ".bn", ch[s]), Group.DOWN));
                parts.add(new Part(new ReLU(d + ".relu"), Group.DOWN));
            }
            if (cfg.arch() == Arch.RESNET) {
                for (int k = 0; k < cfg.steps(); k++) {
                    String b = stage + ".block" + (k + 1);
                    Layer f = odeFunction(cfg, b, ch[s], false, rng);
                    parts.add(new Part(new OdeBlock(b, f, 1, (float) cfg.stepSize(), false), Group.ODE));
                }
            } else {
                String b = stage + ".ode";
                Layer f = odeFunction(cfg, stage + ".f", ch[s], cfg.timeChannel(), rng);
                parts.add(new Part(new OdeBlock(b, f, cfg.steps(), (float) cfg.stepSize(), cfg.timeChannel()), Group.ODE));
            }
        }
        parts.add(new Part(new BatchNorm2d("post.bn", ch[2]), Group.POST));
        parts.add(new Part(new ReLU("post.relu"), Group.POST));
        parts.add(new Part(new GlobalAvgPool("post.gap"), Group.POST));
        Linear fc = Linear.init("fc", ch[2], cfg.numClasses(), true, rng);
        parts.add(new Part(fc, Group.POST));
        return new OdeNetModel(cfg, parts, fc);
    }

    private static Layer odeFunction(ModelConfig cfg, String p, int c, boolean time, SplittableRandom rng) {
        int cin = c + (time ? 1 : 0);
        if (cfg.arch() == Arch.DSODENET) {
            return new Sequential(
                    DepthwiseConv2d.init(p + ".dw1", cin, new Window(3, 1, 1), false, rng),
                    PointwiseConv2d.init(p + ".pw1", cin, c, false, rng),
                    new BatchNorm2d(p + ".bn1", c),
                    new ReLU(p + ".relu"),
                    DepthwiseConv2d.init(p + ".dw2", c, new Window(3, 1, 1), false, rng),
                    PointwiseConv2d.init(p + ".pw2", c, c, false, rng),
                    new BatchNorm2d(p + ".bn2", c));
        }
        return new Sequential(
                Conv2d.init(p + ".conv1", cin, c, new Window(3, 1, 1), false, rng),
                new BatchNorm2d(p + ".bn1", c),
                new ReLU(p + ".relu"),
                Conv2d.init(p + ".conv2", c, c, new Window(3, 1, 1), false, rng),
                new BatchNorm2d(p + ".bn2", c));
    }

    public ModelConfig config() {
        return config;
    }

    public List<Part> parts() {
        return parts;
    }

    /** Everything up to the pooled features, shape (N, C, 1, 1). */
    public Sequential body() {
        return body;
    }

    public Linear head() {
        return head;
    }

    public List<Param> params() {
        List<Param> out = new ArrayList<>(body.params());
        out.addAll(head.params());
        return out;
    }

    /**
     * Logits for a batch, inference mode: the batch split by samples over the kernel threads, since each sample's
     * logits depend on that sample alone (the same floats as one forward of the whole batch).
     */
    public Tensor logits(Tensor x) {
        return SampleSplit.map(x, part -> head.forward(body.forward(part, false), false));
    }

    /** Running statistics of every batch norm (state that is not a trainable parameter but must be saved). */
    public List<BatchNorm2d> batchNorms() {
        return BatchNorms.in(body);
    }
}
