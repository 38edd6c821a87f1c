package org.dsodenet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An unknown {@code --augment} is refused by every command that takes it, before any work. */
class AugmentOptionTest {
    private static final String ERROR = "dsodenet: error: --augment: unknown augmentation 'photos'; expected one of "
            + "[none, digits]";

    @TempDir
    Path dir;

    private void refused(String... args) throws IOException {
        List<String> before = tree();
        CliRun r = CliRun.of(args);
        assertEquals(2, r.exit(), r.out() + r.err());
        assertEquals(ERROR, r.err().strip());
        assertEquals("", r.out());
        assertEquals(before, tree());
    }

    @Test
    void trainRefusesAnUnknownAugmentation() throws IOException {
        refused("train", "--augment", "photos", "--max-images", "64", "--out", dir.resolve("m.dsod").toString());
    }

    @Test
    void adaptRefusesAnUnknownAugmentation() throws IOException {
        Path model = TinyModel.save(dir.resolve("tiny.dsod"), 3);
        refused("adapt", "--model", model.toString(), "--target", "uci-digits", "--method", "mmd", "--augment",
                "photos", "--out", dir.resolve("a.dsod").toString());
    }

    @Test
    void demoRefusesAnUnknownAugmentation() throws IOException {
        refused("demo", "--quick", "--augment", "photos", "--out", dir.resolve("demo").toString());
    }

    private List<String> tree() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }
}
