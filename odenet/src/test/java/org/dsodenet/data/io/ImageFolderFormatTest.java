package org.dsodenet.data.io;

import static org.dsodenet.data.DatasetAsserts.assertGeometry;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.dsodenet.data.DataFormatException;
import org.dsodenet.data.Dataset;
import org.dsodenet.data.Datasets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderFormatTest {
    @TempDir
    Path dir;

    /** A grey PNG whose pixel (x, y) has level base + 10·y + x. */
    private static void greyPng(Path file, int w, int h, int base) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, base + 10 * y + x);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
    }

    private static void rgbPng(Path file, int w, int h, int rgb) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
    }

    @Test
    void numericClassFoldersKeepTheirDigitsAndGreyLevelsExactly() throws Exception {
        Path root = dir.resolve("digits");
        greyPng(root.resolve("0/b.png"), 3, 2, 100);
        greyPng(root.resolve("0/a.png"), 3, 2, 0);
        greyPng(root.resolve("10/z.png"), 3, 2, 200);
        greyPng(root.resolve("2/q.PNG"), 3, 2, 50);
        Files.writeString(root.resolve("2/notes.txt"), "ignored");
        Files.writeString(root.resolve("README"), "ignored too");
        Dataset d = Datasets.load(root.toString());
        assertEquals("digits", d.name());
        assertGeometry(d, 4, 1, 2, 3);
        assertEquals(11, d.numClasses());
        // classes in numeric order (2 before 10), files in name order (a before b)
        assertArrayEquals(new int[] {0, 0, 2, 10}, d.labels());
        assertEquals(0f, d.pixel(0, 0, 0, 0));
        assertEquals(112f / 255, d.pixel(1, 0, 1, 2));
        assertEquals(51f / 255, d.pixel(2, 0, 0, 1));
        assertEquals(210f / 255, d.pixel(3, 0, 1, 0));
        assertEquals(12, Datasets.load(root + "?classes=12").numClasses());
    }

    @Test
    void namedClassesColourAndMixedGreyBecomeThreeChannels() throws Exception {
        Path root = dir.resolve("pets");
        rgbPng(root.resolve("dog/1.png"), 2, 2, 0xFF8000);
        greyPng(root.resolve("cat/1.png"), 2, 2, 60);
        rgbPng(root.resolve("cat/2.bmp"), 2, 2, 0x0000FF);
        Files.createDirectories(root.resolve(".hidden"));
        Dataset d = Datasets.load(root.toString());
        assertEquals(List.of("cat", "dog"), d.classNames());
        assertArrayEquals(new int[] {0, 0, 1}, d.labels());
        assertEquals(3, d.channels());
        // the grey image repeats its level in every channel
        for (int c = 0; c < 3; c++) {
            assertEquals(71f / 255, d.pixel(0, c, 1, 1));
        }
        assertEquals(0f, d.pixel(1, 0, 0, 0));
        assertEquals(1f, d.pixel(1, 2, 0, 0));
        assertEquals(1f, d.pixel(2, 0, 1, 0));
        assertEquals(128f / 255, d.pixel(2, 1, 1, 0));
        assertEquals(0f, d.pixel(2, 2, 1, 0));
    }

    @Test
    void jpegImagesAreRead() throws Exception {
        Path root = dir.resolve("j");
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
        Files.createDirectories(root.resolve("a"));
        ImageIO.write(img, "jpg", root.resolve("a/x.jpg").toFile());
        Dataset d = Datasets.load(root.toString());
        assertEquals(1, d.size());
        assertEquals(8, d.width());
    }

    @Test
    void badFoldersAreRejectedWithFileAndReason() throws Exception {
        Path mixed = dir.resolve("mixed");
        greyPng(mixed.resolve("a/1.png"), 4, 4, 0);
        greyPng(mixed.resolve("b/2.png"), 5, 4, 0);
        DataFormatException e = assertThrows(DataFormatException.class, () -> Datasets.load(mixed.toString()));
        assertTrue(e.getMessage().startsWith(mixed.resolve("b/2.png") + ": image is 5x4 but 1.png is 4x4"),
                e.getMessage());

        Path broken = dir.resolve("broken");
        greyPng(broken.resolve("a/1.png"), 4, 4, 0);
        Files.writeString(broken.resolve("a/2.png"), "not a png");
        e = assertThrows(DataFormatException.class, () -> Datasets.load(broken.toString()));
        assertTrue(e.getMessage().startsWith(broken.resolve("a/2.png") + ": not a readable image"), e.getMessage());

        Path empty = dir.resolve("empty");
        Files.createDirectories(empty.resolve("a"));
        e = assertThrows(DataFormatException.class, () -> Datasets.load(empty.toString()));
        assertTrue(e.getMessage().contains("no PNG, JPEG, BMP or GIF images"), e.getMessage());

        Path flat = dir.resolve("flat");
        greyPng(flat.resolve("1.png"), 4, 4, 0);
        e = assertThrows(DataFormatException.class, () -> Datasets.load(flat.toString()));
        assertTrue(e.getMessage().contains("no class sub-folders"), e.getMessage());

        IllegalArgumentException opt = assertThrows(IllegalArgumentException.class,
                () -> Datasets.load(mixed + "?max=3"));
        assertTrue(opt.getMessage().contains("does not apply to image folders"), opt.getMessage());
    }
}
