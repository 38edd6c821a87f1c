package org.dsodenet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {
    @TempDir
    Path dir;

    @Test
    void specParsing() {
        DataSpec s = DataSpec.parse(" data/x.csv?label=first&max=16&header=no ");
        assertEquals("data/x.csv", s.target());
        assertEquals(Map.of("label", "first", "max", "16", "header", "no"), s.options());
        assertEquals(Map.of(), DataSpec.parse("mnist").options());
        assertEquals("a", DataSpec.parse("a?").target());
        assertThrows(IllegalArgumentException.class, () -> DataSpec.parse(""));
        assertThrows(IllegalArgumentException.class, () -> DataSpec.parse("?max=3"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataSpec.parse("x?max"));
        assertTrue(e.getMessage().contains("'max' is not key=value"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DataSpec.parse("x?max=1&max=2"));
        assertTrue(e.getMessage().contains("given twice"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DataSpec.parse("x?classes=0").intOption("classes", 1,
                10));
        assertTrue(e.getMessage().contains("classes=0 must be an integer in [1, 10]"), e.getMessage());
    }

    @Test
    void bundledByNameWithOptionalNewName() {
        Dataset d = Datasets.load("uci-digits?name=target");
        assertEquals("target", d.name());
        assertEquals(1797, d.size());
        assertEquals("uci-digits", Datasets.bundled("uci-digits").name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Datasets.load("uci-digits?max=3"));
        assertTrue(e.getMessage().contains("does not apply to bundled datasets"), e.getMessage());
    }

    @Test
    void missingAndUnknownSourcesSayWhat() {
        DataFormatException e = assertThrows(DataFormatException.class, () -> Datasets.load("mnsit"));
        assertEquals("mnsit: no such file or folder, and not a bundled dataset [mnist, uci-digits, mnistm-like]",
                e.getMessage());
        e = assertThrows(DataFormatException.class, () -> Datasets.bundled("cifar"));
        assertTrue(e.getMessage().startsWith("cifar: not a bundled dataset"), e.getMessage());
        e = assertThrows(DataFormatException.class, () -> Datasets.load("a,b,c"));
        assertTrue(e.getMessage().contains("expected IMAGES,LABELS"), e.getMessage());
    }

    @Test
    void unknownFileFormatAndEmptyFile() throws Exception {
        Path txt = dir.resolve("notes.txt");
        Files.writeString(txt, "hello");
        DataFormatException e = assertThrows(DataFormatException.class, () -> Datasets.load(txt));
        assertTrue(e.getMessage().startsWith(txt + ": unknown format"), e.getMessage());
        Path empty = dir.resolve("empty.bin");
        Files.write(empty, new byte[0]);
        e = assertThrows(DataFormatException.class, () -> Datasets.load(empty));
        assertTrue(e.getMessage().startsWith(empty + ": unknown format"), e.getMessage());
    }

    @Test
    void saveAndLoadKeepsNamesShapeAndLabels() throws Exception {
        Dataset d = Datasets.load("mnist").sample(100, 7);
        Path p = dir.resolve("small.dsd.gz");
        Datasets.save(d, p);
        Dataset back = Datasets.load(p);
        assertEquals("mnist", back.name());
        assertArrayEquals(d.labels(), back.labels());
        // MNIST values are k/255 already, so the 8-bit round trip is exact
        assertArrayEquals(d.images(), back.images());
        assertEquals(d.classNames(), back.classNames());
        assertEquals("renamed", Datasets.load(p + "?name=renamed").name());
    }
}
