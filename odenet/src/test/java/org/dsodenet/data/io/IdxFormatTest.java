package org.dsodenet.data.io;

import static org.dsodenet.data.DatasetAsserts.assertGeometry;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.dsodenet.data.DataFormatException;
import org.dsodenet.data.Dataset;
import org.dsodenet.data.Datasets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX files written byte by byte here (independently of the reader), gzipped and not. */
class IdxFormatTest {
    @TempDir
    Path dir;

    /** Three 2×3 images with pixel value 10·image + position, labels 7, 0, 3. */
    static byte[] images() throws IOException {
        return IdxBytes.of(IdxBytes.UBYTE, new int[] {3, 2, 3}, out -> {
            for (int i = 0; i < 3; i++) {
                for (int k = 0; k < 6; k++) {
                    out.writeByte(10 * i + k + (i == 2 && k == 5 ? 200 : 0));
                }
            }
        });
    }

    static byte[] labels(int... ys) throws IOException {
        return IdxBytes.of(IdxBytes.UBYTE, new int[] {ys.length}, out -> {
            for (int y : ys) {
                out.writeByte(y);
            }
        });
    }

    private void check(Dataset d) {
        assertGeometry(d, 3, 1, 2, 3);
        assertEquals(8, d.numClasses(), "largest label + 1");
        assertArrayEquals(new int[] {7, 0, 3}, d.labels());
        assertEquals(13f / 255, d.pixel(1, 0, 1, 0));
        assertEquals(225f / 255, d.pixel(2, 0, 1, 2));
        assertEquals(0f, d.pixel(0, 0, 0, 0));
    }

    @Test
    void mnistNamedFilesAreFoundByTheImagesPathGzippedOrNot() throws Exception {
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), images());
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), labels(7, 0, 3));
        Dataset d = Datasets.load(dir.resolve("t10k-images-idx3-ubyte").toString());
        check(d);
        assertEquals("t10k-images-idx3-ubyte", d.name());

        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), DsdFormatTest.gzip(images()));
        Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), DsdFormatTest.gzip(labels(7, 0, 3)));
        check(Datasets.load(dir.resolve("train-images-idx3-ubyte.gz").toString()));

        // gzipped images next to plain labels also pair up
        Files.write(dir.resolve("x-images.idx3.gz"), DsdFormatTest.gzip(images()));
        Files.write(dir.resolve("x-labels.idx1"), labels(7, 0, 3));
        check(Datasets.load(dir.resolve("x-images.idx3.gz").toString()));
    }

    @Test
    void explicitPairAndOptions() throws Exception {
        Files.write(dir.resolve("a.bin"), images());
        Files.write(dir.resolve("b.bin"), labels(7, 0, 3));
        check(Datasets.load(dir.resolve("a.bin") + "," + dir.resolve("b.bin")));
        Dataset d = Datasets.load(dir.resolve("a.bin") + "," + dir.resolve("b.bin") + "?classes=10&name=tiny&max=225");
        assertEquals(10, d.numClasses());
        assertEquals("tiny", d.name());
        assertEquals(1f, d.pixel(2, 0, 1, 2));
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> Datasets.load(dir.resolve("a.bin") + "," + dir.resolve("b.bin") + "?classes=5"));
        assertTrue(e.getMessage().contains("label 7 of image 0 is outside [0, 5)"), e.getMessage());
        e = assertThrows(DataFormatException.class,
                () -> Datasets.load(dir.resolve("a.bin") + "," + dir.resolve("b.bin") + "?max=100"));
        assertTrue(e.getMessage().contains("exceeds max=100"), e.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> Datasets.load(dir.resolve("a.bin") + "," + dir.resolve("b.bin") + "?label=first"));
        assertTrue(bad.getMessage().contains("does not apply to IDX"), bad.getMessage());
    }

    @Test
    void fourDimensionalFloatImagesAndIntLabels() throws Exception {
        Files.write(dir.resolve("f-images"), IdxBytes.of(IdxBytes.FLOAT, new int[] {2, 3, 1, 2}, out -> {
            for (int i = 0; i < 12; i++) {
                out.writeFloat(i * 0.5f - 1f);
            }
        }));
        Files.write(dir.resolve("f-labels"), IdxBytes.of(IdxBytes.INT, new int[] {2}, out -> {
            out.writeInt(300);
            out.writeInt(1);
        }));
        Dataset d = Datasets.load(dir.resolve("f-images").toString());
        assertGeometry(d, 2, 3, 1, 2);
        assertEquals(301, d.numClasses());
        assertArrayEquals(new int[] {300, 1}, d.labels());
        assertEquals(-1f, d.pixel(0, 0, 0, 0));
        assertEquals(4.5f, d.pixel(1, 2, 0, 1));
    }

    @Test
    void badFilesAreRejectedWithFileAndReason() throws Exception {
        byte[] img = images();
        Path labelsFile = dir.resolve("l");
        Files.write(labelsFile, labels(7, 0, 3));
        expect(Arrays.copyOf(img, img.length - 1), labelsFile, "truncated");
        expect(Arrays.copyOf(img, 10), labelsFile, "truncated");
        expect(Arrays.copyOf(img, img.length + 2), labelsFile, "2 unexpected bytes");
        byte[] magic = img.clone();
        magic[0] = 1;
        Path bad = dir.resolve("bad-images");
        Files.write(bad, magic);
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxFormat.read(bad, labelsFile,
                org.dsodenet.data.DataSpec.parse("x")));
        assertTrue(e.getMessage().contains("wrong magic"), e.getMessage());
        // loading a file of unknown magic through Datasets says what formats it knows
        e = assertThrows(DataFormatException.class, () -> Datasets.load(bad.toString()));
        assertTrue(e.getMessage().contains("unknown format"), e.getMessage());

        Path img3 = dir.resolve("i");
        Files.write(img3, img);
        Path two = dir.resolve("two");
        Files.write(two, labels(7, 0));
        e = assertThrows(DataFormatException.class, () -> Datasets.load(img3 + "," + two));
        assertTrue(e.getMessage().contains("2 labels for 3 images"), e.getMessage());
        e = assertThrows(DataFormatException.class, () -> Datasets.load(labelsFile + "," + labelsFile));
        assertTrue(e.getMessage().contains("is this the labels file?"), e.getMessage());

        Path lonely = dir.resolve("lonely-images-idx3-ubyte");
        Files.write(lonely, img);
        e = assertThrows(DataFormatException.class, () -> Datasets.load(lonely.toString()));
        assertTrue(e.getMessage().contains("no labels file found") && e.getMessage().contains("lonely-labels-idx1-ubyte"),
                e.getMessage());
        e = assertThrows(DataFormatException.class, () -> Datasets.load(dir.resolve("nope") + "," + labelsFile));
        assertTrue(e.getMessage().endsWith("nope: no such file"), e.getMessage());
    }

    private void expect(byte[] images, Path labelsFile, String reason) throws IOException {
        Path p = Files.createTempFile(dir, "img", "");
        Files.write(p, images);
        DataFormatException e = assertThrows(DataFormatException.class, () -> Datasets.load(p + "," + labelsFile));
        assertTrue(e.getMessage().startsWith(p + ": ") && e.getMessage().contains(reason), e.getMessage());
    }
}
