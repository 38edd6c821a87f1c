package org.dsodenet.ops.fixed.kernel;

import java.util.Arrays;

/**
 * The rows between the images of a tall plane: {@code images} samples stacked per channel, each {@code rows} rows of
 * {@code width} raws followed by {@code pitch - rows} gap rows. Zero gap rows are what a padded convolution reads as
 * padding at each image's bottom and the next image's top, so every output of an image sees exactly the inputs (and
 * zeros) it sees alone. Layers write whatever their arithmetic gives into the gaps, so a padded convolution zeroes
 * them in its input first.
 */
public record TallGaps(int channels, int images, int pitch, int rows, int width) {

    /** Zeroes the gap rows of the input a kernel reads: x when {@code in} is longs, else the plane handed on. */
    public void zero(long[] x, RawPlane in, Scratch scratch) {
        int n = channels * images * pitch * width;
        float[] f = in == RawPlane.FLOATS ? scratch.handedFloats(n) : null;
        double[] d = in == RawPlane.DOUBLES ? scratch.handedDoubles(n) : null;
        int height = images * pitch;
        for (int c = 0; c < channels; c++) {
            for (int b = 0; b < images; b++) {
                int from = (c * height + b * pitch + rows) * width;
                int to = (c * height + (b + 1) * pitch) * width;
                if (f != null) {
                    Arrays.fill(f, from, to, 0f);
                } else if (d != null) {
                    Arrays.fill(d, from, to, 0d);
                } else {
                    Arrays.fill(x, from, to, 0L);
                }
            }
        }
    }
}
