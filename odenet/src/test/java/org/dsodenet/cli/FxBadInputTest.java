package org.dsodenet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fx check} and {@code fx cast} on empty, byte-order-marked and truncated input. */
class FxBadInputTest {
    /** ap_fixed<8,4> raw 0x18 = 1.5 into ap_fixed<4,2,AP_RND> is 1.5 = raw 0x6 (worked out by hand). */
    private static final String CASE = "cast,1,8,4,18,1,4,2,0,3,0,6\n";

    @TempDir
    Path dir;

    private Path file(String name, byte[] content) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, content);
        return f;
    }

    private static void assertOneLineError(String expected, CliRun r) {
        assertEquals(2, r.exit(), r.out());
        assertEquals("dsodenet: error: " + expected, r.err().strip());
    }

    @Test
    void checkOfAFileWithoutVectorsIsAnError() throws IOException {
        Path empty = file("empty.csv", new byte[0]);
        assertOneLineError(empty + ": no vectors (only blank or comment lines)", CliRun.of("fx", "check", empty.toString()));
        Path comments = file("c.csv", "# kind,...\n\n".getBytes(StandardCharsets.UTF_8));
        assertOneLineError(comments + ": no vectors (only blank or comment lines)",
                CliRun.of("fx", "check", comments.toString()));
    }

    @Test
    void aByteOrderMarkIsNotPartOfTheFirstKind() throws IOException {
        byte[] text = CASE.getBytes(StandardCharsets.UTF_8);
        byte[] bom = new byte[text.length + 3];
        bom[0] = (byte) 0xEF;
        bom[1] = (byte) 0xBB;
        bom[2] = (byte) 0xBF;
        System.arraycopy(text, 0, bom, 3, text.length);
        CliRun r = CliRun.of("fx", "check", file("bom.csv", bom).toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("1 cases, 0 mismatches", r.lastLine());
    }

    @Test
    void truncatedGzipSaysSo() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(b)) {
            for (int i = 0; i < 200; i++) {
                gz.write(CASE.getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] whole = b.toByteArray();
        for (int cut : new int[] {5, whole.length / 2}) {
            Path f = file("cut" + cut + ".csv.gz", Arrays.copyOf(whole, cut));
            assertOneLineError(f + ": truncated gzip data", CliRun.of("fx", "check", f.toString()));
        }
    }

    @Test
    void anEmptyRawPatternIsCalledEmpty() {
        assertOneLineError("raw '' is empty: give the bit pattern in hexadecimal",
                CliRun.of("fx", "cast", "--from", "ap_fixed<8,4>", "--raw", "", "--to", "ap_fixed<8,4>"));
    }
}
