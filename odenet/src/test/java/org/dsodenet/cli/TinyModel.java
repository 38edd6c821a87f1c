package org.dsodenet.cli;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import org.dsodenet.odenet.io.ModelFile;
import org.dsodenet.odenet.model.Arch;
import org.dsodenet.odenet.model.ModelConfig;
import org.dsodenet.odenet.model.OdeNetModel;

/** The untrained model file the command tests run on: a dsODENet small enough that a command takes a moment. */
final class TinyModel {
    private TinyModel() {}

    /** Writes a fresh model with 3 classes on 1×8×10 images (initialised from {@code seed}) to {@code file}. */
    static Path save(Path file, long seed) {
        ModelConfig cfg = ModelConfig.defaults(Arch.DSODENET).withInput(1, 8, 10).withChannels(new int[] {2, 3, 4})
                .withSteps(2, 0.5);
        ModelFile.save(file, OdeNetModel.create(cfg, seed), null, new JsonObject());
        return file;
    }
}
