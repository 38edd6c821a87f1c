package org.dsodenet.sweep;

import java.nio.file.Path;
import org.apache.spark.api.java.function.Function;

/** The Spark task of one cell: runs it on an executor, writing into the sweep directory the workers share. */
final class CellTask implements Function<CellSpec, CellRunner.Outcome> {
    private static final long serialVersionUID = 1L;
    private final String outDir;

    CellTask(Path outDir) {
        this.outDir = outDir.toAbsolutePath().toString();
    }

    @Override
    public CellRunner.Outcome call(CellSpec spec) {
        return CellRunner.run(spec, new ResultStore(Path.of(outDir)));
    }
}
