package org.dsodenet.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParetoTest {
    @Test
    void aSmallExample() {
        // (accuracy, cost): b is beaten by a (as accurate, cheaper), d by c; e ties a exactly and stays.
        double[] acc = {0.9, 0.9, 0.95, 0.8, 0.9};
        double[] cost = {10, 12, 20, 25, 10};
        assertArrayEquals(new boolean[] {true, false, true, false, true}, Pareto.front(acc, cost));
    }

    @Test
    void everyPointOffTheFrontIsBeatenByOneOnItAndNoPointOnItIsBeaten() {
        // Small integer ranges make ties frequent, which is where a strict/non-strict slip would show.
        qt().forAll(lists().of(integers().between(0, 6)).ofSizeBetween(0, 12),
                lists().of(integers().between(0, 6)).ofSizeBetween(12, 12)).checkAssert((accs, costs) -> {
                    int n = accs.size();
                    double[] a = accs.stream().mapToDouble(Integer::doubleValue).toArray();
                    double[] c = costs.subList(0, n).stream().mapToDouble(Integer::doubleValue).toArray();
                    boolean[] f = Pareto.front(a, c);
                    for (int i = 0; i < n; i++) {
                        boolean beatenByFront = false;
                        boolean beatenByAny = false;
                        for (int j = 0; j < n; j++) {
                            boolean beats = a[j] >= a[i] && c[j] <= c[i] && (a[j] > a[i] || c[j] < c[i]);
                            beatenByAny |= beats;
                            beatenByFront |= beats && f[j];
                        }
                        if (f[i] == beatenByAny || (!f[i] && !beatenByFront)) {
                            throw new AssertionError("point " + i + " of " + List.of(accs, costs));
                        }
                    }
                });
    }
}
