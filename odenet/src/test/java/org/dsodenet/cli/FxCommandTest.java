package org.dsodenet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FxCommandTest {
    @TempDir
    Path dir;

    /** A small vector file in the golden format: values worked out by hand from the ap_fixed rules. */
    /** A vectors file: the golden files' header line, then {@code lines}. */
    private Path vectors(String... lines) throws IOException {
        Path f = dir.resolve("v.csv");
        List<String> all = new ArrayList<>(List.of("# kind,srcSigned,srcW,srcI,srcRawHex,dstSigned,dstW,dstI,Q,O,N,dstRawHex"));
        all.addAll(List.of(lines));
        Files.write(f, all);
        return f;
    }

    @Test
    void checkCountsCasesAndExitsZeroWhenAllMatch() throws IOException {
        // ap_fixed<8,4> raw 0x18 = 1.5 -> ap_fixed<4,2,AP_RND> (Q index 0, O AP_WRAP = 3) keeps 1.5 = raw 0x6;
        // ap_fixed<8,4> raw 0x7f = 7.9375 -> ap_fixed<4,2,AP_TRN,AP_SAT> (5, 0) saturates to 1.75 = raw 0x7.
        Path f = vectors("cast,1,8,4,18,1,4,2,0,3,0,6",
                "cast,1,8,4,7f,1,4,2,5,0,0,7");
        CliRun r = CliRun.of("fx", "check", f.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("2 cases, 0 mismatches", r.lastLine());
    }

    @Test
    void checkReportsMismatchesAndExitsOne() throws IOException {
        Path f = vectors("cast,1,8,4,18,1,4,2,0,3,0,5",
                "cast,1,8,4,7f,1,4,2,5,0,0,7");
        CliRun r = CliRun.of("fx", "check", f.toString());
        assertEquals(1, r.exit());
        assertEquals("2 cases, 1 mismatches", r.lastLine());
        assertTrue(r.out().contains("MISMATCH"), r.out());
    }

    @Test
    void checkOfTheBundledGoldenFileFindsNoMismatch() throws Exception {
        Path golden = Path.of("..", "fixedpoint", "src", "test", "resources", "oracles", "ap_fixed_casts.csv.gz");
        assertTrue(Files.exists(golden), "golden file missing at " + golden.toAbsolutePath());
        CliRun r = CliRun.of("fx", "check", golden.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("159920 cases, 0 mismatches", r.lastLine());
    }

    @Test
    void castPrintsRawAndDecimal() {
        CliRun r = CliRun.of("fx", "cast", "--value", "3.14159", "--to", "ap_ufixed<8,2,AP_RND>");
        assertEquals(0, r.exit(), r.err());
        // 3.14159 * 64 = 201.06 -> rounds to 201 = 0xc9 = 3.140625
        assertTrue(r.out().contains("0xc9"), r.out());
        assertTrue(r.out().contains("3.140625"), r.out());
    }

    @Test
    void castFromRawSaturates() {
        CliRun r = CliRun.of("fx", "cast", "--from", "ap_fixed<16,8>", "--raw", "7fff",
                "--to", "ap_fixed<8,4,AP_TRN,AP_SAT>");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("0x7f"), r.out());
        assertTrue(r.out().contains("saturated"), r.out());
    }

    @Test
    void badInputIsOneLineAndNonZero() {
        for (String[] args : new String[][] {
                {"fx", "cast", "--value", "NaN", "--to", "ap_fixed<8,4>"},
                {"fx", "cast", "--value", "1", "--to", "ap_fixed<8"},
                {"fx", "cast", "--value", "1", "--to", "ap_ufixed<8,4,AP_TRN,AP_WRAP_SM>"},
                {"fx", "check", dir.resolve("missing.csv").toString()},
                {"fx", "cast", "--from", "ap_fixed<8,4>", "--raw", "zz", "--to", "ap_fixed<8,4>"}}) {
            CliRun r = CliRun.of(args);
            assertFalse(r.exit() == 0, String.join(" ", args));
            String err = r.err().strip();
            assertTrue(err.startsWith("dsodenet: error:"), err);
            assertEquals(1, err.lines().count(), err);
        }
    }

    @Test
    void corruptVectorFileIsAnError() throws IOException {
        Path f = vectors("cast,1,8,4,18");
        CliRun r = CliRun.of("fx", "check", f.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("v.csv"), r.err());
    }

    @Test
    void helpListsCommands() {
        CliRun r = CliRun.of("--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("fx"), r.out());
    }
}
