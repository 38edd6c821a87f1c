package org.dsodenet.sweep;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Trains a shared float model with the train command, into the sweep's {@code models/} directory, unless an earlier
 * run already did: train writes the model atomically, so a file there is a finished model (what a resumed sweep
 * skips on). What training prints goes to the model's log.
 */
final class ModelTrainer {
    private ModelTrainer() {}

    /** Trains {@code m} unless its file exists; returns null, or the train command's one-line error. */
    static String train(SharedModel m, ResultStore store) {
        Path model = store.model(m.id());
        if (Files.isRegularFile(model)) {
            return null;
        }
        try {
            Files.createDirectories(model.getParent());
            try (OutputStream log = Files.newOutputStream(store.modelLog(m.id()), StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                CellLog.attach(log);
                try {
                    InProcessCli.Result r = InProcessCli.run(m.args(model), log);
                    return r.exit() == 0 ? null : r.error();
                } finally {
                    log.flush();
                    CellLog.detach();
                }
            }
        } catch (IOException | RuntimeException e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return msg.lines().findFirst().orElse(msg);
        }
    }
}
