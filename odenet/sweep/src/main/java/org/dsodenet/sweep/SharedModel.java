package org.dsodenet.sweep;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The float model a cell trains, named by its train command without {@code --out}: cells that differ only in what
 * comes after training (precision, layerPrecision, qatEpochs, evaluation, part) have the same train command, so
 * the sweep trains that model once and they all start from it.
 *
 * @param id        a readable prefix and a digest of {@code trainArgs}; the model's file name in the sweep
 * @param trainArgs the train command's arguments, without {@code --out}
 */
public record SharedModel(String id, List<String> trainArgs) implements Serializable {
    private static final long serialVersionUID = 1L;

    public SharedModel {
        trainArgs = List.copyOf(trainArgs);
    }

    public static SharedModel of(CellSpec c) {
        List<String> args = new ArrayList<>(List.of("train", "--data", c.getOr(GridKeys.SOURCE, "mnist")));
        CellCommands.add(args, c, Map.of(GridKeys.ARCH, "--arch", GridKeys.CHANNELS, "--channels", GridKeys.STEPS,
                "--steps", GridKeys.DOWNSAMPLE, "--downsample", GridKeys.EPOCHS, "--epochs", GridKeys.MAX_IMAGES,
                "--max-images", GridKeys.LR, "--lr"));
        String seed = c.getOr(GridKeys.SEED, "1");
        args.addAll(List.of("--seed", seed));
        String label = (c.getOr(GridKeys.ARCH, "dsodenet") + "-s" + seed).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9.-]+", "_");
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(String.join("\n", args)
                    .getBytes(StandardCharsets.UTF_8));
            return new SharedModel(label + "-" + HexFormat.of().formatHex(d, 0, 5), args);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The train command writing the model to {@code out}. */
    public List<String> args(Path out) {
        List<String> a = new ArrayList<>(trainArgs);
        a.addAll(List.of("--out", out.toString()));
        return a;
    }
}
