package org.dsodenet.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dsodenet.data.transform.Augmentation;
import org.dsodenet.odenet.training.Method;
import org.dsodenet.odenet.training.TrainOptions;
import org.dsodenet.train.Checkpoint;
import org.dsodenet.train.MetricsLog;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** Training hyper-parameters shared by train and adapt. */
final class TrainFlags {
    @Option(names = "--epochs", defaultValue = "3", description = "epochs (default ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--batch", defaultValue = "32", description = "batch size (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--lr", defaultValue = "0.003", description = "peak learning rate (default ${DEFAULT-VALUE})")
    double lr;

    @Option(names = "--optimizer", defaultValue = "adam", description = "adam or sgd (default ${DEFAULT-VALUE})")
    String optimizer;

    @Option(names = "--weight-decay", defaultValue = "1e-4", description = "decoupled weight decay (default ${DEFAULT-VALUE})")
    double weightDecay;

    @Option(names = "--seed", defaultValue = "1", description = "seed of initialisation and batch order (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--max-images", description = "train on a random subset of this many source images")
    Integer maxImages;

    @Option(names = "--checkpoint", description = "checkpoint file, written atomically after every epoch")
    Path checkpoint;

    @Option(names = "--resume", description = "continue from --checkpoint")
    boolean resume;

    @Option(names = "--metrics", paramLabel = "DIR", description = "write per-epoch metrics (CSV and JSON) here")
    Path metrics;

    @Option(names = "--freeze-bn-epochs", paramLabel = "N",
            description = "train the last N epochs with batch-norm statistics frozen, so that inference runs what was "
                    + "trained (batch norms inside an ODE function see a different distribution at every Euler step); "
                    + "default 1, or 0 for a single epoch from scratch")
    Integer freezeBnEpochs;

    @Option(names = "--augment", defaultValue = "none", paramLabel = "NAME",
            description = "randomise the labeled training images: none, or digits (warps, stroke width, MNIST-M style "
                    + "blends over procedural colour textures, blur, inversion, contrast and colour jitter; never "
                    + "applied to target images), default ${DEFAULT-VALUE}")
    String augment;

    /**
     * Checks, before any data is loaded, everything the run will write or read back: {@code out} (the model file),
     * the checkpoint, the metrics files of the log named {@code logName}, and that a resumed checkpoint exists.
     */
    void checkOutputs(CommandSpec spec, Path out, String logName) {
        augmentation();
        OutputPaths.requireFileNames(spec, "--out", "--checkpoint");
        OutputPaths.requireWritableFile(out, "--out");
        if (resume && checkpoint == null) {
            throw new IllegalArgumentException("--resume needs --checkpoint");
        }
        if (checkpoint != null) {
            OutputPaths.requireWritableFile(checkpoint, "--checkpoint");
            if (checkpoint.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
                throw new IllegalArgumentException("--checkpoint and --out name the same file " + out
                        + "; the model would overwrite the checkpoint");
            }
            if (resume && !Files.exists(checkpoint)) {
                throw new IllegalArgumentException("--resume: checkpoint " + checkpoint + " does not exist");
            }
        }
        if (metrics != null) {
            OutputPaths.requireWritableDirectory(metrics, "--metrics");
            for (Path f : new MetricsLog(metrics, logName).files()) {
                OutputPaths.requireWritableFile(f, "--metrics");
            }
        }
    }

    /**
     * The metrics log named {@code name}, or null without --metrics. A resumed run continues the log: the rows of
     * the epochs its checkpoint holds are kept, so resuming does not erase the history of the first part.
     */
    MetricsLog metricsLog(String name) {
        if (metrics == null) {
            return null;
        }
        return resume ? MetricsLog.resume(metrics, name, Checkpoint.read(checkpoint).state().epoch())
                : new MetricsLog(metrics, name);
    }

    /** Options of a run; {@code pretrained}: the model's batch-norm statistics already come from training. */
    TrainOptions options(Method method, double kdWeight, double temperature, double alignWeight, boolean pretrained) {
        return new TrainOptions(epochs, batch, optimizer, lr, weightDecay, seed, method, kdWeight, temperature, alignWeight,
                freezeBnEpochs != null ? freezeBnEpochs : (pretrained || epochs >= 2) ? 1 : 0, augmentation());
    }

    /** The --augment value, or a one-line error naming the choices. */
    Augmentation augmentation() {
        try {
            return Augmentation.parse(augment);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--augment: " + e.getMessage(), e);
        }
    }
}
