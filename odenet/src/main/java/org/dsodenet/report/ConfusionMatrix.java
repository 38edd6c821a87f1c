package org.dsodenet.report;

import java.util.List;

/**
 * Counts of true class (rows) against predicted class (columns) for one model on one dataset.
 *
 * @param title  what was evaluated, e.g. "uci-digits · distill · fx16"
 * @param labels class names, one per row and column
 * @param counts square, non-negative; copied
 */
public record ConfusionMatrix(String title, List<String> labels, int[][] counts) {
    public ConfusionMatrix {
        Checks.nonBlank("confusion matrix title", title);
        labels = Checks.list("confusion matrix labels", labels);
        if (labels.isEmpty() || counts == null || counts.length != labels.size()) {
            throw new IllegalArgumentException("confusion matrix needs one row per label");
        }
        int[][] copy = new int[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == null || counts[i].length != labels.size()) {
                throw new IllegalArgumentException("confusion matrix row " + i + " needs " + labels.size() + " counts");
            }
            for (int c : counts[i]) {
                if (c < 0) {
                    throw new IllegalArgumentException("confusion matrix counts must be non-negative");
                }
            }
            copy[i] = counts[i].clone();
        }
        counts = copy;
    }

    /** Labels 0..n-1, for datasets whose classes are the digits. */
    public static ConfusionMatrix ofDigits(String title, int[][] counts) {
        return new ConfusionMatrix(title, java.util.stream.IntStream.range(0, counts.length).mapToObj(String::valueOf)
                .toList(), counts);
    }

    /** Counts are copied on the way in and out, so the record stays immutable. */
    @Override
    public int[][] counts() {
        int[][] copy = new int[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    public long rowTotal(int row) {
        long s = 0;
        for (int c : counts[row]) {
            s += c;
        }
        return s;
    }

    public int count(int row, int col) {
        return counts[row][col];
    }
}
