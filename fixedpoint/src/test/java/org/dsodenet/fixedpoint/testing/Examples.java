package org.dsodenet.fixedpoint.testing;

/**
 * Example counts for QuickTheories properties. A count given with {@code withExamples} overrides QuickTheories'
 * own {@code QT_EXAMPLES}, so the explore profile ({@code mvn -Pexplore verify}) multiplies the written counts by
 * the system property {@value #FACTOR} instead; the default build leaves them as written.
 */
public final class Examples {
    /** System property holding the factor, a positive integer; absent means 1. */
    public static final String FACTOR = "dsodenet.examples.factor";

    private Examples() {}

    /** {@code n} times the factor of this run. */
    public static int scaled(int n) {
        return scaled(n, System.getProperty(FACTOR));
    }

    static int scaled(int n, String factor) {
        if (factor == null) {
            return n;
        }
        int f;
        try {
            f = Integer.parseInt(factor.trim());
        } catch (NumberFormatException e) {
            f = 0;
        }
        if (f < 1) {
            throw new IllegalArgumentException(FACTOR + " must be a positive integer, not '" + factor + "'");
        }
        return Math.multiplyExact(n, f);
    }
}
