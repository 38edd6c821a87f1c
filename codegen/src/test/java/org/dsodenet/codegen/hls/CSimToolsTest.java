package org.dsodenet.codegen.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The toolchain check that commands run before they start work that ends in a C simulation. */
class CSimToolsTest {
    @TempDir
    Path dir;

    private Path bin(String name, String... programs) throws IOException {
        Path d = Files.createDirectories(dir.resolve(name));
        for (String p : programs) {
            Files.writeString(d.resolve(p), "#!/bin/sh\n");
            Files.setPosixFilePermissions(d.resolve(p), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return d;
    }

    private static String path(Path... dirs) {
        return String.join(File.pathSeparator, Arrays.stream(dirs).map(Path::toString).toList());
    }

    @Test
    void nothingIsMissingWhenMakeAndGppAreOnThePathInAnyDirectory() throws IOException {
        assertEquals(Optional.empty(), CSim.missingTools(path(bin("a", "make"), bin("b", "g++")), null));
    }

    @Test
    void aMissingCompilerOrMakeIsNamedWithHowToGetIt() throws IOException {
        assertEquals(Optional.of("g++ not found (apt-get install g++ make)"),
                CSim.missingTools(path(bin("a", "make")), null));
        assertEquals(Optional.of("make not found (apt-get install g++ make)"),
                CSim.missingTools(path(bin("b", "g++")), ""));
        assertEquals(Optional.of("make and g++ not found (apt-get install g++ make)"),
                CSim.missingTools(path(bin("empty")), null));
        assertEquals(Optional.of("make and g++ not found (apt-get install g++ make)"), CSim.missingTools(null, null));
    }

    @Test
    void theCompilerIsCxxWhenSetAsInTheGeneratedMakefile() throws IOException {
        String p = path(bin("a", "make", "g++"));
        assertEquals(Optional.of("clang++ not found (apt-get install g++ make)"), CSim.missingTools(p, "clang++ -v"));
        Path clang = bin("c", "clang++").resolve("clang++");
        assertEquals(Optional.empty(), CSim.missingTools(p, clang.toString()));
    }

    @Test
    void aFileThatCannotBeRunOrADirectoryDoesNotCount() throws IOException {
        Path d = bin("a", "make");
        Files.writeString(d.resolve("g++"), "not a program");
        Files.setPosixFilePermissions(d.resolve("g++"), Set.of());
        assertEquals(Optional.of("g++ not found (apt-get install g++ make)"), CSim.missingTools(path(d), null));
        Files.delete(d.resolve("g++"));
        Files.createDirectory(d.resolve("g++"));
        assertEquals(Optional.of("g++ not found (apt-get install g++ make)"), CSim.missingTools(path(d), null));
    }
}
