package org.dsodenet.data.io;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.dsodenet.data.DataFormatException;
import org.dsodenet.data.DataSpec;
import org.dsodenet.data.Dataset;

/**
 * A folder with one sub-folder per class holding PNG, JPEG, BMP or GIF images, all of one size ({@code root/cat/1.png},
 * {@code root/dog/7.jpg}, …).
 *
 * <p>Classes: if every sub-folder name is a non-negative integer, that integer is the label (so {@code 0..9} folders
 * keep their digits); otherwise folders are labelled 0, 1, … in name order. Images are read in file-name order, so
 * the dataset is the same on every machine. Hidden entries and files with other extensions are skipped.
 *
 * <p>Channels: one if every image is grey, else three (grey images then repeat their value in R, G and B). Grey
 * values are read from the raster at their own bit depth, not through {@code getRGB}, which would apply a gamma curve
 * to grey images.
 */
public final class ImageFolderFormat {
    static final Set<String> OPTIONS = Set.of("name", "classes");
    private static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");
    /** 8192x8192: any photograph, but not a decompression bomb. */
    static final long MAX_PIXELS = 1L << 26;

    private ImageFolderFormat() {}

    public static Dataset read(Path root, DataSpec spec) {
        spec.allowOnly("image folders", OPTIONS);
        List<Path> classDirs = list(root).stream().filter(Files::isDirectory).toList();
        if (classDirs.isEmpty()) {
            throw new DataFormatException(root, "no class sub-folders (expected ROOT/CLASS/IMAGE.png)");
        }
        boolean numeric = classDirs.stream().allMatch(d -> d.getFileName().toString().matches("\\d{1,6}"));
        List<Path> dirs = new ArrayList<>(classDirs);
        if (numeric) {
            dirs.sort(Comparator.comparingInt(d -> Integer.parseInt(d.getFileName().toString())));
        }
        List<BufferedImage> images = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> labelList = new ArrayList<>();
        for (int ci = 0; ci < dirs.size(); ci++) {
            Path dir = dirs.get(ci);
            int label = numeric ? Integer.parseInt(dir.getFileName().toString()) : ci;
            for (Path f : list(dir)) {
                if (!Files.isRegularFile(f) || !EXTENSIONS.contains(extension(f))) {
                    continue;
                }
                checkSize(f);
                images.add(readImage(f));
                files.add(f);
                labelList.add(label);
            }
        }
        if (images.isEmpty()) {
            throw new DataFormatException(root, "no PNG, JPEG, BMP or GIF images in its class folders");
        }
        int h = images.get(0).getHeight();
        int w = images.get(0).getWidth();
        boolean allGrey = true;
        for (int i = 0; i < images.size(); i++) {
            BufferedImage img = images.get(i);
            if (img.getHeight() != h || img.getWidth() != w) {
                throw new DataFormatException(files.get(i), "image is " + img.getWidth() + "x" + img.getHeight()
                        + " but " + files.get(0).getFileName() + " is " + w + "x" + h
                        + "; all images of a folder dataset must have one size");
            }
            allGrey &= isGrey(img);
        }
        int c = allGrey ? 1 : 3;
        int per = c * h * w;
        if ((long) images.size() * per > Integer.MAX_VALUE - 8) {
            throw new DataFormatException(root, images.size() + " images of " + c + "x" + h + "x" + w
                    + " are more values than one array holds (" + (Integer.MAX_VALUE - 8) + ")");
        }
        float[] x = new float[images.size() * per];
        for (int i = 0; i < images.size(); i++) {
            toPlanes(images.get(i), allGrey, x, i * per);
        }
        int[] y = labelList.stream().mapToInt(Integer::intValue).toArray();
        int k = LabelCheck.numClasses(root.toString(), y, spec);
        List<String> names = new ArrayList<>();
        if (numeric) {
            for (int i = 0; i < k; i++) {
                names.add(Integer.toString(i));
            }
        } else {
            dirs.forEach(d -> names.add(d.getFileName().toString()));
            for (int i = names.size(); i < k; i++) {
                names.add(Integer.toString(i));
            }
        }
        String name = spec.option("name") != null ? spec.option("name")
                : root.toAbsolutePath().normalize().getFileName().toString();
        return Dataset.of(name, x, y, c, h, w, k, names);
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new DataFormatException(dir, Files.exists(dir) ? "not a folder" : "no such folder");
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new DataFormatException(dir, "cannot list: " + e.getMessage(), e);
        }
    }

    private static String extension(Path f) {
        String n = f.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /**
     * Refuses an image whose header declares more than {@link #MAX_PIXELS}, before decoding it: a PNG of a few
     * hundred bytes can declare 100000x100000 pixels, which the decoder would try to allocate.
     */
    private static void checkSize(Path f) {
        try (ImageInputStream in = ImageIO.createImageInputStream(f.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new DataFormatException(f, "not a readable image");
            }
            ImageReader r = readers.next();
            try {
                r.setInput(in);
                long w = r.getWidth(0);
                long h = r.getHeight(0);
                if (w * h > MAX_PIXELS) {
                    throw new DataFormatException(f, "image is " + w + "x" + h + ", more than " + MAX_PIXELS
                            + " pixels, the most an image of a folder dataset may have (DATA.md)");
                }
            } finally {
                r.dispose();
            }
        } catch (IOException e) {
            throw new DataFormatException(f, "not a readable image (" + e.getMessage() + ")", e);
        }
    }

    private static BufferedImage readImage(Path f) {
        try {
            BufferedImage img = ImageIO.read(f.toFile());
            if (img == null) {
                throw new DataFormatException(f, "not a readable image");
            }
            return img;
        } catch (IOException e) {
            throw new DataFormatException(f, "not a readable image (" + e.getMessage() + ")", e);
        }
    }

    private static boolean isGrey(BufferedImage img) {
        return !(img.getColorModel() instanceof IndexColorModel)
                && img.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY;
    }

    /** Writes the image as CHW floats in [0, 1] at {@code off}, one plane or three. */
    private static void toPlanes(BufferedImage img, boolean greyDataset, float[] x, int off) {
        int h = img.getHeight();
        int w = img.getWidth();
        int plane = h * w;
        if (isGrey(img)) {
            Raster r = img.getRaster();
            float max = (1 << img.getColorModel().getComponentSize(0)) - 1;
            for (int yy = 0; yy < h; yy++) {
                for (int xx = 0; xx < w; xx++) {
                    float v = r.getSample(xx, yy, 0) / max;
                    int i = off + yy * w + xx;
                    x[i] = v;
                    if (!greyDataset) {
                        x[i + plane] = v;
                        x[i + 2 * plane] = v;
                    }
                }
            }
            return;
        }
        for (int yy = 0; yy < h; yy++) {
            for (int xx = 0; xx < w; xx++) {
                int rgb = img.getRGB(xx, yy);
                int i = off + yy * w + xx;
                x[i] = ((rgb >> 16) & 0xFF) / 255f;
                x[i + plane] = ((rgb >> 8) & 0xFF) / 255f;
                x[i + 2 * plane] = (rgb & 0xFF) / 255f;
            }
        }
    }
}
