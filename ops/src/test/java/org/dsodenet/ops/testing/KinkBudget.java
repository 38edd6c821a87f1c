package org.dsodenet.ops.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Counts coordinates skipped at ReLU kinks over a property run; most coordinates must have been checked. */
public final class KinkBudget {
    private long skipped;
    private long checked;

    /** Records one example's result and passes it through. */
    public synchronized GradCheck.Result add(GradCheck.Result r) {
        skipped += r.skipped();
        checked += r.checked();
        return r;
    }

    /** At most {@code fraction} of all coordinates may have been skipped. */
    public synchronized void assertBelow(double fraction) {
        assertTrue(checked > 0, "nothing was checked");
        assertTrue(skipped <= fraction * checked, skipped + " of " + checked + " coordinates sat on ReLU kinks");
    }
}
