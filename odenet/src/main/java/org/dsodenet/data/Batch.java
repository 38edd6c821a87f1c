package org.dsodenet.data;

/**
 * One mini-batch: {@code size} images in NCHW order and their labels. The arrays belong to the caller; a dataset
 * never hands out its own storage.
 */
public record Batch(float[] images, int[] labels, int size, int channels, int height, int width) {
    public Batch {
        if (size < 0 || labels.length != size || images.length != (long) size * channels * height * width) {
            throw new IllegalArgumentException("batch of " + size + " images of " + channels + "x" + height + "x" + width
                    + " does not match arrays of " + images.length + " values and " + labels.length + " labels");
        }
    }

    /** Values per image: channels × height × width. */
    public int imageSize() {
        return channels * height * width;
    }
}
