package org.dsodenet.data.io;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.dsodenet.data.DataFormatException;
import org.dsodenet.data.Dataset;
import org.dsodenet.data.Datasets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DsdFormatTest {
    @TempDir
    Path dir;

    static RawImages random(long seed, int n, int c, int h, int w, int k, int max) {
        Random r = new Random(seed);
        byte[] labels = new byte[n];
        byte[] px = new byte[n * c * h * w];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) r.nextInt(k);
        }
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) r.nextInt(max + 1);
        }
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < k; i++) {
            names.add("class-" + i + (i % 2 == 0 ? "é" : ""));
        }
        return new RawImages("set-" + seed, n, c, h, w, max, names, labels, px);
    }

    @Test
    void writeThenReadGivesTheSameContentPlainAndGzipped() {
        qt().withExamples(scaled(40)).forAll(longs().all(), integers().between(0, 20), integers().between(1, 3),
                integers().between(1, 256)).checkAssert((seed, n, c, k) -> {
                    int side = 1 + (int) Math.floorMod(seed, 9L);
                    RawImages r = random(seed, n, c, side, side + 1, k, 1 + (int) Math.floorMod(seed, 255L));
                    for (String file : new String[] {"a.dsd", "a.dsd.gz"}) {
                        Path p = dir.resolve(file);
                        try {
                            DsdFormat.write(r, p);
                        } catch (IOException e) {
                            throw new AssertionError(e);
                        }
                        RawImages back = DsdFormat.read(p);
                        assertEquals(r.name(), back.name());
                        assertEquals(r.count(), back.count());
                        assertEquals(r.channels(), back.channels());
                        assertEquals(r.height(), back.height());
                        assertEquals(r.width(), back.width());
                        assertEquals(r.maxLevel(), back.maxLevel());
                        assertEquals(r.classNames(), back.classNames());
                        assertArrayEquals(r.labels(), back.labels());
                        assertArrayEquals(r.pixels(), back.pixels());
                    }
                });
    }

    @Test
    void headerLayoutIsAsDocumented() throws Exception {
        RawImages r = new RawImages("ab", 2, 1, 1, 2, 16, List.of("x", "y"), new byte[] {1, 0},
                new byte[] {0, 16, 5, 7});
        byte[] b = DsdFormat.encode(r);
        byte[] expectedBody = {'D', 'S', 'D', 'S', 0, 1, 0, 0, 0, 2, 0, 1, 0, 1, 0, 2, 0, 16, 0, 2, 0, 2, 'a', 'b', 0, 1,
            'x', 0, 1, 'y', 1, 0, 0, 16, 5, 7};
        assertArrayEquals(expectedBody, Arrays.copyOf(b, expectedBody.length));
        assertEquals(expectedBody.length + 32, b.length);
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(expectedBody),
                Arrays.copyOfRange(b, expectedBody.length, b.length));
        Dataset d = DsdFormat.parse("mem", b).toDataset();
        assertArrayEquals(new float[] {0f, 1f, 5f / 16, 7f / 16}, d.images());
        assertArrayEquals(new int[] {1, 0}, d.labels());
        assertEquals(List.of("x", "y"), d.classNames());
    }

    @Test
    void aFlippedByteIsACheckSumMismatchEvenInsideValidGzip() throws Exception {
        RawImages r = random(1, 10, 1, 4, 4, 3, 255);
        byte[] b = DsdFormat.encode(r);
        b[b.length - 40] ^= 1; // a pixel
        Path p = dir.resolve("bad.dsd.gz");
        Files.write(p, gzip(b));
        DataFormatException e = assertThrows(DataFormatException.class, () -> Datasets.load(p.toString()));
        assertTrue(e.getMessage().startsWith(p + ": checksum mismatch"), e.getMessage());
        Path plain = dir.resolve("bad.dsd");
        Files.write(plain, b);
        e = assertThrows(DataFormatException.class, () -> DsdFormat.read(plain));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
    }

    @Test
    void truncatedFilesAreRejected() throws Exception {
        byte[] b = DsdFormat.encode(random(2, 30, 3, 5, 5, 10, 255));
        for (int cut : new int[] {3, 10, 25, b.length / 2, b.length - 1}) {
            Path p = dir.resolve("t" + cut + ".dsd");
            Files.write(p, Arrays.copyOf(b, cut));
            DataFormatException e = assertThrows(DataFormatException.class, () -> DsdFormat.read(p));
            assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("wrong magic"),
                    e.getMessage());
        }
        byte[] gz = gzip(b);
        Path p = dir.resolve("t.dsd.gz");
        Files.write(p, Arrays.copyOf(gz, gz.length / 2));
        DataFormatException e = assertThrows(DataFormatException.class, () -> DsdFormat.read(p));
        assertTrue(e.getMessage().contains("truncated gzip"), e.getMessage());
    }

    @Test
    void badHeadersAndContentAreRejectedWithReason() throws Exception {
        byte[] good = DsdFormat.encode(random(3, 4, 1, 2, 2, 3, 16));
        assertRejected(edit(good, 0, (byte) 'X'), "wrong magic");
        assertRejected(edit(good, 5, (byte) 2), "version 2");
        // a label out of range and a level above the maximum, with a valid checksum, so the content check fires
        int labelsAt = good.length - 32 - 16 - 4;
        assertRejected(resign(edit(good, labelsAt, (byte) 3)), "label 3 of image 0 is outside [0, 3)");
        assertRejected(resign(edit(good, good.length - 33, (byte) 17)), "exceeds the max level 16");
        byte[] longer = Arrays.copyOf(good, good.length + 5);
        assertRejected(longer, "5 unexpected bytes");
        assertRejected(new byte[0], "truncated");
    }

    @Test
    void writeIsAtomicAndLeavesNoTemporaryFiles() throws Exception {
        Path p = dir.resolve("sub/x.dsd.gz");
        DsdFormat.write(random(4, 3, 1, 2, 2, 2, 255), p);
        DsdFormat.write(random(5, 5, 1, 2, 2, 2, 255), p);
        assertEquals(5, DsdFormat.read(p).count());
        try (var s = Files.list(p.getParent())) {
            assertEquals(List.of("x.dsd.gz"), s.map(f -> f.getFileName().toString()).toList());
        }
    }

    @Test
    void writtenFileFollowsTheUmaskLikeAFileCreatedDirectly() throws Exception {
        Path probe = Files.createFile(dir.resolve("probe"));
        Path p = dir.resolve("m.dsd.gz");
        DsdFormat.write(random(4, 3, 1, 2, 2, 2, 255), p);
        assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(probe)),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
    }

    @Test
    void datasetsSaveQuantizesUnitValuesAndRefusesNormalisedOnes() throws Exception {
        Dataset d = Dataset.of("s", new float[] {0f, 0.5f, 1f, 0.25f}, new int[] {0, 1}, 1, 1, 2, 2);
        Path p = dir.resolve("s.dsd.gz");
        Datasets.save(d, p);
        Dataset back = Datasets.load(p.toString());
        assertArrayEquals(new float[] {0f, 128f / 255, 1f, 64f / 255}, back.images());
        Dataset neg = Dataset.of("n", new float[] {-0.5f}, new int[] {0}, 1, 1, 1, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Datasets.save(neg, dir.resolve("n.dsd")));
        assertTrue(e.getMessage().contains("outside [0, 1]"), e.getMessage());
        assertTrue(Files.notExists(dir.resolve("n.dsd")));
    }

    private void assertRejected(byte[] content, String reason) throws IOException {
        Path p = Files.createTempFile(dir, "r", ".dsd");
        Files.write(p, content);
        DataFormatException e = assertThrows(DataFormatException.class, () -> DsdFormat.read(p));
        assertTrue(e.getMessage().startsWith(p.toString() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage() + " should mention " + reason);
        assertEquals(1, e.getMessage().lines().count());
    }

    private static byte[] edit(byte[] b, int at, byte v) {
        byte[] c = b.clone();
        c[at] = v;
        return c;
    }

    /** Recomputes the trailing SHA-256 the way the format documents it. */
    private static byte[] resign(byte[] b) throws Exception {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(Arrays.copyOf(b, b.length - 32));
        byte[] c = b.clone();
        System.arraycopy(d, 0, c, b.length - 32, 32);
        return c;
    }

    static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
        }
        return out.toByteArray();
    }
}
