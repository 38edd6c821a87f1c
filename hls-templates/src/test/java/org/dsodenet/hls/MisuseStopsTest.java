package org.dsodenet.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The host model stops with a one-line message, instead of computing garbage, on NaN or infinity converted to a
 * fixed-point or integer type, integer division by zero, a bit range outside the value, and a malformed literal.
 */
class MisuseStopsTest {
    static Path exe;

    @BeforeAll
    static void compile() {
        Path module = Gpp.moduleDir();
        exe = Gpp.compile("misuse", module.resolve("src/test/cpp/misuse.cpp"),
                List.of("-std=c++14", "-O0", "-Wall", "-Wextra", "-Werror", "-I", module.resolve("host").toString()));
    }

    @Test
    void validInputRuns() {
        Gpp.Result r = Gpp.run(List.of(exe.toString(), "none"), null);
        assertEquals(0, r.exitCode(), r.all());
        assertEquals("1.500000 0 384 4660", r.output().strip());
    }

    @ParameterizedTest
    @CsvSource({
        "nan, cannot convert NaN or infinity",
        "inf, cannot convert NaN or infinity",
        "div0, integer division by zero",
        "range, range(hi, lo) needs 0 <= lo <= hi < W",
        "literal, malformed integer literal"})
    void misuseStopsWithAMessage(String what, String message) {
        Gpp.Result r = Gpp.run(List.of(exe.toString(), what), null);
        assertNotEquals(0, r.exitCode(), r.all());
        assertTrue(r.errors().contains("ap_host: " + message), r.all());
        assertTrue(r.output().isEmpty(), "nothing is printed after the misuse: " + r.output());
    }
}
