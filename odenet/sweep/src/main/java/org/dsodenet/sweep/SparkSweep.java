package org.dsodenet.sweep;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Runs a sweep's two stages as Spark tasks: the distinct float models, one task each, then the cells from them,
 * one task each. Without a master from spark-submit it starts an embedded local one
 * with {@code cores} task slots, so a laptop needs no cluster; with spark-submit the same code runs on the cluster
 * it names.
 */
final class SparkSweep implements AutoCloseable {
    private final JavaSparkContext jsc;

    /** {@code master}: used when spark-submit gave none, e.g. {@code local[2]}. */
    SparkSweep(String master) {
        SparkConf conf = new SparkConf().setAppName("dsodenet sweep").setIfMissing("spark.master", master)
                .setIfMissing("spark.ui.enabled", "false")
                // A cell that fails is recorded as failed by the runner; Spark re-running it would only repeat that.
                .setIfMissing("spark.task.maxFailures", "1");
        if (conf.get("spark.master").startsWith("local")) {
            // A laptop's host name may not resolve; an embedded master needs no network at all.
            conf.setIfMissing("spark.driver.host", "127.0.0.1").setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        jsc = new JavaSparkContext(conf);
    }

    String master() {
        return jsc.master();
    }

    /** Trains every model, one task each, and returns their outcomes in the order given. */
    List<TrainTask.Trained> train(List<SharedModel> models, Path outDir) {
        if (models.isEmpty()) {
            return List.of();
        }
        return jsc.parallelize(models, models.size()).map(new TrainTask(outDir)).collect();
    }

    /** Runs every cell, one task each, and returns their outcomes in the order given. */
    List<CellRunner.Outcome> run(List<CellSpec> cells, Path outDir) {
        if (cells.isEmpty()) {
            return List.of();
        }
        return jsc.parallelize(cells, cells.size()).map(new CellTask(outDir)).collect();
    }

    @Override
    public void close() {
        jsc.stop();
    }
}
