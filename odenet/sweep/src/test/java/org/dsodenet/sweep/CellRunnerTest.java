package org.dsodenet.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cell whose command fails ends with that command's one-line error, recorded, and without a result. */
class CellRunnerTest {
    @TempDir
    Path dir;

    @Test
    void aFailingCommandEndsTheCellWithItsOneLineErrorAndNoResult() throws Exception {
        // The grid check only sees that the source path exists; reading it is train's, so the cell fails there.
        Path junk = Files.writeString(dir.resolve("junk.dsd"), "not a data set");
        CellSpec bad = GridParser.parse("""
                {"cells": [{"channels": [2, 4, 4], "steps": 1, "source": "%s", "maxImages": 40, "epochs": 1,
                            "precision": "fx8"}]}""".formatted(junk)).get(0);
        ResultStore store = new ResultStore(dir);
        CellRunner.Outcome o = CellRunner.run(bad, store);
        assertNull(o.row());
        assertTrue(o.error().startsWith("train: "), o.error());
        assertTrue(o.error().contains("junk.dsd"), o.error());
        assertFalse(store.finished(bad.id()));
        assertEquals(List.of(o.error()), Files.readAllLines(store.failure(bad.id())));
        // The commands that ran are in the cell's log, with their command lines.
        String log = Files.readString(store.work(bad.id()).resolve("log.txt"));
        assertTrue(log.contains("$ ./dsodenet train ") && !log.contains("$ ./dsodenet quantize "), log);
    }
}
