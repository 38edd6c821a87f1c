package org.dsodenet.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The code generator copies exactly the files an INDEX lists (a jar cannot be listed), so every INDEX must list
 * every file of its folder and nothing else.
 */
class TemplateIndexTest {
    @ParameterizedTest
    @ValueSource(strings = {"include/dsodenet", "host", "tb"})
    void indexListsExactlyTheFolder(String folder) throws IOException {
        Path root = Path.of(folder);
        List<String> listed = Files.readAllLines(root.resolve("INDEX")).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).sorted().toList();
        List<String> actual;
        try (Stream<Path> s = Files.walk(root)) {
            actual = s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(n -> !n.equals("INDEX")).sorted().toList();
        }
        assertEquals(actual, listed, folder + "/INDEX is out of date");
    }
}
