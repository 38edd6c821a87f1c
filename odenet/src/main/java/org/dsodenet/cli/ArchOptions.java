package org.dsodenet.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.dsodenet.odenet.io.ModelFile;
import org.dsodenet.odenet.model.Arch;
import org.dsodenet.odenet.model.Downsample;
import org.dsodenet.odenet.model.ModelConfig;
import picocli.CommandLine.Option;

/** Architecture flags shared by the commands that build a model; each overrides the config it is applied to. */
final class ArchOptions {
    @Option(names = "--arch", description = "dsodenet, odenet or resnet")
    String arch;

    @Option(names = "--channels", split = ",", description = "channels of the three stages, e.g. 8,16,32")
    int[] channels;

    @Option(names = "--steps", description = "Euler steps per ODE block (ResNet: blocks per stage)")
    Integer steps;

    @Option(names = "--step-size", description = "Euler step size h (default 1/steps)")
    Double stepSize;

    @Option(names = "--time-channel", negatable = true, description = "feed t to f as an extra channel")
    Boolean timeChannel;

    @Option(names = "--downsample", description = "conv or dsconv")
    String downsample;

    @Option(names = "--model-config", paramLabel = "JSON", description = "model config file (JSON)")
    Path configFile;

    /** The config from --model-config (or the defaults), with every given flag applied. */
    ModelConfig apply(ModelConfig base) {
        ModelConfig c = base;
        if (configFile != null) {
            c = ModelConfig.fromJson(Cli.readText(configFile));
        }
        if (arch != null) {
            c = c.withArch(Arch.parse(arch));
        }
        if (channels != null) {
            c = c.withChannels(channels);
        }
        if (steps != null || stepSize != null) {
            int s = steps != null ? steps : c.steps();
            c = c.withSteps(s, stepSize != null ? stepSize : (steps != null ? 1.0 / s : c.stepSize()));
        }
        if (timeChannel != null) {
            c = c.withTimeChannel(timeChannel);
        }
        if (downsample != null) {
            c = c.withDownsample(Downsample.parse(downsample));
        }
        return c;
    }

    /**
     * Resolves a MODEL argument: a model file, a model config (.json), or an architecture name with its defaults.
     */
    static ModelConfig configOf(String model) {
        for (Arch a : Arch.values()) {
            if (a.id().equals(model)) {
                return ModelConfig.defaults(a); // a name wins over a file of the same name (./dsodenet is one)
            }
        }
        Path p = Path.of(model);
        if (Files.isRegularFile(p)) {
            if (model.endsWith(".json")) {
                return ModelConfig.fromJson(Cli.readText(p));
            }
            return ModelFile.load(p).model().config();
        }
        try {
            return ModelConfig.defaults(Arch.parse(model));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + model + "' is neither a model file, a config (.json) nor one of "
                    + Arrays.toString(Arch.values()).toLowerCase(java.util.Locale.ROOT));
        }
    }
}
