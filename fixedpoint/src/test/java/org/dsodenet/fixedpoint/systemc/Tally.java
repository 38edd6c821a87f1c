package org.dsodenet.fixedpoint.systemc;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Counts of a differential run: results compared, results left out per documented corner, and mismatches. */
final class Tally {
    long requests;
    long compared;
    final Map<SystemcDifference, Long> excluded = new EnumMap<>(SystemcDifference.class);
    final List<String> mismatches = new ArrayList<>();

    void exclude(SystemcDifference d) {
        excluded.merge(d, 1L, Long::sum);
    }

    long excludedTotal() {
        return excluded.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Compares one result; a disagreement is recorded with its description. */
    void compare(Object java, Object systemc, String what) {
        compared++;
        if (!java.equals(systemc)) {
            mismatches.add(what + ": Java " + java + ", SystemC " + systemc);
        }
    }

    void add(Tally other) {
        requests += other.requests;
        compared += other.compared;
        other.excluded.forEach((k, v) -> excluded.merge(k, v, Long::sum));
        mismatches.addAll(other.mismatches);
    }

    @Override
    public String toString() {
        return requests + " requests, " + compared + " results compared, " + excludedTotal()
                + " left out as documented differences " + excluded + ", " + mismatches.size() + " mismatches";
    }
}
