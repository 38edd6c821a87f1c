package org.dsodenet.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A named curve, e.g. "source train". Points are drawn in list order; a NaN or infinite point breaks the line.
 *
 * @param name   legend label
 * @param points points in drawing order (copied)
 */
public record Series(String name, List<Point> points) {
    public Series {
        Checks.nonBlank("series name", name);
        points = Checks.list("series '" + name + "' points", points);
    }

    /** A series with x = 1, 2, 3, ... (epochs) for the given y values. */
    public static Series ofY(String name, double... ys) {
        List<Point> p = new ArrayList<>(ys.length);
        for (int i = 0; i < ys.length; i++) {
            p.add(new Point(i + 1, ys[i]));
        }
        return new Series(name, p);
    }

    /** A series from parallel coordinate arrays of equal length. */
    public static Series of(String name, double[] xs, double[] ys) {
        if (xs.length != ys.length) {
            throw new IllegalArgumentException("series '" + name + "': " + xs.length + " x values but " + ys.length
                    + " y values");
        }
        List<Point> p = new ArrayList<>(xs.length);
        for (int i = 0; i < xs.length; i++) {
            p.add(new Point(xs[i], ys[i]));
        }
        return new Series(name, p);
    }
}
