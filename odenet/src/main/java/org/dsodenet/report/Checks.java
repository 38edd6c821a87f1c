package org.dsodenet.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Argument checks shared by the report records, each failing with a one-line message that names the field. */
final class Checks {
    private Checks() {}

    static String text(String field, String s) {
        if (s == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        return s;
    }

    static String nonBlank(String field, String s) {
        if (text(field, s).isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return s;
    }

    /** Optional text: null becomes the empty string so renderers never meet null. */
    static String optional(String s) {
        return s == null ? "" : s;
    }

    /** An unmodifiable copy; null stands for an empty list, a null element is refused. */
    static <T> List<T> list(String field, List<T> in) {
        if (in == null) {
            return List.of();
        }
        List<T> out = new ArrayList<>(in.size());
        for (int i = 0; i < in.size(); i++) {
            T t = in.get(i);
            if (t == null) {
                throw new IllegalArgumentException(field + "[" + i + "] must not be null");
            }
            out.add(t);
        }
        return Collections.unmodifiableList(out);
    }

    static long count(String field, long n) {
        if (n < 0) {
            throw new IllegalArgumentException(field + " must be >= 0, got " + n);
        }
        return n;
    }

    static int count(String field, int n) {
        if (n < 0) {
            throw new IllegalArgumentException(field + " must be >= 0, got " + n);
        }
        return n;
    }

    /** A non-negative measurement; NaN means "not measured" and is kept. */
    static double magnitude(String field, double v) {
        if (v < 0 || v == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(field + " must be finite and >= 0 (or NaN if unknown), got " + v);
        }
        return v;
    }
}
