package org.dsodenet.odenet.training;

import java.util.Locale;

/** How target-domain data enters training. Target labels are never used, except by TARGET_ORACLE (the ceiling). */
public enum Method {
    /** Source labels only: the baseline. */
    SOURCE_ONLY,
    /** Source labels plus feature alignment (MMD) between source and unlabeled target batches. */
    MMD,
    /** Source labels plus CORAL feature alignment. */
    CORAL,
    /**
     * The paper's edge setting: source labels, the float teacher's softened predictions on unlabeled target images
     * (knowledge distillation), and MMD feature alignment.
     */
    DISTILL,
    /** Domain-adversarial training: a domain classifier behind a gradient-reversal layer. */
    DANN,
    /** Trained on the target's labels: the ceiling, for comparison only. */
    TARGET_ORACLE;

    public static Method parse(String s) {
        try {
            return valueOf(s.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown method '" + s
                    + "' (source-only, mmd, coral, distill, dann, target-oracle)");
        }
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether the method trains on unlabeled target batches alongside the source. */
    public boolean usesTarget() {
        return this == MMD || this == CORAL || this == DISTILL || this == DANN;
    }
}
