package org.dsodenet.data.io;

import org.dsodenet.data.DataFormatException;
import org.dsodenet.data.DataSpec;

/** The class count of loaded labels: the {@code classes} option if given (every label must be below it), else max+1. */
final class LabelCheck {
    private LabelCheck() {}

    static int numClasses(String source, int[] labels, DataSpec spec) {
        int max = -1;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                throw new DataFormatException(source, "label " + labels[i] + " of image " + i + " is negative");
            }
            max = Math.max(max, labels[i]);
        }
        int k = spec.intOption("classes", Math.max(max + 1, 1), 65536);
        if (max >= k) {
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] >= k) {
                    throw new DataFormatException(source, "label " + labels[i] + " of image " + i
                            + " is outside [0, " + k + ") (classes=" + k + ")");
                }
            }
        }
        return k;
    }

    /** The name option, else the file name without {@code .gz} and its last extension. */
    static String name(java.nio.file.Path file, DataSpec spec) {
        String n = spec.option("name");
        if (n != null) {
            return n;
        }
        String s = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        if (s.endsWith(".gz")) {
            s = s.substring(0, s.length() - 3);
        }
        int dot = s.lastIndexOf('.');
        return dot > 0 ? s.substring(0, dot) : s;
    }
}
