package org.dsodenet.sweep;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.dsodenet.data.Dataset;
import org.dsodenet.odenet.model.Arch;
import org.dsodenet.odenet.model.Downsample;
import org.dsodenet.odenet.model.ModelConfig;
import org.dsodenet.odenet.model.OdeNetModel;
import org.dsodenet.odenet.quant.ModelQuantizer;
import org.dsodenet.quant.LayerPrecisions;

/**
 * The float architecture a cell's train command builds, made without training, so that what depends on it (the
 * model config's limits, the layer names a {@code layerPrecision} rule must match) is checked before any task runs.
 */
final class CellArchitecture {
    private CellArchitecture() {}

    /** The config {@code train} builds from the cell's flags: the defaults with --arch, --channels, --steps, --downsample. */
    static ModelConfig config(Map<String, String> v) {
        ModelConfig c = ModelConfig.defaults(Arch.DSODENET);
        if (v.containsKey(GridKeys.ARCH)) {
            c = c.withArch(Arch.parse(v.get(GridKeys.ARCH)));
        }
        if (v.containsKey(GridKeys.CHANNELS)) {
            c = c.withChannels(Arrays.stream(v.get(GridKeys.CHANNELS).split(",")).map(String::strip)
                    .mapToInt(Integer::parseInt).toArray());
        }
        if (v.containsKey(GridKeys.STEPS)) {
            int s = Integer.parseInt(v.get(GridKeys.STEPS));
            c = c.withSteps(s, 1.0 / s);
        }
        if (v.containsKey(GridKeys.DOWNSAMPLE)) {
            c = c.withDownsample(Downsample.parse(v.get(GridKeys.DOWNSAMPLE)));
        }
        return c;
    }

    /**
     * Quantizes an untrained model of {@code cfg} with the rules, which is where quantize refuses a rule that matches
     * no layer; the weights and the one calibration image do not change the layer names, only the architecture does.
     */
    static void checkRules(ModelConfig cfg, String precision, List<String> rules) {
        if (rules.isEmpty()) {
            return;
        }
        float[] image = new float[cfg.inChannels() * cfg.inputSize() * cfg.inputSize()];
        Arrays.fill(image, 0.5f);
        Dataset one = Dataset.of("layer-names", image, new int[] {0}, cfg.inChannels(), cfg.inputSize(),
                cfg.inputSize(), cfg.numClasses());
        ModelQuantizer.quantize(OdeNetModel.create(cfg, 1), LayerPrecisions.parse(precision, rules), one);
    }
}
