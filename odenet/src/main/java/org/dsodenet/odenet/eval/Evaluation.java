package org.dsodenet.odenet.eval;

/** Accuracy and confusion matrix ({@code confusion[true][predicted]}) over a labelled dataset. */
public record Evaluation(int correct, int total, int[][] confusion) {
    public double accuracy() {
        return total == 0 ? 0 : (double) correct / total;
    }

    static Evaluation of(int[] labels, int[] predicted, int classes) {
        int[][] m = new int[classes][classes];
        int ok = 0;
        for (int i = 0; i < labels.length; i++) {
            m[labels[i]][predicted[i]]++;
            if (labels[i] == predicted[i]) {
                ok++;
            }
        }
        return new Evaluation(ok, labels.length, m);
    }
}
