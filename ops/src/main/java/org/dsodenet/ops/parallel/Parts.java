package org.dsodenet.ops.parallel;

/**
 * A batch of {@code samples} cut into {@code count} contiguous parts of near-equal size, the p-th being samples
 * {@code [from(p), to(p))}.
 */
public record Parts(int samples, int count) {
    public Parts {
        if (count < 1 || count > Math.max(1, samples)) {
            throw new IllegalArgumentException("cannot cut " + samples + " samples into " + count + " parts");
        }
    }

    /**
     * Parts of about {@code target} samples for {@code threads} threads: a multiple of the thread count (a last
     * round with fewer parts than threads leaves threads idle), at most one per sample.
     */
    public static Parts of(int samples, int threads, int target) {
        int round = threads * target;
        return new Parts(samples, Math.max(1, Math.min(samples, threads * ((samples + round - 1) / round))));
    }

    /**
     * Parts of at least {@code least} samples for {@code threads} threads where the batch holds that many per thread
     * (else one part per thread), in whole rounds of threads, at most one per sample: as many rounds as keep every
     * part at {@code least} samples or more. For work whose cost per sample falls with the part's size, where
     * {@link #of}'s rounding up would cut a batch of 20 on two threads into four parts of 5 instead of two of 10.
     */
    public static Parts atLeast(int samples, int threads, int least) {
        int rounds = Math.max(1, samples / (threads * least));
        return new Parts(samples, Math.max(1, Math.min(samples, threads * rounds)));
    }

    public int from(int p) {
        return (int) ((long) samples * p / count);
    }

    public int to(int p) {
        return from(p + 1);
    }

    public int size(int p) {
        return to(p) - from(p);
    }
}
