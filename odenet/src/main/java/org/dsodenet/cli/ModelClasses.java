package org.dsodenet.cli;

import org.dsodenet.data.DataFormatException;
import org.dsodenet.data.Dataset;

/**
 * Labels must name one of the model's classes: a label past the classifier's outputs would otherwise surface deep in
 * the loss or the confusion matrix as an array index error that names neither the file nor the label.
 */
final class ModelClasses {
    private ModelClasses() {}

    /** Throws, naming {@code source}, the first offending label and the model's class count, if a label is too big. */
    static void check(String source, Dataset d, int classes) {
        for (int i = 0; i < d.size(); i++) {
            int y = d.label(i);
            if (y >= classes) {
                String name = y < d.classNames().size() ? d.classNames().get(y) : String.valueOf(y);
                // Named classes (image folders) were counted, not inferred from the largest label: worth saying.
                boolean named = !name.equals(String.valueOf(y));
                throw new DataFormatException(source, "label " + y + (named ? " ('" + name + "')" : "") + " of image "
                        + i + " is outside the model's " + classes + " classes (0.." + (classes - 1) + ")"
                        + (named ? "; the data has " + d.numClasses() + " classes" : ""));
            }
        }
    }
}
