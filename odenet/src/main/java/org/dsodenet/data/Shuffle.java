package org.dsodenet.data;

import java.util.random.RandomGenerator;

/**
 * The one Fisher–Yates shuffle of the data and training code. The split, subsets and the batch order all depend on
 * its exact sequence of draws ({@code nextInt(i + 1)} for i from n-1 down to 1), which the seeds of earlier runs
 * reproduce, so it must stay this one loop.
 */
public final class Shuffle {
    private Shuffle() {}

    /** {@code 0 .. n-1} in an order drawn from {@code rnd}. */
    public static int[] permutation(int n, RandomGenerator rnd) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
