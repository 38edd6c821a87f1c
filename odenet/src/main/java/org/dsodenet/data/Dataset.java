package org.dsodenet.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * An immutable labelled image set: {@code size()} images of {@code channels × height × width} floats stored in NCHW
 * order, and one class label in {@code [0, numClasses)} per image.
 *
 * <p>Loaders put pixel values in [0, 1] (the file's maximum level maps to 1); {@link
 * org.dsodenet.data.transform.Transforms#normalise} may move them elsewhere. Every method that selects or reorders
 * images takes an explicit seed and uses {@link java.util.Random}, whose algorithm is fixed by its specification, so a
 * split made today is the same split on any JDK.
 */
public final class Dataset {
    private final String name;
    private final int channels;
    private final int height;
    private final int width;
    private final int numClasses;
    private final List<String> classNames;
    private final float[] images;
    private final int[] labels;

    private Dataset(String name, float[] images, int[] labels, int channels, int height, int width, int numClasses,
            List<String> classNames) {
        this.name = name;
        this.images = images;
        this.labels = labels;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.numClasses = numClasses;
        this.classNames = classNames;
    }

    /**
     * Makes a dataset from copies of {@code images} (NCHW) and {@code labels}. Class names default to "0", "1", ….
     *
     * @throws IllegalArgumentException if the shapes disagree, a label is out of range or a value is NaN or infinite
     */
    public static Dataset of(String name, float[] images, int[] labels, int channels, int height, int width,
            int numClasses) {
        return of(name, images, labels, channels, height, width, numClasses, null);
    }

    /** As {@link #of(String, float[], int[], int, int, int, int)} with explicit class names (one per class). */
    public static Dataset of(String name, float[] images, int[] labels, int channels, int height, int width,
            int numClasses, List<String> classNames) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("dataset name must not be empty");
        }
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException(name + ": image shape " + channels + "x" + height + "x" + width
                    + " must be positive");
        }
        if (numClasses < 1) {
            throw new IllegalArgumentException(name + ": number of classes " + numClasses + " must be positive");
        }
        long per = (long) channels * height * width;
        if (per * labels.length != images.length) {
            throw new IllegalArgumentException(name + ": " + images.length + " values do not make " + labels.length
                    + " images of " + channels + "x" + height + "x" + width);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException(name + ": label " + labels[i] + " of image " + i
                        + " is outside [0, " + numClasses + ")");
            }
        }
        for (int i = 0; i < images.length; i++) {
            if (!Float.isFinite(images[i])) {
                throw new IllegalArgumentException(name + ": value " + images[i] + " in image " + i / per
                        + " is not finite");
            }
        }
        List<String> names = classNames == null ? defaultClassNames(numClasses) : List.copyOf(classNames);
        if (names.size() != numClasses) {
            throw new IllegalArgumentException(name + ": " + names.size() + " class names for " + numClasses
                    + " classes");
        }
        return new Dataset(name, images.clone(), labels.clone(), channels, height, width, numClasses, names);
    }

    private static List<String> defaultClassNames(int k) {
        List<String> names = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            names.add(Integer.toString(i));
        }
        return List.copyOf(names);
    }

    public String name() {
        return name;
    }

    public int size() {
        return labels.length;
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** Values per image: channels × height × width. */
    public int imageSize() {
        return channels * height * width;
    }

    public int numClasses() {
        return numClasses;
    }

    /** One name per class, in label order. */
    public List<String> classNames() {
        return classNames;
    }

    public int label(int i) {
        return labels[checkIndex(i)];
    }

    /** A copy of all labels. */
    public int[] labels() {
        return labels.clone();
    }

    /** A copy of all images, NCHW. */
    public float[] images() {
        return images.clone();
    }

    /** A copy of image {@code i}, CHW. */
    public float[] image(int i) {
        int per = imageSize();
        return Arrays.copyOfRange(images, checkIndex(i) * per, (checkIndex(i) + 1) * per);
    }

    /** Copies image {@code i} into {@code dst} at {@code offset}; no allocation. */
    public void copyImage(int i, float[] dst, int offset) {
        int per = imageSize();
        System.arraycopy(images, checkIndex(i) * per, dst, offset, per);
    }

    /** The value at channel {@code c}, row {@code y}, column {@code x} of image {@code i}. */
    public float pixel(int i, int c, int y, int x) {
        if (c < 0 || c >= channels || y < 0 || y >= height || x < 0 || x >= width) {
            throw new IndexOutOfBoundsException("pixel (" + c + ", " + y + ", " + x + ") outside " + channels + "x"
                    + height + "x" + width);
        }
        return images[((checkIndex(i) * channels + c) * height + y) * width + x];
    }

    /** How many images each class has, indexed by label. */
    public int[] classCounts() {
        int[] counts = new int[numClasses];
        for (int l : labels) {
            counts[l]++;
        }
        return counts;
    }

    /** The same images and labels under another name. */
    public Dataset withName(String newName) {
        if (newName == null || newName.isBlank()) {
            throw new IllegalArgumentException("dataset name must not be empty");
        }
        return new Dataset(newName, images, labels, channels, height, width, numClasses, classNames);
    }

    /** The images at {@code indices}, in that order (an index may repeat). */
    public Dataset subset(int[] indices) {
        int per = imageSize();
        float[] x = new float[indices.length * per];
        int[] y = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = checkIndex(indices[k]);
            System.arraycopy(images, i * per, x, k * per, per);
            y[k] = labels[i];
        }
        return new Dataset(name, x, y, channels, height, width, numClasses, classNames);
    }

    /** The first {@code n} images (all if {@code n ≥ size()}). */
    public Dataset head(int n) {
        if (n < 0) {
            throw new IllegalArgumentException(name + ": cannot take " + n + " images");
        }
        return subset(range(Math.min(n, size())));
    }

    /** All images in an order drawn from {@code seed}. */
    public Dataset shuffled(long seed) {
        return subset(permutation(size(), seed));
    }

    /**
     * Divides the images into a training part of {@code round(trainFraction × size())} images and a test part holding
     * the rest, both in an order drawn from {@code seed}. The split is stratified: each class gives the training part
     * its share of images (largest remainders get the rounding), so both parts keep the whole's class balance, which
     * matters for the small UCI set.
     */
    public Split split(double trainFraction, long seed) {
        if (!(trainFraction >= 0 && trainFraction <= 1)) {
            throw new IllegalArgumentException(name + ": train fraction " + trainFraction + " is outside [0, 1]");
        }
        return stratified((int) Math.round(trainFraction * size()), seed);
    }

    /** {@code n} images drawn without replacement from {@code seed}, stratified as in {@link #split}. */
    public Dataset sample(int n, long seed) {
        if (n < 0 || n > size()) {
            throw new IllegalArgumentException(name + ": cannot sample " + n + " of " + size() + " images");
        }
        return stratified(n, seed).train();
    }

    private Split stratified(int nTrain, long seed) {
        int[] quota = quotas(classCounts(), nTrain);
        int[] order = permutation(size(), seed);
        int[] train = new int[nTrain];
        int[] test = new int[size() - nTrain];
        int a = 0;
        int b = 0;
        for (int i : order) {
            int l = labels[i];
            if (quota[l] > 0) {
                quota[l]--;
                train[a++] = i;
            } else {
                test[b++] = i;
            }
        }
        return new Split(subset(train), subset(test));
    }

    /** Per-class shares of {@code total} proportional to {@code counts}, summing exactly to {@code total}. */
    static int[] quotas(int[] counts, int total) {
        long sum = Arrays.stream(counts).asLongStream().sum();
        int[] q = new int[counts.length];
        if (sum == 0) {
            return q;
        }
        long[] rem = new long[counts.length];
        int given = 0;
        for (int c = 0; c < counts.length; c++) {
            long exact = (long) counts[c] * total;
            q[c] = (int) (exact / sum);
            rem[c] = exact % sum;
            given += q[c];
        }
        // Integer remainders make the tie-break exact: larger remainder first, then lower label.
        while (given < total) {
            int best = -1;
            for (int c = 0; c < counts.length; c++) {
                if (q[c] < counts[c] && (best < 0 || rem[c] > rem[best])) {
                    best = c;
                }
            }
            q[best]++;
            rem[best] = -1;
            given++;
        }
        return q;
    }

    /** Batches of {@code batchSize} images in stored order; the last one may be smaller. */
    public Iterable<Batch> batches(int batchSize) {
        return batches(batchSize, range(size()));
    }

    /** Batches of {@code batchSize} images in an order drawn from {@code seed}; the last one may be smaller. */
    public Iterable<Batch> batches(int batchSize, long seed) {
        return batches(batchSize, permutation(size(), seed));
    }

    private Iterable<Batch> batches(int batchSize, int[] order) {
        if (batchSize < 1) {
            throw new IllegalArgumentException(name + ": batch size " + batchSize + " must be positive");
        }
        return () -> new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < order.length;
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int n = Math.min(batchSize, order.length - next);
                float[] x = new float[n * imageSize()];
                int[] y = new int[n];
                fill(order, next, n, x, y);
                next += n;
                return new Batch(x, y, n, channels, height, width);
            }
        };
    }

    /**
     * Copies images {@code order[from .. from+n)} into {@code x} (NCHW) and their labels into {@code y}, for training
     * loops that reuse one batch buffer and must not allocate.
     */
    public void fill(int[] order, int from, int n, float[] x, int[] y) {
        int per = imageSize();
        if (x.length < (long) n * per || y.length < n) {
            throw new IllegalArgumentException(name + ": buffers too small for " + n + " images");
        }
        for (int k = 0; k < n; k++) {
            int i = checkIndex(order[from + k]);
            System.arraycopy(images, i * per, x, k * per, per);
            y[k] = labels[i];
        }
    }

    /** A permutation of {@code 0 .. n-1} drawn from {@code seed} (Fisher–Yates on {@link java.util.Random}). */
    public static int[] permutation(int n, long seed) {
        return Shuffle.permutation(n, new Random(seed));
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    private int checkIndex(int i) {
        if (i < 0 || i >= labels.length) {
            throw new IndexOutOfBoundsException(name + ": image " + i + " outside [0, " + labels.length + ")");
        }
        return i;
    }

    @Override
    public String toString() {
        return name + " (" + size() + " images, " + channels + "x" + height + "x" + width + ", " + numClasses
                + " classes)";
    }
}
