package org.dsodenet.sweep;

import java.io.Serializable;
import java.nio.file.Path;
import org.apache.spark.api.java.function.Function;

/** The Spark task of one shared float model: trains it on an executor into the sweep directory the workers share. */
final class TrainTask implements Function<SharedModel, TrainTask.Trained> {
    private static final long serialVersionUID = 1L;
    private final String outDir;

    /** A model trained ({@code error} null) or not. */
    record Trained(String id, String error) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    TrainTask(Path outDir) {
        this.outDir = outDir.toAbsolutePath().toString();
    }

    @Override
    public Trained call(SharedModel m) {
        return new Trained(m.id(), ModelTrainer.train(m, new ResultStore(Path.of(outDir))));
    }
}
