package org.dsodenet.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.dsodenet.io.AtomicFile;

/**
 * The sweep's directory: one result file per finished cell ({@code cells/ID.json}), one line per failed cell
 * ({@code failures/ID.txt}), the shared float models and their training logs ({@code models/}) and each cell's
 * working files ({@code work/ID/}). A result file is written atomically and
 * only when the cell has finished, so its presence is what a resumed sweep skips on.
 */
public record ResultStore(Path root) {
    /** Marks a directory as a sweep's, so a later run may write into it again. */
    public static final String MARKER = "sweep-grid.json";

    public Path result(String id) {
        return root.resolve("cells").resolve(id + ".json");
    }

    public Path failure(String id) {
        return root.resolve("failures").resolve(id + ".txt");
    }

    public Path work(String id) {
        return root.resolve("work").resolve(id);
    }

    /** A shared float model (see {@link SharedModel}), trained once for every cell that starts from it. */
    public Path model(String modelId) {
        return root.resolve("models").resolve(modelId + ".dsod");
    }

    public Path modelLog(String modelId) {
        return root.resolve("models").resolve(modelId + ".log");
    }

    public boolean finished(String id) {
        return Files.isRegularFile(result(id));
    }

    /** The finished row of {@code id}, if there is one. */
    public Optional<CellRow> row(String id) {
        Path p = result(id);
        if (!Files.isRegularFile(p)) {
            return Optional.empty();
        }
        try {
            return Optional.of(CellRow.fromJson(Files.readString(p)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(p + ": not a cell result (" + e.getMessage() + ")");
        }
    }

    public Optional<String> failureOf(String id) {
        Path p = failure(id);
        try {
            return Files.isRegularFile(p) ? Optional.of(Files.readString(p).strip()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Records a finished cell, and forgets a failure of an earlier run of it (a file this sweep wrote). */
    public void finish(CellRow row) {
        AtomicFile.write(result(row.id()), (row.toJson() + "\n").getBytes(StandardCharsets.UTF_8));
        try {
            Files.deleteIfExists(failure(row.id()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void fail(String id, String oneLine) {
        AtomicFile.write(failure(id), (oneLine + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
