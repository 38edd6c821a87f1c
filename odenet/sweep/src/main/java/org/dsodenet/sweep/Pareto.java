package org.dsodenet.sweep;

/** The accuracy–cost frontier: the points no other point beats on both (higher accuracy, lower cost). */
public final class Pareto {
    private Pareto() {}

    /** {@code front[i]}: no point j has {@code acc[j] >= acc[i]} and {@code cost[j] <= cost[i]} with one strictly. */
    public static boolean[] front(double[] acc, double[] cost) {
        if (acc.length != cost.length) {
            throw new IllegalArgumentException("accuracy and cost differ in length");
        }
        boolean[] f = new boolean[acc.length];
        for (int i = 0; i < acc.length; i++) {
            f[i] = true;
            for (int j = 0; j < acc.length && f[i]; j++) {
                if (acc[j] >= acc[i] && cost[j] <= cost[i] && (acc[j] > acc[i] || cost[j] < cost[i])) {
                    f[i] = false;
                }
            }
        }
        return f;
    }
}
