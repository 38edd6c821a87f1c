package org.dsodenet.data.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.dsodenet.data.DataFormatException;
import org.dsodenet.data.Datasets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files built to exhaust memory: headers that declare far more than is present, and gzip streams that inflate far
 * beyond what their header declares. Each bomb here ends in corrupt gzip data after the part that inflates, so a
 * reader that inflates everything before checking sizes reports broken gzip data, and one that stops at its limit
 * says the content is too long.
 */
class HostileFilesTest {
    @TempDir
    Path dir;

    /** A gzip stream of {@code head} and {@code zeros} zero bytes, followed by bytes that are no valid deflate data. */
    private static byte[] bombThenGarbage(byte[] head, int zeros) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(b)) {
            gz.write(head);
            gz.write(new byte[zeros]);
        }
        byte[] whole = b.toByteArray();
        // Cut the stream's end (final block and trailer) and append junk: inflating to the end must fail.
        byte[] cut = Arrays.copyOf(whole, whole.length - 8 - 16 + 64);
        Arrays.fill(cut, whole.length - 8 - 16, cut.length, (byte) 0xFF);
        return cut;
    }

    private static byte[] idxHeader(int type, int... dims) throws IOException {
        return IdxBytes.of(type, dims, out -> {});
    }

    private Path write(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    private static String refusal(String spec) {
        DataFormatException e = assertThrows(DataFormatException.class, () -> Datasets.load(spec));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        return e.getMessage();
    }

    @Test
    void idxGzipInflatingPastItsHeaderIsStoppedThere() throws Exception {
        // Declares 10 images of 10x10 (1,016 bytes with the header) but inflates to 4 MB.
        Path images = write("bomb-images.idx3.gz", bombThenGarbage(idxHeader(0x08, 10, 10, 10), 4 << 20));
        Path labels = write("bomb-labels.idx1", idxHeader(0x08, 10));
        String m = refusal(images + "," + labels);
        assertTrue(m.startsWith(images + ": content is longer than "), m);
        assertTrue(m.endsWith("while its IDX header declares 1016"), m);
    }

    @Test
    void aPlainFileLongerThanItsHeaderAllowsIsRefusedFromItsSize() throws Exception {
        // One 1x1 image (17 bytes with the header) followed by 100,000 stray bytes: past the 64 KiB of slack.
        byte[] file = Arrays.copyOf(idxHeader(0x08, 1, 1, 1), 16 + 1 + 100_000);
        Path images = write("long-images.idx3", file);
        Path labels = write("long-labels.idx1", Arrays.copyOf(idxHeader(0x08, 1), 9));
        assertEquals(images + ": file is 100017 bytes, more than 65553, while its IDX header declares 17",
                refusal(images + "," + labels));
    }

    @Test
    void idxHeaderDeclaringANegativeSizeSaysSo() throws Exception {
        Path images = write("neg-images.idx3", idxHeader(0x08, 3, -1, 28));
        Path labels = write("neg-labels.idx1", Arrays.copyOf(idxHeader(0x08, 3), 11));
        assertEquals(images + ": header declares a negative size (3x-1x28)", refusal(images + "," + labels));
    }

    @Test
    void idxHeaderDeclaringMoreThanTheCapIsRefusedBeforeReading() throws Exception {
        byte[] file = Arrays.copyOf(idxHeader(0x08, 2_000_000_000, 1, 1), 116);
        Path images = write("huge-images.idx3", file);
        Path labels = write("huge-labels.idx1", idxHeader(0x08, 2_000_000_000));
        String m = refusal(images + "," + labels);
        assertEquals(images + ": header declares 2000000000x1x1 values of 1 bytes, more than " + FileBytes.MAX_CONTENT
                + " bytes, " + FileBytes.MAX_REASON, m);
    }

    @Test
    void idxHeaderDeclaringMoreThanPresentIsRefusedBeforeAllocating() throws Exception {
        // 200 million float images of 1x1: 800 MB, under the cap; only 100 bytes are there. The reader used to
        // allocate the 200-million-float array (800 MB) before noticing.
        byte[] file = Arrays.copyOf(idxHeader(0x0D, 200_000_000, 1, 1), 116);
        Path images = write("short-images.idx3", file);
        Path labels = write("short-labels.idx1", idxHeader(0x08, 200_000_000));
        String m = refusal(images + "," + labels);
        assertEquals(images + ": truncated: pixels needs 800000000 bytes at offset 16, only 100 left", m);
    }

    @Test
    void dsdGzipInflatingPastItsHeaderIsStoppedThere() throws Exception {
        RawImages one = new RawImages("x", 1, 1, 1, 1, 255, java.util.List.of("a"), new byte[1], new byte[1]);
        byte[] good = DsdFormat.encode(one);
        Path p = write("bomb.dsd.gz", bombThenGarbage(good, 4 << 20));
        String m = refusal(p.toString());
        assertTrue(m.startsWith(p + ": content is longer than "), m);
        assertTrue(m.endsWith("more than its header allows for"), m);
    }

    @Test
    void dsdHeaderDeclaringMoreThanTheCapIsRefusedBeforeReading() throws Exception {
        RawImages one = new RawImages("x", 1, 1, 1, 1, 255, java.util.List.of("a"), new byte[1], new byte[1]);
        byte[] b = DsdFormat.encode(one);
        // count 2^31 - 1 images of 1x100x100
        b[6] = 0x7F;
        b[7] = b[8] = b[9] = (byte) 0xFF;
        b[12] = b[14] = 0;
        b[13] = b[15] = 100;
        Path p = write("huge.dsd", b);
        String m = refusal(p.toString());
        assertEquals(p + ": header declares 2147483647 images of 1x100x100, more than " + FileBytes.MAX_CONTENT
                + " bytes, " + FileBytes.MAX_REASON, m);
    }

    @Test
    void dsdHeaderDeclaringANegativeCountSaysSo() throws Exception {
        RawImages one = new RawImages("x", 1, 1, 1, 1, 255, java.util.List.of("a"), new byte[1], new byte[1]);
        byte[] b = DsdFormat.encode(one);
        b[6] = (byte) 0xFF;
        Path p = write("neg.dsd", b);
        assertEquals(p + ": header declares a negative image count (-16777215)", refusal(p.toString()));
    }

    @Test
    void truncatedGzipHeaderSaysSoInsteadOfNull() throws Exception {
        byte[] gz = DsdFormatTest.gzip(new byte[100]);
        for (int cut = 2; cut < 10; cut++) {
            Path p = write("cut" + cut + ".dsd.gz", Arrays.copyOf(gz, cut));
            assertEquals(p + ": truncated gzip data", refusal(p.toString()));
        }
        Path csv = write("cut.csv.gz", Arrays.copyOf(gz, 5));
        assertEquals(csv + ": truncated gzip data", refusal(csv.toString()));
    }

    /** A PNG chunk: length, type, data, CRC of type and data. */
    private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(t);
        crc.update(data);
        out.writeInt(data.length);
        out.write(t);
        out.write(data);
        out.writeInt((int) crc.getValue());
    }

    /** The decoder refuses sizes past 2^31 pixels itself, but allocates anything below: 400 MB for this one. */
    @Test
    void aPngDeclaringFourHundredMegapixelsIsRefusedBeforeDecoding() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(ihdr);
        h.writeInt(20_000);
        h.writeInt(20_000);
        h.write(new byte[] {8, 0, 0, 0, 0}); // 8-bit grey, deflate, no filter, not interlaced
        chunk(out, "IHDR", ihdr.toByteArray());
        chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
        chunk(out, "IEND", new byte[0]);
        Path img = Files.createDirectories(dir.resolve("bomb/0")).resolve("big.png");
        Files.write(img, b.toByteArray());
        assertEquals(img + ": image is 20000x20000, more than " + ImageFolderFormat.MAX_PIXELS + " pixels, the most "
                + "an image of a folder dataset may have (DATA.md)", refusal(dir.resolve("bomb").toString()));
    }

    @Test
    void aCappedStreamPassesTheLimitAndRefusesOneByteMore() throws Exception {
        byte[] data = new byte[1000];
        try (CappedInputStream in = new CappedInputStream(new java.io.ByteArrayInputStream(data), "s", 1000, "why")) {
            assertEquals(1000, in.readAllBytes().length);
        }
        try (CappedInputStream in = new CappedInputStream(new java.io.ByteArrayInputStream(data), "s", 999, "why")) {
            DataFormatException e = assertThrows(DataFormatException.class, in::readAllBytes);
            assertEquals("s: content is longer than 999 bytes, why", e.getMessage());
        }
    }
}
