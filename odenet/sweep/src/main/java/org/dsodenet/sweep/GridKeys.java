package org.dsodenet.sweep;

import java.util.List;

/** The keys a grid may set, each mapped to one CLI option of the pipeline's commands (see {@link CellCommands}). */
public final class GridKeys {
    private GridKeys() {}

    public static final String ARCH = "arch";
    public static final String CHANNELS = "channels";
    public static final String STEPS = "steps";
    public static final String DOWNSAMPLE = "downsample";
    public static final String PRECISION = "precision";
    public static final String LAYER_PRECISION = "layerPrecision";
    public static final String QAT_EPOCHS = "qatEpochs";
    public static final String METHOD = "method";
    public static final String KD_WEIGHT = "kdWeight";
    public static final String ALIGN_WEIGHT = "alignWeight";
    public static final String IM_WEIGHT = "imWeight";
    public static final String PSEUDO_WEIGHT = "pseudoWeight";
    public static final String SEED = "seed";
    public static final String SOURCE = "source";
    public static final String TARGET = "target";
    public static final String EPOCHS = "epochs";
    public static final String ADAPT_EPOCHS = "adaptEpochs";
    public static final String MAX_IMAGES = "maxImages";
    public static final String EVAL_IMAGES = "evalImages";
    public static final String CALIB_IMAGES = "calibImages";
    public static final String LR = "lr";
    public static final String PART = "part";
    public static final String CLOCK = "clock";

    /** An axis whose values are objects setting source and target together (a domain pair). */
    public static final String DOMAINS = "domains";

    /** Separates layer-precision rules inside one cell value; a rule never contains a newline. */
    static final String RULE_SEPARATOR = "\n";

    public static final List<String> ALL = List.of(ARCH, CHANNELS, STEPS, DOWNSAMPLE, PRECISION, LAYER_PRECISION,
            QAT_EPOCHS, METHOD, KD_WEIGHT, ALIGN_WEIGHT, IM_WEIGHT, PSEUDO_WEIGHT, SEED, SOURCE, TARGET, EPOCHS,
            ADAPT_EPOCHS, MAX_IMAGES, EVAL_IMAGES, CALIB_IMAGES, LR, PART, CLOCK);
}
