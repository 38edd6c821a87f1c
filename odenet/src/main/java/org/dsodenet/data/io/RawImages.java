package org.dsodenet.data.io;

import java.util.ArrayList;
import java.util.List;
import org.dsodenet.data.Dataset;

/**
 * Images as stored on disk: unsigned 8-bit levels in NCHW order where {@code maxLevel} means full intensity (255 for
 * photographs and MNIST, 16 for the UCI digits' 17 grey levels), one unsigned 8-bit label per image, and the class
 * names. This is the content of the bundled {@code .dsd} format.
 */
public record RawImages(String name, int count, int channels, int height, int width, int maxLevel,
        List<String> classNames, byte[] labels, byte[] pixels) {

    public RawImages {
        if (count < 0 || channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException(name + ": bad shape " + count + "x" + channels + "x" + height + "x"
                    + width);
        }
        if (maxLevel < 1 || maxLevel > 255) {
            throw new IllegalArgumentException(name + ": max level " + maxLevel + " is outside [1, 255]");
        }
        if (classNames.isEmpty() || classNames.size() > 256) {
            throw new IllegalArgumentException(name + ": " + classNames.size() + " classes, expected 1 to 256");
        }
        if (labels.length != count || pixels.length != (long) count * channels * height * width) {
            throw new IllegalArgumentException(name + ": arrays do not hold " + count + " images of " + channels + "x"
                    + height + "x" + width);
        }
        classNames = List.copyOf(classNames);
    }

    public int numClasses() {
        return classNames.size();
    }

    /** Scales levels to [0, 1] (level / maxLevel), checking every level and label is in range. */
    public Dataset toDataset() {
        float[] level = new float[256];
        for (int v = 0; v <= maxLevel; v++) {
            level[v] = (float) v / maxLevel;
        }
        float[] x = new float[pixels.length];
        for (int i = 0; i < x.length; i++) {
            int v = pixels[i] & 0xFF;
            if (v > maxLevel) {
                throw new IllegalArgumentException(name + ": level " + v + " exceeds the maximum " + maxLevel);
            }
            x[i] = level[v];
        }
        int[] y = new int[count];
        for (int i = 0; i < count; i++) {
            y[i] = labels[i] & 0xFF;
        }
        return Dataset.of(name, x, y, channels, height, width, numClasses(), classNames);
    }

    /**
     * Quantizes a dataset whose values lie in [0, 1] to levels {@code round(v × maxLevel)}; values outside [0, 1] are
     * an error rather than clamped, as they mean the dataset was normalised and the levels would lie.
     */
    public static RawImages of(Dataset d, int maxLevel) {
        if (d.numClasses() > 256) {
            throw new IllegalArgumentException(d.name() + ": " + d.numClasses() + " classes do not fit 8-bit labels");
        }
        float[] x = d.images();
        byte[] px = new byte[x.length];
        for (int i = 0; i < x.length; i++) {
            float v = x[i];
            if (!(v >= 0f && v <= 1f)) {
                throw new IllegalArgumentException(d.name() + ": value " + v + " in image " + i / d.imageSize()
                        + " is outside [0, 1]");
            }
            px[i] = (byte) Math.round(v * maxLevel);
        }
        byte[] y = new byte[d.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = (byte) d.label(i);
        }
        return new RawImages(d.name(), d.size(), d.channels(), d.height(), d.width(), maxLevel,
                new ArrayList<>(d.classNames()), y, px);
    }
}
