package org.dsodenet.ops.conv;

/**
 * Sliding-window geometry of a convolution: square kernel {@code k}, {@code stride} and symmetric zero
 * {@code pad}. Padding must be smaller than the kernel so that every output sees at least one input pixel.
 */
public record Window(int k, int stride, int pad) {
    public Window {
        if (k < 1 || stride < 1 || pad < 0 || pad >= k) {
            throw new IllegalArgumentException("invalid kernel " + k + ", stride " + stride + ", padding " + pad);
        }
    }

    /** Output length along one axis for an input of {@code size}; throws when the kernel does not fit. */
    public int outSize(int size) {
        if (size + 2 * pad < k) {
            throw new IllegalArgumentException("kernel " + k + " does not fit input size " + size + " with padding "
                    + pad);
        }
        return (size + 2 * pad - k) / stride + 1;
    }

    /** First output index whose tap at kernel offset {@code kOff} lands inside an input of {@code size}. */
    int lo(int kOff) {
        int d = kOff - pad;
        return d >= 0 ? 0 : (-d + stride - 1) / stride;
    }

    /** One past the last output index whose tap at {@code kOff} lands inside the input (bounded by {@code out}). */
    int hi(int kOff, int size, int out) {
        int last = size - 1 - (kOff - pad);
        if (last < 0) {
            return 0;
        }
        return Math.min(out, last / stride + 1);
    }
}
