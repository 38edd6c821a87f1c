package org.dsodenet.fixedpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.dsodenet.fixedpoint.oracle.CastVectorCheck;
import org.dsodenet.fixedpoint.oracle.CastVectorReader;
import org.junit.jupiter.api.Test;

/**
 * Every line of the golden vectors computed with Xilinx's own ap_fixed must be reproduced exactly, by the exact path
 * and, where the types allow, by the fast path.
 */
class GoldenVectorsTest {
    static final String RESOURCE = "/oracles/ap_fixed_casts.csv.gz";

    @Test
    void everyGoldenVectorPasses() throws IOException {
        long[] counts = new long[4]; // total, cast lines, dbl lines, fast-path checks
        List<String> mismatches = new ArrayList<>();
        try (InputStream in = GoldenVectorsTest.class.getResourceAsStream(RESOURCE)) {
            CastVectorReader.forEach(in, RESOURCE, v -> {
                counts[0]++;
                counts[v.fromDouble() ? 2 : 1]++;
                if (CastVectorCheck.fastApplies(v)) {
                    counts[3]++;
                }
                String m = CastVectorCheck.mismatch(v);
                if (m != null && mismatches.size() < 20) {
                    mismatches.add(m);
                } else if (m != null) {
                    mismatches.add("...");
                }
            });
        }
        System.out.printf("golden vectors: %d lines (%d cast, %d dbl), %d also through the fast path%n",
                counts[0], counts[1], counts[2], counts[3]);
        assertEquals(159_920, counts[0], "the golden file should hold 159,920 vectors");
        assertTrue(counts[1] > 0 && counts[2] > 0, "both kinds of line are present");
        assertTrue(mismatches.isEmpty(), () -> mismatches.size() + " mismatches, first: " + String.join("\n", mismatches.subList(0, Math.min(20, mismatches.size()))));
    }
}
