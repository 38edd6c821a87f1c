package org.dsodenet.data.transform;

import org.dsodenet.data.Dataset;

/**
 * Functions that turn one dataset into another of a different shape or value range: bilinear resize, padding, centre
 * crop, grey ↔ RGB, per-channel normalisation, and {@link #match} to fit a model's input. Every function returns a
 * new dataset with the same labels, order and name; none changes its argument.
 */
public final class Transforms {
    /** ITU-R BT.601 luma weights, the usual grey conversion (also what MNIST-M papers use). */
    private static final float LUMA_R = 0.299f;
    private static final float LUMA_G = 0.587f;
    private static final float LUMA_B = 0.114f;

    private Transforms() {}

    /** Resizes every image to {@code h × w} with a bilinear (triangle) filter; see {@link Resampler}. */
    public static Dataset resize(Dataset d, int h, int w) {
        positive(d, h, w);
        if (h == d.height() && w == d.width()) {
            return d;
        }
        int c = d.channels();
        int H = d.height();
        int W = d.width();
        Resampler rx = new Resampler(W, w);
        Resampler ry = new Resampler(H, h);
        float[] src = d.images();
        float[] dst = new float[d.size() * c * h * w];
        float[] tmp = new float[H * w];
        for (int p = 0; p < d.size() * c; p++) {
            // rows first (H lines of W → w), then columns (w lines of H → h)
            rx.apply(src, p * H * W, W, 1, tmp, 0, w, 1, H);
            ry.apply(tmp, 0, 1, w, dst, p * h * w, 1, w, w);
        }
        return rebuild(d, dst, c, h, w);
    }

    /** Adds {@code top}, {@code bottom}, {@code left}, {@code right} rows and columns of {@code value} around images. */
    public static Dataset pad(Dataset d, int top, int bottom, int left, int right, float value) {
        if (top < 0 || bottom < 0 || left < 0 || right < 0) {
            throw new IllegalArgumentException(d.name() + ": padding " + top + "," + bottom + "," + left + "," + right
                    + " must not be negative");
        }
        if (!Float.isFinite(value)) {
            throw new IllegalArgumentException(d.name() + ": padding value " + value + " is not finite");
        }
        if (top == 0 && bottom == 0 && left == 0 && right == 0) {
            return d;
        }
        int c = d.channels();
        int H = d.height();
        int W = d.width();
        int h = H + top + bottom;
        int w = W + left + right;
        float[] src = d.images();
        float[] dst = new float[d.size() * c * h * w];
        if (value != 0f) {
            java.util.Arrays.fill(dst, value);
        }
        for (int p = 0; p < d.size() * c; p++) {
            for (int y = 0; y < H; y++) {
                System.arraycopy(src, (p * H + y) * W, dst, (p * h + y + top) * w + left, W);
            }
        }
        return rebuild(d, dst, c, h, w);
    }

    /** Pads images to {@code h × w} with {@code value}, centred (an odd remainder goes to the bottom and right). */
    public static Dataset padTo(Dataset d, int h, int w, float value) {
        if (h < d.height() || w < d.width()) {
            throw new IllegalArgumentException(d.name() + ": cannot pad " + d.height() + "x" + d.width() + " to " + h
                    + "x" + w);
        }
        int dh = h - d.height();
        int dw = w - d.width();
        return pad(d, dh / 2, dh - dh / 2, dw / 2, dw - dw / 2, value);
    }

    /** Cuts the central {@code h × w} window (an odd remainder is cut from the bottom and right). */
    public static Dataset centerCrop(Dataset d, int h, int w) {
        positive(d, h, w);
        if (h > d.height() || w > d.width()) {
            throw new IllegalArgumentException(d.name() + ": cannot crop " + d.height() + "x" + d.width() + " to " + h
                    + "x" + w);
        }
        int c = d.channels();
        int H = d.height();
        int W = d.width();
        int top = (H - h) / 2;
        int left = (W - w) / 2;
        float[] src = d.images();
        float[] dst = new float[d.size() * c * h * w];
        for (int p = 0; p < d.size() * c; p++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(src, (p * H + y + top) * W + left, dst, (p * h + y) * w, w);
            }
        }
        return rebuild(d, dst, c, h, w);
    }

    /** One channel: BT.601 luma of RGB images; grey images are returned as they are. */
    public static Dataset toGrey(Dataset d) {
        if (d.channels() == 1) {
            return d;
        }
        requireChannels(d, 3);
        int plane = d.height() * d.width();
        float[] src = d.images();
        float[] dst = new float[d.size() * plane];
        for (int i = 0; i < d.size(); i++) {
            int s = i * 3 * plane;
            for (int k = 0; k < plane; k++) {
                dst[i * plane + k] = LUMA_R * src[s + k] + LUMA_G * src[s + plane + k] + LUMA_B * src[s + 2 * plane + k];
            }
        }
        return rebuild(d, dst, 1, d.height(), d.width());
    }

    /** Three channels: grey images repeat their plane in R, G and B; RGB images are returned as they are. */
    public static Dataset toRgb(Dataset d) {
        if (d.channels() == 3) {
            return d;
        }
        requireChannels(d, 1);
        int plane = d.height() * d.width();
        float[] src = d.images();
        float[] dst = new float[d.size() * 3 * plane];
        for (int i = 0; i < d.size(); i++) {
            for (int c = 0; c < 3; c++) {
                System.arraycopy(src, i * plane, dst, (i * 3 + c) * plane, plane);
            }
        }
        return rebuild(d, dst, 3, d.height(), d.width());
    }

    /** {@link #toGrey} for 1 channel, {@link #toRgb} for 3. */
    public static Dataset toChannels(Dataset d, int channels) {
        return switch (channels) {
            case 1 -> toGrey(d);
            case 3 -> toRgb(d);
            default -> throw new IllegalArgumentException(d.name() + ": can convert to 1 or 3 channels, not "
                    + channels);
        };
    }

    /** Mean and (population) standard deviation of each channel over all images and pixels. */
    public static ChannelStats stats(Dataset d) {
        int c = d.channels();
        int plane = d.height() * d.width();
        double[] sum = new double[c];
        double[] sq = new double[c];
        float[] x = d.images();
        for (int i = 0; i < d.size(); i++) {
            for (int ch = 0; ch < c; ch++) {
                int off = (i * c + ch) * plane;
                for (int k = 0; k < plane; k++) {
                    double v = x[off + k];
                    sum[ch] += v;
                    sq[ch] += v * v;
                }
            }
        }
        float[] mean = new float[c];
        float[] std = new float[c];
        double n = (double) d.size() * plane;
        for (int ch = 0; ch < c; ch++) {
            double m = n == 0 ? 0 : sum[ch] / n;
            mean[ch] = (float) m;
            std[ch] = (float) Math.sqrt(Math.max(0, n == 0 ? 0 : sq[ch] / n - m * m));
        }
        return new ChannelStats(mean, std);
    }

    /** (value − mean[c]) / std[c] for every channel c. */
    public static Dataset normalise(Dataset d, ChannelStats s) {
        float[] mean = s.mean();
        float[] std = s.std();
        int c = d.channels();
        if (mean.length != c) {
            throw new IllegalArgumentException(d.name() + ": " + mean.length + " channel statistics for " + c
                    + " channels");
        }
        for (int ch = 0; ch < c; ch++) {
            if (!(std[ch] > 0) || !Float.isFinite(std[ch]) || !Float.isFinite(mean[ch])) {
                throw new IllegalArgumentException(d.name() + ": channel " + ch + " has mean " + mean[ch]
                        + " and std " + std[ch] + "; std must be positive and both finite");
            }
        }
        int plane = d.height() * d.width();
        float[] x = d.images();
        for (int i = 0; i < d.size(); i++) {
            for (int ch = 0; ch < c; ch++) {
                int off = (i * c + ch) * plane;
                for (int k = 0; k < plane; k++) {
                    x[off + k] = (x[off + k] - mean[ch]) / std[ch];
                }
            }
        }
        return rebuild(d, x, c, d.height(), d.width());
    }

    /** The same mean and std for every channel. */
    public static Dataset normalise(Dataset d, float mean, float std) {
        float[] m = new float[d.channels()];
        float[] s = new float[d.channels()];
        java.util.Arrays.fill(m, mean);
        java.util.Arrays.fill(s, std);
        return normalise(d, new ChannelStats(m, s));
    }

    /** {@link #match(Dataset, int, int, int, int)} with no margin: images are scaled to touch the frame. */
    public static Dataset match(Dataset d, int channels, int h, int w) {
        return match(d, channels, h, w, 0);
    }

    /**
     * Makes {@code d} fit a model input of {@code channels × h × w}: converts channels (grey ↔ RGB), scales images
     * keeping their aspect ratio so they fit the frame less {@code margin} pixels on each side, and pads the rest with 0
     * (centred). Loaders already put values in [0, 1] (the UCI digits' levels 0..16 become 0, 1/16, …, 1), so matching
     * the UCI set to an MNIST model is {@code match(uci, 1, 28, 28, 4)}: 8×8 → 20×20 inside a 4-pixel border, the way
     * MNIST digits sit in their 28×28 frame. A dataset that already fits is returned as it is.
     */
    public static Dataset match(Dataset d, int channels, int h, int w, int margin) {
        positive(d, h, w);
        if (margin < 0 || 2 * margin >= h || 2 * margin >= w) {
            throw new IllegalArgumentException(d.name() + ": margin " + margin + " leaves no room in " + h + "x" + w);
        }
        Dataset out = toChannels(d, channels);
        int ih = h - 2 * margin;
        int iw = w - 2 * margin;
        double s = Math.min((double) ih / out.height(), (double) iw / out.width());
        int nh = Math.max(1, Math.min(ih, (int) Math.round(out.height() * s)));
        int nw = Math.max(1, Math.min(iw, (int) Math.round(out.width() * s)));
        out = resize(out, nh, nw);
        return padTo(out, h, w, 0f);
    }

    private static Dataset rebuild(Dataset d, float[] x, int c, int h, int w) {
        return Dataset.of(d.name(), x, d.labels(), c, h, w, d.numClasses(), d.classNames());
    }

    private static void positive(Dataset d, int h, int w) {
        if (h < 1 || w < 1) {
            throw new IllegalArgumentException(d.name() + ": size " + h + "x" + w + " must be positive");
        }
    }

    private static void requireChannels(Dataset d, int expected) {
        if (d.channels() != expected) {
            throw new IllegalArgumentException(d.name() + ": has " + d.channels() + " channels, expected 1 or 3");
        }
    }
}
